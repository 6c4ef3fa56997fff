package io.tensors.shell;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tsr shell} (and {@code tsr} alone on a terminal): the interactive shell over the same commands. */
@Command(name = "shell",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr shell", "  tsr shell --db other.db"}, mixinStandardHelpOptions = true,
        description = {"Interactive shell: every tsr command (without 'tsr'), tab completion, history.",
            "'js EXPR' evaluates JavaScript; 'js' alone enters a JavaScript mode ('.exit' or Ctrl-D leaves).",
            "Ctrl-C stops the running command or script; Ctrl-D exits."})
final class ShellCommand implements Callable<Integer> {
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Stop a JavaScript snippet after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (timeout <= 0) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "--timeout must be at least 1 second");
        }
        return start(Commands.root(spec), Duration.ofSeconds(timeout));
    }

    /** Runs the shell on the process's terminal until Ctrl-D or 'exit'. */
    static int start(TsrCommand root, Duration timeout) {
        try (Terminal terminal = TerminalBuilder.builder().name("tsr").system(true).nativeSignals(true).build()) {
            return new Repl(terminal, root, timeout).run();
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.UNUSABLE_STATE, "cannot open the terminal: " + e.getMessage(), e);
        }
    }
}
