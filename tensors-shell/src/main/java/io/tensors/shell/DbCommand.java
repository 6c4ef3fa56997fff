package io.tensors.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tsr db}: the catalog commands. */
@Command(name = "db",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db scan ~/models", "  tsr db link", "  tsr db list --type lora"}, mixinStandardHelpOptions = true, description = "Build and query the catalog.",
        subcommands = {ScanCommand.class, LinkCommand.class, CacheCommand.class, ListCommand.class, SearchCommand.class, TriggersCommand.class, PromptsCommand.class,
            DupesCommand.class, OutdatedCommand.class, StatsCommand.class, ExportCommand.class, ImportCommand.class})
final class DbCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "tsr db needs a command: " + String.join(", ", spec.subcommands().keySet()));
    }
}
