package io.tensors.shell;

import static io.tensors.api.ErrorText.describe;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import picocli.CommandLine;

/**
 * Builds the one {@link CommandLine} used by {@code main}, the shell and the tests, with the one
 * mapping from failures to exit codes (each {@link ErrorCode} has one): one line on stderr, a stack
 * trace only with -x.
 */
public final class Cli {
    private Cli() {}

    public static CommandLine create(Environment environment) {
        TsrCommand root = new TsrCommand(environment);
        CommandLine cli = new CommandLine(root);
        cli.setOut(environment.out());
        cli.setErr(environment.err());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
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
