package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandTreeTest {
    private static CommandLine tree(String... line) {
        Environment env = new Environment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), false);
        return Cli.create(env, warnings -> null, line);
    }

    @Test
    void aCommandLineGetsOnlyTheCommandsItNames() {
        CommandLine list = tree("db", "list", "--db", "x.db");
        assertThat(list.getSubcommands()).containsOnlyKeys("db");
        assertThat(list.getSubcommands().get("db").getSubcommands()).containsOnlyKeys("list");
        // the inherited options reach a subcommand added after the root was built
        assertThat(list.getSubcommands().get("db").getSubcommands().get("list").getCommandSpec().findOption("--db")).isNotNull();
        assertThat(tree("info", "a.safetensors").getSubcommands()).containsOnlyKeys("info");
        assertThat(tree("--version").getSubcommands()).isEmpty();
    }

    @Test
    void helpNoCommandOrATypoGetTheWholeTreeInHelpsOrder() {
        for (String[] line : new String[][] {{}, {"--help"}, {"help", "db"}, {"dbb"}, {"db", "list", "-h"}}) {
            CommandLine whole = tree(line);
            assertThat(whole.getSubcommands().keySet()).as(String.join(" ", line)).containsExactly("db", "config", "search", "get",
                    "dl", "info", "hash", "plugins", "run", "shell", "help");
            assertThat(whole.getSubcommands().get("db").getSubcommands().keySet()).containsExactly("scan", "link", "cache", "list",
                    "search", "triggers", "prompts", "dupes", "outdated", "stats", "export", "import");
        }
        // a group named without a command of its own gets all of them (its error lists them)
        assertThat(tree("db").getSubcommands().get("db").getSubcommands()).hasSize(12);
        assertThat(tree("db", "lsit").getSubcommands().get("db").getSubcommands()).hasSize(12);
        assertThat(tree((String[]) null).getSubcommands()).hasSize(11);
    }
}
