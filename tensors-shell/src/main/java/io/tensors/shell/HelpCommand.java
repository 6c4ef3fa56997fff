package io.tensors.shell;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tsr help [COMMAND...]}: the same text as {@code tsr COMMAND... --help}, for nested commands
 * too ({@code help db list}); picocli's own help command stops at the first word.
 */
@Command(name = "help",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr help db list", "  tsr help db scan"}, description = "Explain a command: 'tsr help db list' prints what 'tsr db list --help' does.",
        helpCommand = true)
final class HelpCommand implements Callable<Integer> {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, with its parent commands: db list.")
    List<String> words = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine command = spec.root().commandLine();
        for (String word : words) {
            CommandLine sub = command.getSubcommands().get(word);
            if (sub == null) {
                String parent = command.getCommandSpec().qualifiedName();
                String list = Commands.root(spec).inShell ? ("help " + parent.replaceFirst("^tsr ?", "")).strip() : parent + " --help";
                throw new TensorsException(ErrorCode.BAD_INPUT, "'" + word + "' is not a " + parent + " command"
                        + didYouMean(command, word) + "; '" + list + "' lists them");
            }
            command = sub;
        }
        command.usage(Commands.root(spec).environment().out());
        return 0;
    }

    /** @return " (did you mean 'list'?)" for the command nearest the typo (at most 2 edits away), else "" */
    private static String didYouMean(CommandLine command, String word) {
        String best = null;
        int bestDistance = 3;
        for (String name : command.getSubcommands().keySet()) {
            int d = distance(name, word.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
