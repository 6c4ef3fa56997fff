package io.tensors.shell;

import io.tensors.engine.DefaultCatalog;
import io.tensors.engine.Settings;
import io.tensors.engine.plugin.PluginPaths;
import io.tensors.engine.plugin.PluginRegistry;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code tsr}: the root of the one command tree used by the command line and the shell. */
@Command(name = "tsr", mixinStandardHelpOptions = true, version = "tsr 0.1.0",
        description = "A catalog of your .safetensors model files, linked to CivitAI, answered offline.",
        subcommands = {DbCommand.class, InfoCommand.class, HashCommand.class, PluginsCommand.class, RunCommand.class,
            ShellCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:failed or partly failed (some files, a source)", "2:bad usage or input",
            "3:unusable state (catalog too new or locked, plugin incompatible)", "4:internal error", "130:interrupted"})
public final class TsrCommand implements Runnable {
    private final Environment environment;
    private PluginRegistry plugins;
    /** False while {@code tsr plugins} runs: the listing reports the failures itself. */
    boolean pluginWarnings = true;
    private DefaultCatalog catalog;
    private ScriptHost scripts;

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

    /**
     * @return the facade of the catalog --db (else TSR_DB, else the default) names now, created on first
     *     use (the database itself opens lazily too); in the shell each line may name another one, which
     *     replaces the one open
     */
    DefaultCatalog catalog() {
        Settings settings = Settings.fromEnvironment(environment.env(), db);
        if (catalog != null && !catalog.location().equals(settings.catalog().toAbsolutePath())) {
            catalog.close(); // the script host keeps its variables: it asks for the catalog on each call
            catalog = null;
        }
        if (catalog == null) {
            catalog = new DefaultCatalog(settings, plugins());
        }
        return catalog;
    }

    PluginRegistry plugins() {
        if (plugins == null) {
            plugins = PluginRegistry.load(TsrCommand.class.getClassLoader(), PluginPaths.of(environment.env()),
                    warning -> {
                        if (pluginWarnings) {
                            environment.err().println("tsr: warning: " + Text.sanitize(warning));
                            environment.err().flush();
                        }
                    });
        }
        return plugins;
    }

    /** @return the JavaScript host, created on first use (its engine too: plain commands never load GraalVM) */
    ScriptHost scripts() {
        if (scripts == null) {
            scripts = new ScriptHost(this::catalog, environment.out(), environment.err());
        }
        return scripts;
    }

    /** Stops the running script, if any (Ctrl-C in the shell). @return true when one was running */
    boolean interruptScript() {
        ScriptHost host = scripts;
        if (host != null && host.busy()) {
            host.interrupt();
            return true;
        }
        return false;
    }

    /** Releases the catalog (and the JavaScript engine) after a command line ran. */
    void closeCatalog() {
        if (scripts != null) {
            scripts.close();
            scripts = null;
        }
        if (catalog != null) {
            catalog.close();
            catalog = null;
        }
    }

    @Override
    public void run() {
        if (environment.interactive()) {
            ShellCommand.start(this, Duration.ofSeconds(30));
            return;
        }
        environment.out().println("tsr: a catalog of your model files. Try 'tsr db scan DIR', then 'tsr db list'; 'tsr --help' lists every command.");
        environment.out().flush();
    }
}
