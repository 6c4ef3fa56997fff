package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command explains itself the same way: a one-line summary, its options, and examples that run. */
class HelpTest {
    @TempDir
    Path dir;

    private String run(String... args) {
        StringWriter out = new StringWriter();
        int code = Cli.run(new Environment(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                Map.of("HOME", dir.toString()), false), args);
        assertThat(code).as(String.join(" ", args)).isZero();
        return out.toString();
    }

    private static List<List<String>> commands(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            List<String> next = new ArrayList<>(path);
            next.add(name);
            commands(sub, next, into);
        });
        return into;
    }

    @Test
    void everyCommandHasASummaryOptionsAndExamplesAndHelpCommandPrintsTheSame() {
        CommandLine root = Cli.create(new Environment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                Map.of("HOME", dir.toString()), false));
        List<List<String>> all = commands(root, List.of(), new ArrayList<>());
        assertThat(all).hasSizeGreaterThan(15);
        for (List<String> path : all) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            String help = path.equals(List.of("help")) ? run("help", "help") : run(args.toArray(String[]::new));
            String name = String.join(" ", path);
            assertThat(help).as(name).startsWith("Usage: tsr");
            assertThat(help.lines().skip(1).findFirst().orElse("")).as(name + ": a summary line").isNotBlank();
            assertThat(help).as(name).contains("Examples:");
            List<String> examples = help.substring(help.indexOf("Examples:")).lines().skip(1).filter(l -> !l.isBlank()).toList();
            assertThat(examples).as(name).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(l -> assertThat(l).as(name).containsPattern("^  (TSR_\\w+=\\S+ )?tsr( |$)"));
            if (!path.isEmpty() && !path.equals(List.of("help"))) {
                List<String> helpArgs = new ArrayList<>(List.of("help"));
                helpArgs.addAll(path);
                assertThat(run(helpArgs.toArray(String[]::new))).as("tsr help " + name).isEqualTo(help);
            }
        }
    }

    @Test
    void optionsAreGroupedByWhatTheyAreFor() {
        String help = run("db", "list", "--help");
        assertThat(help).containsSubsequence("Filters:", "--type", "Output:", "--json", "--wide", "Catalog:", "--db", "Help:", "--help",
                "Examples:");
        assertThat(help.substring(help.indexOf("Filters:"), help.indexOf("Output:"))).contains("--linked", "--missing")
                .doesNotContain("--json");
    }

    @Test
    void everyExampleNamesOnlyOptionsTheCommandHas() {
        CommandLine root = Cli.create(new Environment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                Map.of("HOME", dir.toString()), false));
        for (List<String> path : commands(root, List.of(), new ArrayList<>())) {
            CommandLine command = root;
            for (String word : path) {
                command = command.getSubcommands().get(word);
            }
            for (String example : command.getCommandSpec().usageMessage().footer()) {
                for (String word : example.split("\\s+")) {
                    if (word.startsWith("--")) {
                        // the example may name a subcommand's option (tsr db list --type) when it runs another command
                        CommandLine target = root;
                        for (String w : example.strip().split("\\s+")) {
                            if (target.getSubcommands().containsKey(w)) {
                                target = target.getSubcommands().get(w);
                            }
                        }
                        assertThat(target.getCommandSpec().findOption(word.split("=")[0])).as(example + ": " + word).isNotNull();
                    }
                }
            }
        }
    }
}
