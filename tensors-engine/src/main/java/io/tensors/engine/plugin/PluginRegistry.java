package io.tensors.engine.plugin;

import io.tensors.api.ErrorCode;
import io.tensors.api.ErrorText;
import io.tensors.api.Exporter;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.ModelSourceFactory;
import io.tensors.api.TensorsException;
import io.tensors.api.TensorsPlugin;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The plugins and what they contribute: first those on the host's class path (the built-ins), then
 * each plugin jar or folder of jars from the plugin directories, each in its own
 * {@link PluginClassLoader}. Every provider is instantiated and asked in isolation, with its own
 * loader as the thread's context class loader: a broken one is recorded as failed (with its jar's
 * name and the reason) and the others go on. Contributions reach the engine wrapped, so a call into
 * a plugin runs with its context class loader and a failure at call time is reported, not fatal.
 */
public final class PluginRegistry {
    /** The oldest plugin API this host runs; later SPI additions are default methods. */
    public static final int MIN_API_VERSION = 1;

    /** After this many broken providers in a row, the rest of that loader is skipped (as Log4j caps it). */
    static final int MAX_CONSECUTIVE_FAILURES = 16;

    private static final Pattern PROVIDER = Pattern.compile("Provider (\\S+)");
    private static final Pattern CLASS_FILE = Pattern.compile("^(\\S+) has been compiled");

    private final List<Entry> entries;
    private final Map<String, HashAlgorithm> hashesById;
    private final Map<String, HashAlgorithm> hashesByType;
    private final Map<String, ModelSourceFactory> sourcesById;
    private final Map<String, Exporter> exportersById;
    private final List<Exporter> exporterOrder;
    private final List<HashAlgorithm> hashOrder;

    private PluginRegistry(Loading loading) {
        this.entries = List.copyOf(loading.entries);
        this.hashesById = Collections.unmodifiableMap(new LinkedHashMap<>(loading.hashesById));
        this.hashesByType = Collections.unmodifiableMap(new LinkedHashMap<>(loading.hashesByType));
        this.sourcesById = Collections.unmodifiableMap(new LinkedHashMap<>(loading.sourcesById));
        this.exportersById = Collections.unmodifiableMap(new LinkedHashMap<>(loading.exportersById));
        this.exporterOrder = List.copyOf(loading.exportersById.values());
        this.hashOrder = List.copyOf(loading.hashesById.values());
    }

    /** Loads every plugin visible to the given class loader (the class path only). */
    public static PluginRegistry load(ClassLoader loader) {
        return load(loader, List.of(), warning -> {});
    }

    /**
     * Loads the plugins of the host's class path, then those of the plugin paths.
     *
     * @param hostLoader the loader of the host: its class path is searched, and plugin loaders get
     *     the {@code io.tensors.api} classes from it
     * @param pluginPaths plugin directories (each {@code *.jar} in one is a plugin, each sub-folder
     *     one plugin made of the jars in it) or single plugin jars, in order; see {@link #pluginPaths}
     * @param warnings told one line per plugin that failed to load or failed later at call time
     */
    public static PluginRegistry load(ClassLoader hostLoader, List<Path> pluginPaths, Consumer<String> warnings) {
        Loading loading = new Loading(warnings);
        loading.loadAll(hostLoader, null, ServiceLoader.load(TensorsPlugin.class, hostLoader).iterator());
        for (Path path : pluginPaths) {
            for (Unit unit : units(path, loading)) {
                loading.loadUnit(unit, hostLoader);
            }
        }
        for (Entry entry : loading.entries) {
            if (entry.info.problem() != null) {
                warnings.accept("plugin " + entry.info.name() + " (" + entry.info.origin() + ") " + entry.info.state() + ": "
                        + entry.info.problem());
            }
        }
        return new PluginRegistry(loading);
    }

