package io.tensors.shell;

/** The {@code tsr} program. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(Environment.system(), args));
    }
}
