package io.tensors.engine.plugin;

import io.tensors.api.ErrorCode;
import io.tensors.api.Exporter;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.ModelFormat;
import io.tensors.api.ModelSourceFactory;
import io.tensors.api.PluginInfo;
import io.tensors.api.TensorsException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The plugins and what they contribute, looked up by id: first those on the host's class path (the
 * built-ins), then each plugin jar or folder of jars found by {@link PluginPaths}, as
 * {@link PluginLoader} loaded them. Contributions reach the engine wrapped, so a call into a plugin
 * runs with its context class loader and a failure at call time is reported, not fatal.
 */
public final class PluginRegistry {
    private final List<Entry> entries;
    private final Map<String, HashAlgorithm> hashesById;
    private final Map<String, HashAlgorithm> hashesByType;
    private final Map<String, ModelSourceFactory> sourcesById;
    private final Map<String, Exporter> exportersById;
    private final List<Exporter> exporterOrder;
    private final List<HashAlgorithm> hashOrder;
    private final List<ModelFormat> formatOrder;
    private final List<String> identityRules;

    private PluginRegistry(PluginLoader loaded) {
        this.entries = List.copyOf(loaded.entries);
        this.hashesById = Collections.unmodifiableMap(new LinkedHashMap<>(loaded.hashesById));
        this.hashesByType = Collections.unmodifiableMap(new LinkedHashMap<>(loaded.hashesByType));
        this.sourcesById = Collections.unmodifiableMap(new LinkedHashMap<>(loaded.sourcesById));
        this.exportersById = Collections.unmodifiableMap(new LinkedHashMap<>(loaded.exportersById));
        this.exporterOrder = List.copyOf(loaded.exportersById.values());
        this.hashOrder = List.copyOf(loaded.hashesById.values());
        this.formatOrder = List.copyOf(loaded.formatsById.values());
        this.identityRules = List.copyOf(loaded.identityRules);
    }

    /** @return the identity rule texts of the plugins in use, in discovery order (each one a RuleSet can read) */
    public List<String> identityRules() {
        return identityRules;
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
     *     one plugin made of the jars in it) or single plugin jars, in order; see {@link PluginPaths#of}
     * @param warnings told one line per plugin that failed to load or failed later at call time
     */
    public static PluginRegistry load(ClassLoader hostLoader, List<Path> pluginPaths, Consumer<String> warnings) {
        PluginLoader loader = new PluginLoader(warnings);
        loader.loadAll(hostLoader, pluginPaths);
        for (Entry entry : loader.entries) {
            PluginInfo info = entry.info();
            if (info.problem() != null) {
                warnings.accept("plugin " + info.name() + " (" + info.origin() + ") " + info.state().text() + ": " + info.problem());
            }
        }
        return new PluginRegistry(loader);
    }

    /** A plugin as loaded, with the guard that knows whether it failed since (null for one that never loaded). */
    record Entry(PluginInfo info, PluginGuard guard) {
        PluginInfo current() {
            String disabled = guard == null ? null : guard.disabled();
            return disabled == null ? info : new PluginInfo(info.name(), info.origin(), info.apiVersion(), PluginInfo.State.DISABLED,
                    disabled, info.contributions());
        }
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

    /** @return every model format, in discovery order (the built-ins first): the order content is probed in */
    public List<ModelFormat> formats() {
        return formatOrder;
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
