package io.tensors.shell;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The subcommands of {@code tsr} and of {@code tsr db}, in the order help lists them, and which of them a command
 * line needs. picocli builds a command's model by reading its annotations reflectively, and the whole tree took
 * half a second of every start (most of {@code tsr --version}); a command line gets only the commands it names,
 * and the whole tree when it names none (usage, a typo to suggest a name for) or asks for help.
 */
final class CommandTree {
    static final List<Class<?>> TOP = List.of(DbCommand.class, ConfigCommand.class, RemoteSearchCommand.class, GetCommand.class,
            DlCommand.class, InfoCommand.class, HashCommand.class, PluginsCommand.class, RunCommand.class, ShellCommand.class,
            HelpCommand.class);
    static final List<Class<?>> DB = List.of(ScanCommand.class, LinkCommand.class, CacheCommand.class, ListCommand.class,
            SearchCommand.class, TriggersCommand.class, PromptsCommand.class, DupesCommand.class, OutdatedCommand.class,
            StatsCommand.class, ExportCommand.class, ImportCommand.class);

    private CommandTree() {}

    /**
     * Adds to {@code root} the subcommands {@code args} needs.
     *
     * @param args the command line, or null for the whole tree (the shell, whose lines may be any command)
     */
    static void build(CommandLine root, String[] args) {
        Set<String> words = args == null ? null : new HashSet<>(Arrays.asList(args));
        boolean whole = words == null || words.contains("help") || words.contains("-h") || words.contains("--help")
                || TOP.stream().noneMatch(c -> named(c, words)) && !words.contains("--version") && !words.contains("-V");
        for (Class<?> top : TOP) {
            if (!whole && !named(top, words)) {
                continue;
            }
            if (top == DbCommand.class) {
                CommandLine db = new CommandLine(new DbCommand());
                boolean everyDb = whole || DB.stream().noneMatch(c -> named(c, words));
                for (Class<?> sub : DB) {
                    if (everyDb || named(sub, words)) {
                        db.addSubcommand(sub);
                    }
                }
                root.addSubcommand(db);
            } else {
                root.addSubcommand(top);
            }
        }
    }

    private static boolean named(Class<?> command, Set<String> words) {
        Command c = command.getAnnotation(Command.class);
        return words.contains(c.name()) || Arrays.stream(c.aliases()).anyMatch(words::contains);
    }
}
