package io.tensors.shell;

import static io.tensors.api.ErrorText.describe;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.MutuallyExclusiveArgsException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Builds the one {@link CommandLine} used by {@code main}, the shell and the tests, with the one
 * mapping from failures to exit codes (each {@link ErrorCode} has one): one line on stderr, a stack
 * trace only with -x.
 */
public final class Cli {
    private Cli() {}

    public static CommandLine create(Environment environment) {
        return create(environment, warnings -> CatalogFactory.engine(environment.env(), warnings));
    }

    /**
     * @param catalogs makes the factory of the commands' catalogs, given where plugin warnings go: the
     *     engine's, or in a test one over a small fake catalog
     */
    static CommandLine create(Environment environment, Function<Consumer<String>, CatalogFactory> catalogs) {
        return create(environment, catalogs, null);
    }

    /** @param line the command line the tree is for (only the commands it names are built), null for the whole tree */
    static CommandLine create(Environment environment, Function<Consumer<String>, CatalogFactory> catalogs, String[] line) {
        TsrCommand root = new TsrCommand(environment, catalogs);
        CommandLine cli = new CommandLine(root);
        CommandTree.build(cli, line);
        cli.setOut(environment.out());
        cli.setErr(environment.err());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        HelpSections.apply(cli);
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
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            String help = root.inShell ? ("help " + command.replaceFirst("^tsr ?", "")).strip() : command + " --help";
            environment.err().println("tsr: " + Text.sanitize(plain(e)) + "; see '" + help + "'");
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
            environment.err().println("tsr: cannot write the output" + (cause == null ? "" : ": " + AtomicFile.reason(cause)));
            environment.err().flush();
        }
        return exitCode == 0 ? ErrorCode.FAILED.exitCode() : exitCode;
    }

    /**
     * A usage error in plain words naming the option or parameter and the bad value; picocli's own
     * wording ("Unmatched argument at index 0", "is not a long") is for programmers. The commands'
     * own usage errors are already plain and pass through.
     */
    static String plain(ParameterException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof UnmatchedArgumentException u) {
            String arg = u.getUnmatched().isEmpty() ? "" : u.getUnmatched().getFirst();
            // picocli suggests 'info' for 'foo': only a name that starts as the typo does is offered
            String hint = u.getSuggestions().stream().filter(name -> startsAlike(name, arg)).findFirst()
                    .map(name -> " (did you mean '" + name + "'?)").orElse("");
            if (arg.startsWith("-") && arg.length() > 1) {
                return "unknown option '" + arg + "'" + hint;
            }
            if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
                return "'" + arg + "' is not a " + spec.qualifiedName() + " command" + hint;
            }
            return "unexpected argument '" + arg + "'" + hint;
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            ArgSpec first = m.getMissing().getFirst();
            if (first.isOption() && (message.startsWith("Missing required parameter for option") || message.startsWith("Expected parameter"))) {
                return name(first) + " needs a value (" + first.paramLabel() + ")";
            }
            return "missing " + String.join(" and ", m.getMissing().stream()
                    .map(a -> a.isOption() ? name(a) + " " + a.paramLabel() : a.paramLabel()).toList());
        }
        if (e instanceof MutuallyExclusiveArgsException) {
            Matcher names = Pattern.compile("^Error: (.*) are mutually exclusive").matcher(message);
            if (names.find()) {
                return "give only one of " + names.group(1);
            }
        }
        Matcher subcommand = Pattern.compile("^Unknown subcommand '(.*)'\\.$").matcher(message); // tsr help foo
        if (subcommand.find()) {
            return "'" + subcommand.group(1) + "' is not a " + spec.root().qualifiedName() + " command";
        }
        if (e instanceof OverwrittenOptionException o) {
            return name(o.getOverwritten()) + " can be given only once";
        }
        if (e.getCause() instanceof TypeConversionException conversion && e.getArgSpec() != null && e.getValue() != null) {
            return name(e.getArgSpec()) + ": " + notA(e.getArgSpec(), e.getValue(), conversion);
        }
        return message;
    }

    private static boolean startsAlike(String a, String b) {
        String x = a.replaceFirst("^-+", "");
        String y = b.replaceFirst("^-+", "");
        return !x.isEmpty() && !y.isEmpty() && Character.toLowerCase(x.charAt(0)) == Character.toLowerCase(y.charAt(0));
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
    }

    /** What the value should have been, for the types the commands use; a converter's own words otherwise. */
    private static String notA(ArgSpec arg, String value, TypeConversionException e) {
        Class<?> type = arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type();
        String quoted = "'" + value + "'";
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return quoted + (value.strip().matches("[-+]?[0-9]+") ? " is out of range" : " is not a whole number");
        }
        if (type == boolean.class || type == Boolean.class) {
            return quoted + " is not true or false";
        }
        if (type.isEnum()) {
            return quoted + " is not one of " + String.join(", ", Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).toList());
        }
        return quoted + ": " + describe(e);
    }

    /** Runs one command line and releases the catalog it opened. */
    public static int run(Environment environment, String... args) {
        CommandLine cli = create(environment, warnings -> CatalogFactory.engine(environment.env(), warnings), args);
        try {
            return cli.execute(args);
        } finally {
            ((TsrCommand) cli.getCommand()).closeCatalog();
        }
    }
}
