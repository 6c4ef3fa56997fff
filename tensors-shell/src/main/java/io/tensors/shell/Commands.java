package io.tensors.shell;

import picocli.CommandLine.Model.CommandSpec;

/** Small helpers shared by the commands. */
final class Commands {
    private Commands() {}

    /** @return the root command, which owns the environment and the catalog */
    static TsrCommand root(CommandSpec spec) {
        CommandSpec s = spec;
        while (s.parent() != null) {
            s = s.parent();
        }
        return (TsrCommand) s.userObject();
    }
}
