package io.tensors.engine;

import io.tensors.api.Catalog;
import io.tensors.api.PluginInfo;
import io.tensors.engine.plugin.PluginPaths;
import io.tensors.engine.plugin.PluginRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one way in for the shell: catalogs and the plugin list for an environment, in api types only.
 * The plugins load on first use, once, and every catalog opened here shares them.
 */
public final class Engine {
    private final Map<String, String> env;
    private final ClassLoader hostLoader;
    private final Consumer<String> warnings;
    private PluginRegistry plugins;

    /**
     * @param env environment variables (TSR_DB, TSR_PLUGINS, XDG_*, ...)
     * @param hostLoader the host's class loader: its class path holds the built-in plugins
     * @param warnings told one line per plugin that failed to load or failed later at call time
     */
    public Engine(Map<String, String> env, ClassLoader hostLoader, Consumer<String> warnings) {
        this.env = Objects.requireNonNull(env, "env");
        this.hostLoader = Objects.requireNonNull(hostLoader, "hostLoader");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** @return the absolute path of the catalog file {@code db} names (null: TSR_DB, else the default) */
    public Path location(Path db) {
        return Settings.fromEnvironment(env, db).catalog().toAbsolutePath();
    }

    /** @return the catalog {@code db} names (null: TSR_DB, else the default); its database opens on first need */
    public Catalog open(Path db) {
        return new DefaultCatalog(Settings.fromEnvironment(env, db), registry(), warnings);
    }

    /** @return as {@link #open(Path)}, the CivitAI key given for this run in place of CIVITAI_API_KEY and the config's */
    public Catalog open(Path db, String apiKey) {
        Map<String, String> withKey = new java.util.HashMap<>(env);
        withKey.put("CIVITAI_API_KEY", apiKey);
        return new DefaultCatalog(Settings.fromEnvironment(withKey, db), registry(), warnings);
    }

    /** @return every plugin, loaded, failed or disabled since, in discovery order */
    public List<PluginInfo> plugins() {
        return registry().plugins();
    }

    /** @return $XDG_CONFIG_HOME/tensors (default ~/.config/tensors) */
    public static Path configDir(Map<String, String> env) {
        return Settings.fromEnvironment(env, null).configDir();
    }

    private synchronized PluginRegistry registry() {
        if (plugins == null) {
            plugins = PluginRegistry.load(hostLoader, PluginPaths.of(env), warnings);
        }
        return plugins;
    }
}
