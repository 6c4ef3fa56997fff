package io.tensors.shell;

import io.tensors.engine.DefaultCatalog;
import io.tensors.engine.Settings;
import io.tensors.engine.plugin.PluginRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code tsr}: the root of the one command tree used by the command line and the shell. */
@Command(name = "tsr", mixinStandardHelpOptions = true, version = "tsr 0.1.0",
        description = "A catalog of your .safetensors model files, linked to CivitAI, answered offline.",
        subcommands = {DbCommand.class, InfoCommand.class, HashCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:failed or partly failed (some files, a source)", "2:bad usage or input",
            "3:unusable state (catalog too new or locked, plugin incompatible)", "4:internal error", "130:interrupted"})
public final class TsrCommand implements Runnable {
    private final Environment environment;
    private PluginRegistry plugins;
    private DefaultCatalog catalog;

    @Option(names = "--db", scope = ScopeType.INHERIT, paramLabel = "PATH",
            description = "Catalog file (default: $TSR_DB, else $XDG_DATA_HOME/tensors/models.db).")
    Path db;

    @Option(names = {"-x", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show the full cause (stack trace) of a failure.")
    boolean verbose;

    TsrCommand(Environment environment) {
        this.environment = environment;
    }

    Environment environment() {
        return environment;
    }

    /** @return the catalog facade, created on first use (the database itself opens lazily too) */
    DefaultCatalog catalog() {
        if (catalog == null) {
            catalog = new DefaultCatalog(Settings.fromEnvironment(environment.env(), db), plugins());
        }
        return catalog;
    }

    PluginRegistry plugins() {
        if (plugins == null) {
            plugins = PluginRegistry.load(TsrCommand.class.getClassLoader());
        }
        return plugins;
    }

    /** Releases the catalog after a command line ran. */
    void closeCatalog() {
        if (catalog != null) {
            catalog.close();
            catalog = null;
        }
    }

    @Override
    public void run() {
        environment.out().println("tsr: a catalog of your model files. Try 'tsr db scan DIR', then 'tsr db list'; 'tsr --help' lists every command.");
        environment.out().flush();
    }
}
