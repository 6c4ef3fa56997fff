package io.tensors.shell;

import io.tensors.api.ErrorCode;

/** The {@code tsr} program. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Environment env = Environment.system();
        CtrlC.install(Thread.currentThread(), env.err());
        int code = Cli.run(env, args);
        if (CtrlC.pressed() && code != ErrorCode.INTERRUPTED.exitCode()) {
            // the command finished its work anyway, or failed from the interrupt: either way it was stopped
            env.err().println(CtrlC.LINE);
            env.err().flush();
            code = ErrorCode.INTERRUPTED.exitCode();
        }
        System.exit(code);
    }
}