    /**
     * The plugin paths of an environment: {@code $XDG_DATA_HOME/tensors/plugins} (default
     * {@code ~/.local/share/tensors/plugins}) when it exists, then each entry of {@code TSR_PLUGINS}
     * (a {@code :}-separated list of plugin directories or jars).
     */
    public static List<Path> pluginPaths(Map<String, String> env) {
        List<Path> paths = new ArrayList<>();
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        String xdg = env.get("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "share");
        Path standard = data.resolve("tensors").resolve("plugins");
        if (Files.isDirectory(standard)) {
            paths.add(standard);
        }
        String extra = env.get("TSR_PLUGINS");
        if (extra != null) {
            for (String entry : extra.split(Pattern.quote(File.pathSeparator))) {
                if (!entry.isBlank()) {
                    paths.add(Path.of(entry.strip()));
                }
            }
        }
        return List.copyOf(paths);
    }

    /** One plugin: a jar, or a folder of jars, loaded by one class loader. */
    private record Unit(String origin, List<Path> jars) {}

    private static List<Unit> units(Path path, Loading loading) {
        String origin = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        if (Files.isRegularFile(path)) {
            return List.of(new Unit(origin, List.of(path)));
        }
        if (!Files.isDirectory(path)) {
            loading.failed("(none)", path.toString(), 0, "plugin path does not exist");
            return List.of();
        }
        List<Unit> units = new ArrayList<>();
        try (Stream<Path> children = Files.list(path)) {
            for (Path child : children.sorted().toList()) {
                String name = child.getFileName().toString();
                if (Files.isRegularFile(child) && name.endsWith(".jar")) {
                    units.add(new Unit(name, List.of(child)));
                } else if (Files.isDirectory(child)) {
                    try (Stream<Path> jars = Files.list(child)) {
                        List<Path> found = jars.filter(j -> j.getFileName().toString().endsWith(".jar") && Files.isRegularFile(j))
                                .sorted().toList();
                        if (found.isEmpty()) {
                            loading.failed("(none)", name + "/", 0, "plugin folder holds no jar");
                        } else {
                            units.add(new Unit(name + "/", found));
                        }
                    }
                }
            }
        } catch (IOException e) {
            loading.failed("(none)", path.toString(), 0, "cannot list plugin directory: " + e);
        }
        return units;
    }

    /** A plugin as loaded, with the guard that knows whether it failed since. */
    private record Entry(PluginInfo info, PluginGuard guard) {
        PluginInfo current() {
            String disabled = guard == null ? null : guard.disabled();
            return disabled == null ? info
                    : new PluginInfo(info.name(), info.origin(), info.apiVersion(), "disabled", disabled, info.contributions());
        }
    }

    /** The state of one load: the plugins so far and the ids they took. */
    private static final class Loading {
        final Consumer<String> warnings;
        final List<Entry> entries = new ArrayList<>();
        final Map<String, HashAlgorithm> hashesById = new LinkedHashMap<>();
        final Map<String, HashAlgorithm> hashesByType = new LinkedHashMap<>();
        final Map<String, ModelSourceFactory> sourcesById = new LinkedHashMap<>();
        final Map<String, Exporter> exportersById = new LinkedHashMap<>();
        final Map<String, String> ownerOfKey = new LinkedHashMap<>();

        Loading(Consumer<String> warnings) {
            this.warnings = warnings;
        }

        void failed(String name, String origin, int apiVersion, String problem) {
            entries.add(new Entry(PluginInfo.failed(name, origin, apiVersion, problem), null));
        }

        void loadUnit(Unit unit, ClassLoader hostLoader) {
            List<URL> urls = new ArrayList<>();
            for (Path jar : unit.jars()) {
                try (JarFile ignored = new JarFile(jar.toFile())) {
                    urls.add(jar.toUri().toURL());
                } catch (IOException e) {
                    failed("(unknown)", unit.origin(), 0, "cannot read plugin jar " + jar.getFileName() + ": "
                            + ErrorText.describe(e) + "; replace it with a valid jar");
                    return;
                }
            }
            PluginClassLoader loader = new PluginClassLoader(unit.origin(), urls, hostLoader);
            int before = entries.size();
            boolean anyLoaded = withContextLoader(loader,
                    () -> loadAll(loader, unit.origin(), ServiceLoader.load(TensorsPlugin.class, loader).iterator()));
            if (entries.size() == before) {
                failed("(none)", unit.origin(), 0, "no plugin: the jar lacks META-INF/services/" + TensorsPlugin.class.getName());
            }
            if (!anyLoaded) {
                try {
                    loader.close();
                } catch (IOException e) {
                    // nothing of the plugin is in use; a leaked file handle is all that remains
                }
            }
        }

        /**
         * Walks one ServiceLoader iterator, a step at a time so that a broken provider is skipped.
         *
         * @param origin the plugin's jar or folder, or null for the class path (then each
         *     provider's own jar)
         * @return true when at least one provider loaded
         */
        boolean loadAll(ClassLoader loader, String origin, Iterator<TensorsPlugin> it) {
            boolean anyLoaded = false;
            int consecutiveFailures = 0;
            while (true) {
                TensorsPlugin plugin;
                try {
                    boolean more = withContextLoader(loader, it::hasNext);
                    if (!more) {
                        break;
                    }
                    plugin = withContextLoader(loader, it::next);
                } catch (ServiceConfigurationError | LinkageError e) {
                    failed(providerName(e), origin == null ? "class path" : origin, 0, "cannot be loaded: " + ErrorText.describe(e));
                    if (++consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
                        failed("(rest)", origin == null ? "class path" : origin, 0,
                                consecutiveFailures + " broken providers in a row: the rest of this plugin is skipped");
                        break;
                    }
                    continue;
                }
                consecutiveFailures = 0;
                Class<?> type = plugin.getClass();
                ClassLoader own = type.getClassLoader() == null ? loader : type.getClassLoader();
                anyLoaded |= register(plugin, origin == null ? originOf(type) : origin, own);
            }
            return anyLoaded;
        }

        /** Asks one plugin for everything it contributes, then takes the ids not yet taken. */
        boolean register(TensorsPlugin plugin, String origin, ClassLoader loader) {
            PluginGuard guard = new PluginGuard(plugin.getClass().getName(), origin, loader, warnings);
            String name = plugin.getClass().getName();
            int version = 0;
            List<GuardedHashAlgorithm> hashes = new ArrayList<>();
            List<GuardedSourceFactory> sources = new ArrayList<>();
            List<GuardedExporter> exporters = new ArrayList<>();
            try {
                String declared = guard.call("name()", plugin::name);
                if (declared != null && !declared.isBlank()) {
                    name = declared;
                    guard = new PluginGuard(name, origin, loader, warnings);
                }
                version = guard.call("apiVersion()", plugin::apiVersion);
                if (version < MIN_API_VERSION || version > TensorsPlugin.API_VERSION) {
                    failed(name, origin, version, "built for plugin API " + version + ", but this tsr supports API "
                            + (MIN_API_VERSION == TensorsPlugin.API_VERSION ? String.valueOf(MIN_API_VERSION)
                                    : MIN_API_VERSION + " to " + TensorsPlugin.API_VERSION)
                            + "; use a build of the plugin for this tsr");
                    return false;
                }
                for (HashAlgorithm algorithm : List.copyOf(guard.call("hashAlgorithms()", plugin::hashAlgorithms))) {
                    hashes.add(new GuardedHashAlgorithm(algorithm, guard));
                }
                for (ModelSourceFactory factory : List.copyOf(guard.call("modelSources()", plugin::modelSources))) {
                    sources.add(new GuardedSourceFactory(factory, guard));
                }
                for (Exporter exporter : List.copyOf(guard.call("exporters()", plugin::exporters))) {
                    exporters.add(new GuardedExporter(exporter, guard));
                }
            } catch (TensorsException e) {
                failed(name, origin, version, e.getMessage().replaceFirst("^plugin .*? failed in ", "failed in "));
                return false;
            } catch (RuntimeException e) {
                // a null list or a null element from the plugin
                failed(name, origin, version, "failed: " + ErrorText.describe(e));
                return false;
            }
            String owner = name + " (" + origin + ")";
            List<String> ids = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (GuardedHashAlgorithm algorithm : hashes) {
                String id = algorithm.id().toLowerCase(Locale.ROOT);
                String type = algorithm.type().toLowerCase(Locale.ROOT);
                String taken = ownerOfKey.getOrDefault("hash:" + id, ownerOfKey.get("hash-type:" + type));
                if (taken != null) {
                    refused.add("hash '" + algorithm.id() + "' of " + owner + " refused: already contributed by " + taken);
                    continue;
                }
                hashesById.put(id, algorithm);
                hashesByType.put(type, algorithm);
                ownerOfKey.put("hash:" + id, owner);
                ownerOfKey.put("hash-type:" + type, owner);
                ids.add("hash:" + id);
            }
            for (GuardedSourceFactory factory : sources) {
                String key = "source:" + factory.id().toLowerCase(Locale.ROOT);
                String taken = ownerOfKey.get(key);
                if (taken != null) {
                    refused.add("source '" + factory.id() + "' of " + owner + " refused: already contributed by " + taken);
                    continue;
                }
                sourcesById.put(factory.id().toLowerCase(Locale.ROOT), factory);
                ownerOfKey.put(key, owner);
                ids.add(key);
            }
            for (GuardedExporter exporter : exporters) {
                String key = "exporter:" + exporter.id().toLowerCase(Locale.ROOT);
                String taken = ownerOfKey.get(key);
                if (taken != null) {
                    refused.add("exporter '" + exporter.id() + "' of " + owner + " refused: already contributed by " + taken);
                    continue;
                }
                exportersById.put(exporter.id().toLowerCase(Locale.ROOT), exporter);
                ownerOfKey.put(key, owner);
                ids.add(key);
            }
            guard.started();
            String state = refused.isEmpty() ? "loaded" : ids.isEmpty() ? "failed" : "partly loaded";
            entries.add(new Entry(new PluginInfo(name, origin, version, state,
                    refused.isEmpty() ? null : String.join("; ", refused), ids), guard));
            return !ids.isEmpty() || refused.isEmpty();
        }
    }

    private static <T> T withContextLoader(ClassLoader loader, java.util.function.Supplier<T> body) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return body.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String providerName(Throwable e) {
        Matcher provider = PROVIDER.matcher(String.valueOf(e.getMessage()));
        if (provider.find()) {
            return provider.group(1);
        }
        Matcher classFile = CLASS_FILE.matcher(String.valueOf(e.getMessage()));
        if (classFile.find()) {
            return classFile.group(1).replace('/', '.');
        }
        return "(unknown)";
    }

    private static String originOf(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "class path";
        }
        String path = source.getLocation().getPath();
        int slash = path.lastIndexOf('/', path.length() - 2);
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    /** @return every plugin, loaded, failed or disabled since, in discovery order */
    public List<PluginInfo> plugins() {
        return entries.stream().map(Entry::current).toList();
    }

    /** @return every model source factory, in the order sources are asked (local ones first) */
    public List<ModelSourceFactory> modelSources() {
        return sourcesById.values().stream().sorted(Comparator.comparingInt(ModelSourceFactory::priority)).toList();
    }

    /** @return every exporter, in discovery order */
    public List<Exporter> exporters() {
        return exporterOrder;
    }

    /** @return the exporter with this id (case-insensitive), or null */
    public Exporter exporter(String id) {
        return exportersById.get(id.trim().toLowerCase(Locale.ROOT));
    }

    /** @return every available hash algorithm, in discovery order */
    public Collection<HashAlgorithm> hashAlgorithms() {
        return hashOrder;
    }

    /**
     * Resolves ids or type names (case-insensitive) to algorithms, adding those they require, bases
     * before the algorithms derived from them.
     *
     * @param names ids or types
     * @throws TensorsException BAD_INPUT naming the unknown id and listing the known ones
     */
    public List<HashAlgorithm> resolveHashes(List<String> names) {
        Map<String, HashAlgorithm> ordered = new LinkedHashMap<>();
        for (String name : names) {
            add(find(name), ordered, 0);
        }
        return List.copyOf(ordered.values());
    }

    private void add(HashAlgorithm algorithm, Map<String, HashAlgorithm> ordered, int depth) {
        if (depth > 8) {
            throw new TensorsException(ErrorCode.UNUSABLE_STATE, "hash '" + algorithm.id() + "' has circular requirements");
        }
        for (String required : algorithm.requires()) {
            add(find(required), ordered, depth + 1);
        }
        ordered.putIfAbsent(algorithm.id().toLowerCase(Locale.ROOT), algorithm);
    }

    private HashAlgorithm find(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        HashAlgorithm algorithm = hashesById.getOrDefault(key, hashesByType.get(key));
        if (algorithm == null) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "unknown hash '" + name + "': available are "
                    + String.join(", ", hashOrder.stream().map(HashAlgorithm::id).toList()));
        }
        return algorithm;
    }
}
