package io.tensors.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tsr db}: the catalog commands. */
@Command(name = "db",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db scan ~/models", "  tsr db link", "  tsr db list --type lora"}, mixinStandardHelpOptions = true, description = "Build and query the catalog.")
// its subcommands: CommandTree
final class DbCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "tsr db needs a command: " + String.join(", ", spec.subcommands().keySet()));
    }
}
