package io.tensors.shell;

import io.tensors.api.Catalog;
import io.tensors.api.PluginInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code tsr}: the root of the one command tree used by the command line and the shell. */
@Command(name = "tsr",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db scan ~/models && tsr db link", "  tsr db list --type lora", "  tsr shell"}, mixinStandardHelpOptions = true, version = "tsr 0.1.0",
        description = "A catalog of your model files (safetensors, GGUF, PyTorch pickles), linked to CivitAI, answered offline.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:failed or partly failed (some files, a source)", "2:bad usage or input",
            "3:unusable state (catalog too new or locked, plugin incompatible)", "4:internal error", "130:interrupted"})
public final class TsrCommand implements Runnable {
    private final Environment environment;
    /** Makes the catalog factory, given where plugin warnings go; kept so the shell's lines get the same kind. */
    final Function<Consumer<String>, CatalogFactory> catalogs;
    private final CatalogFactory factory;
    /** True for the shell's command tree: hints name {@code help COMMAND}, not {@code tsr COMMAND --help}. */
    boolean inShell;
    /** False while {@code tsr plugins} runs: the listing reports the failures itself. */
    boolean pluginWarnings = true;
    private Catalog catalog;
    private ScriptHost scripts;

    @Option(names = "--db", scope = ScopeType.INHERIT, paramLabel = "PATH",
            description = "Catalog file (default: $TSR_DB, else $XDG_DATA_HOME/tensors/models.db).")
    Path db;

    @Option(names = {"-x", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show the full cause (stack trace) of a failure.")
    boolean verbose;

    TsrCommand(Environment environment, Function<Consumer<String>, CatalogFactory> catalogs) {
        this.environment = environment;
        this.catalogs = catalogs;
        this.factory = catalogs.apply(warning -> {
            if (pluginWarnings) {
                environment.err().println("tsr: warning: " + Text.sanitize(warning));
                environment.err().flush();
            }
        });
    }

    Environment environment() {
        return environment;
    }

    /**
     * @return the facade of the catalog --db (else TSR_DB, else the default) names now, created on first
     *     use (the database itself opens lazily too); in the shell each line may name another one, which
     *     replaces the one open
     */
    Catalog catalog() {
        Path location = factory.location(db);
        if (catalog != null && !catalog.location().equals(location)) {
            catalog.close(); // the script host keeps its variables: it asks for the catalog on each call
            catalog = null;
        }
        if (catalog == null) {
            catalog = factory.open(db);
        }
        return catalog;
    }

    /**
     * @param apiKey a CivitAI key given for this command (--api-key), or null for the usual one
     * @return {@link #catalog()}, or with a key given, a catalog that uses it (replacing the one open)
     */
    Catalog catalog(String apiKey) {
        if (apiKey == null) {
            return catalog();
        }
        if (catalog != null) {
            catalog.close();
        }
        catalog = factory.open(db, apiKey);
        return catalog;
    }

    /** @return every plugin, loaded on first use (by this or by the first catalog) */
    List<PluginInfo> plugins() {
        return factory.plugins();
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
