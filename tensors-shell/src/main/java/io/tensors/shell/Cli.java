package io.tensors.shell;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.io.IOException;
import picocli.CommandLine;

/**
 * Builds the one {@link CommandLine} used by {@code main}, the shell and the tests, with the one
 * mapping from failures to exit codes (SPEC §6): one line on stderr, a stack trace only with -x.
 */
public final class Cli {
    private Cli() {}

    public static CommandLine create(Environment environment) {
        TsrCommand root = new TsrCommand(environment);
        CommandLine cli = new CommandLine(root);
        cli.setOut(environment.out());
        cli.setErr(environment.err());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionStrategy(parseResult -> outputChecked(environment, new CommandLine.RunLast().execute(parseResult)));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = root.verbose;
            TensorsException failure = e instanceof TensorsException t ? t
                    : new TensorsException(ErrorCode.INTERNAL, "internal error: " + describe(e) + " (run again with -x for details)", e);
            environment.err().println("tsr: " + Text.sanitize(failure.getMessage()));
            if (verbose) {
                e.printStackTrace(environment.err());
            }
            environment.err().flush();
            return failure.code().exitCode();
        });
        cli.setParameterExceptionHandler((e, args) -> {
            environment.err().println("tsr: " + e.getMessage());
            environment.err().println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            environment.err().flush();
            return ErrorCode.BAD_INPUT.exitCode();
        });
        return cli;
    }

    /**
     * A command that ran but whose output was lost (a full disk, a closed pipe) failed: PrintWriter
     * swallows write errors, so they are looked for here, once, after every command line.
     *
     * @return the command's exit code, or 1 in place of 0 when standard output could not be written
     */
    static int outputChecked(Environment environment, int exitCode) {
        if (!environment.out().checkError()) {
            return exitCode;
        }
        IOException cause = environment.out() instanceof CheckedPrintWriter checked ? checked.failure() : null;
        // 'tsr db list | head -1': the reader stopped reading on purpose; that needs no line
        if (cause == null || !"broken pipe".equalsIgnoreCase(cause.getMessage())) {
            environment.err().println("tsr: cannot write the output" + (cause == null ? "" : ": " + ExportCommand.reason(cause)));
            environment.err().flush();
        }
        return exitCode == 0 ? ErrorCode.FAILED.exitCode() : exitCode;
    }

    /** The exception's message, or its simple class name when it has none: no package names in front of users. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Runs one command line and releases the catalog it opened. */
    public static int run(Environment environment, String... args) {
        CommandLine cli = create(environment);
        try {
            return cli.execute(args);
        } finally {
            ((TsrCommand) cli.getCommand()).closeCatalog();
        }
    }
}
