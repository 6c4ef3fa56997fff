package io.tensors.engine.plugin;

import io.tensors.api.ErrorCode;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.ModelSourceFactory;
import io.tensors.api.TensorsException;
import io.tensors.api.TensorsPlugin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The plugins found with {@link ServiceLoader} and what they contribute. Each provider is loaded and
 * asked in isolation: a broken one is recorded as failed and the others go on. The built-ins come
 * through the same path as any third-party jar.
 */
public final class PluginRegistry {
    /** Default hash set of a scan (SPEC §5). */
    public static final List<String> DEFAULT_HASHES = List.of("SHA256", "AutoV1", "AutoV2", "AutoV3", "CRC32");

    private final List<PluginInfo> plugins;
    private final Map<String, HashAlgorithm> hashesById;
    private final Map<String, HashAlgorithm> hashesByType;
    private final Map<String, ModelSourceFactory> sourcesById;

    private PluginRegistry(List<PluginInfo> plugins, Map<String, HashAlgorithm> hashesById,
            Map<String, HashAlgorithm> hashesByType, Map<String, ModelSourceFactory> sourcesById) {
        this.plugins = List.copyOf(plugins);
        this.hashesById = hashesById;
        this.hashesByType = hashesByType;
        this.sourcesById = sourcesById;
    }

    /** Loads every plugin visible to the given class loader. */
    public static PluginRegistry load(ClassLoader loader) {
        List<PluginInfo> infos = new ArrayList<>();
        Map<String, HashAlgorithm> byId = new LinkedHashMap<>();
        Map<String, HashAlgorithm> byType = new LinkedHashMap<>();
        Map<String, ModelSourceFactory> sources = new LinkedHashMap<>();
        Map<String, String> originOfId = new LinkedHashMap<>();
        Iterator<TensorsPlugin> it = ServiceLoader.load(TensorsPlugin.class, loader).iterator();
        while (true) {
            TensorsPlugin plugin;
            try {
                if (!it.hasNext()) {
                    break;
                }
                plugin = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                infos.add(PluginInfo.failed("(unknown)", "?", 0, "cannot be loaded: " + e.getMessage()));
                continue;
            }
            String origin = originOf(plugin.getClass());
            String name = plugin.getClass().getName();
            try {
                name = plugin.name();
                int version = plugin.apiVersion();
                if (version != TensorsPlugin.API_VERSION) {
                    infos.add(PluginInfo.failed(name, origin, version, "built for plugin API " + version
                            + ", this tsr supports API " + TensorsPlugin.API_VERSION));
                    continue;
                }
                List<String> ids = new ArrayList<>();
                List<String> refused = new ArrayList<>();
                for (HashAlgorithm algorithm : List.copyOf(plugin.hashAlgorithms())) {
                    String id = algorithm.id().toLowerCase(Locale.ROOT);
                    String type = algorithm.type().toLowerCase(Locale.ROOT);
                    String owner = originOfId.get(id);
                    if (owner == null && byType.containsKey(type)) {
                        owner = originOfId.get(byType.get(type).id().toLowerCase(Locale.ROOT));
                    }
                    if (owner != null) {
                        refused.add("hash '" + algorithm.id() + "' is already contributed by " + owner);
                        continue;
                    }
                    byId.put(id, algorithm);
                    byType.put(type, algorithm);
                    originOfId.put(id, name + " (" + origin + ")");
                    ids.add("hash:" + id);
                }
                for (ModelSourceFactory factory : List.copyOf(plugin.modelSources())) {
                    String key = "source:" + factory.id().toLowerCase(Locale.ROOT);
                    String owner = originOfId.get(key);
                    if (owner != null) {
                        refused.add("source '" + factory.id() + "' is already contributed by " + owner);
                        continue;
                    }
                    sources.put(factory.id().toLowerCase(Locale.ROOT), factory);
                    originOfId.put(key, name + " (" + origin + ")");
                    ids.add(key);
                }
                infos.add(new PluginInfo(name, origin, version, refused.isEmpty() ? "loaded" : "partly loaded",
                        refused.isEmpty() ? null : String.join("; ", refused), ids));
            } catch (RuntimeException | LinkageError e) {
                infos.add(PluginInfo.failed(name, origin, 0, "failed: " + e));
            }
        }
        return new PluginRegistry(infos, byId, byType, sources);
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

    /** @return every plugin, loaded or failed, in discovery order */
    public List<PluginInfo> plugins() {
        return plugins;
    }

    /** @return every model source factory, in the order sources are asked (local ones first) */
    public List<ModelSourceFactory> modelSources() {
        return sourcesById.values().stream().sorted(java.util.Comparator.comparingInt(ModelSourceFactory::priority)).toList();
    }

    /** @return every available hash algorithm */
    public Collection<HashAlgorithm> hashAlgorithms() {
        return hashesById.values();
    }

    /**
     * Resolves ids or type names (case-insensitive) to algorithms, adding those they require, bases
     * before the algorithms derived from them.
     *
     * @param names ids or types; empty means {@link #DEFAULT_HASHES}
     * @throws TensorsException BAD_INPUT naming the unknown id and listing the known ones
     */
    public List<HashAlgorithm> resolveHashes(List<String> names) {
        List<String> wanted = names.isEmpty() ? DEFAULT_HASHES : names;
        Map<String, HashAlgorithm> ordered = new LinkedHashMap<>();
        for (String name : wanted) {
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
                    + String.join(", ", hashesById.values().stream().map(HashAlgorithm::id).toList()));
        }
        return algorithm;
    }
}
