package io.tensors.engine.plugin;

import static io.tensors.engine.plugin.PluginClassLoader.withContextClassLoader;

import io.tensors.api.ErrorText;
import io.tensors.api.Exporter;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.ModelFormat;
import io.tensors.api.ModelSourceFactory;
import io.tensors.api.PluginInfo;
import io.tensors.api.PluginInfo.Contribution;
import io.tensors.api.PluginInfo.Kind;
import io.tensors.api.PluginInfo.State;
import io.tensors.api.TensorsException;
import io.tensors.api.TensorsPlugin;
import io.tensors.engine.identity.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One load of the plugins (as Trino's plugin manager): each plugin's jars are checked by
 * {@link ExitCheck}, get their own {@link PluginClassLoader}, and their providers are walked one at a
 * time, each instantiated and asked in isolation with its own loader as the thread's context class
 * loader. A broken one is recorded as failed (with its jar's name and the reason) and the others go
 * on; what a plugin offers reaches the engine wrapped in its {@link PluginGuard}, once {@link Claims}
 * gave it the id.
 */
final class PluginLoader {
    /** The oldest plugin API this host runs; later SPI additions are default methods. */
    static final int MIN_API_VERSION = 1;

    /** After this many broken providers in a row, the rest of that loader is skipped (as Log4j caps it). */
    static final int MAX_CONSECUTIVE_FAILURES = 16;

    private static final Pattern PROVIDER = Pattern.compile("Provider (\\S+)");
    private static final Pattern CLASS_FILE = Pattern.compile("^(\\S+) has been compiled");

    private final Consumer<String> warnings;
    private final Claims claims = new Claims();
    final List<PluginRegistry.Entry> entries = new ArrayList<>();
    final Map<String, HashAlgorithm> hashesById = new LinkedHashMap<>();
    final Map<String, HashAlgorithm> hashesByType = new LinkedHashMap<>();
    final Map<String, ModelSourceFactory> sourcesById = new LinkedHashMap<>();
    final Map<String, Exporter> exportersById = new LinkedHashMap<>();
    final Map<String, ModelFormat> formatsById = new LinkedHashMap<>();
    /** Identity rule texts the plugins in use add, each one RuleSet reads. */
    final List<String> identityRules = new ArrayList<>();

    PluginLoader(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /** Loads the plugins of the host's class path, then those of each plugin path, in order. */
    void loadAll(ClassLoader hostLoader, List<Path> pluginPaths) {
        loadProviders(hostLoader, null, ServiceLoader.load(TensorsPlugin.class, hostLoader).iterator());
        for (Path path : pluginPaths) {
            for (PluginPaths.Unit unit : PluginPaths.units(path, (origin, problem) -> failed("(none)", origin, 0, problem))) {
                loadUnit(unit, hostLoader);
            }
        }
    }

    private void failed(String name, String origin, int apiVersion, String problem) {
        entries.add(new PluginRegistry.Entry(new PluginInfo(name, origin, apiVersion, State.FAILED, problem, List.of()), null));
    }

    private void loadUnit(PluginPaths.Unit unit, ClassLoader hostLoader) {
        List<URL> urls = new ArrayList<>();
        for (Path jar : unit.jars()) {
            try (JarFile file = new JarFile(jar.toFile())) {
                String refused = ExitCheck.check(file);
                if (refused != null) {
                    failed(providers(unit.jars()), unit.origin(), 0, (unit.jars().size() > 1 ? jar.getFileName() + ": " : "") + refused);
                    return;
                }
                urls.add(jar.toUri().toURL());
            } catch (IOException e) {
                failed("(unknown)", unit.origin(), 0, "cannot read plugin jar " + jar.getFileName() + ": "
                        + ErrorText.describe(e) + "; replace it with a valid jar");
                return;
            }
        }
        PluginClassLoader loader = new PluginClassLoader(unit.origin(), urls, hostLoader);
        int before = entries.size();
        boolean anyLoaded = withContextClassLoader(loader,
                () -> loadProviders(loader, unit.origin(), ServiceLoader.load(TensorsPlugin.class, loader).iterator()));
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
     * @param origin the plugin's jar or folder, or null for the class path (then each provider's own jar)
     * @return true when at least one provider loaded
     */
    private boolean loadProviders(ClassLoader loader, String origin, Iterator<TensorsPlugin> it) {
        boolean anyLoaded = false;
        int consecutiveFailures = 0;
        while (true) {
            TensorsPlugin plugin;
            try {
                if (!withContextClassLoader(loader, it::hasNext)) {
                    break;
                }
                plugin = withContextClassLoader(loader, it::next);
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
            anyLoaded |= register(plugin, new PluginGuard(type.getName(), origin == null ? originOf(type) : origin, own, warnings));
        }
        return anyLoaded;
    }

    /** What one plugin offers, each wrapped in the plugin's guard. */
    private record Offer(PluginGuard guard, int apiVersion, List<GuardedHashAlgorithm> hashes, List<GuardedSourceFactory> sources,
            List<GuardedExporter> exporters, List<GuardedModelFormat> formats) {}

    /**
     * Asks one plugin for its name, API version and everything it contributes, then installs it.
     *
     * @param guard the guard named after the plugin's class; renamed when the plugin names itself
     * @return whether the plugin is in use (its loader must stay open)
     */
    private boolean register(TensorsPlugin plugin, PluginGuard guard) {
        int version = 0;
        Offer offer;
        List<String> rules;
        try {
            String declared = guard.call("name()", plugin::name);
            if (declared != null && !declared.isBlank()) {
                guard = guard.named(declared);
            }
            version = guard.call("apiVersion()", plugin::apiVersion);
            if (version < MIN_API_VERSION || version > TensorsPlugin.API_VERSION) {
                failed(guard.name(), guard.origin(), version, "built for plugin API " + version + ", but this tsr supports API "
                        + (MIN_API_VERSION == TensorsPlugin.API_VERSION ? String.valueOf(MIN_API_VERSION)
                                : MIN_API_VERSION + " to " + TensorsPlugin.API_VERSION)
                        + "; use a build of the plugin for this tsr");
                return false;
            }
            PluginGuard named = guard;
            offer = new Offer(named, version,
                    guarded(guard.call("hashAlgorithms()", plugin::hashAlgorithms), hash -> new GuardedHashAlgorithm(hash, named)),
                    guarded(guard.call("modelSources()", plugin::modelSources), source -> new GuardedSourceFactory(source, named)),
                    guarded(guard.call("exporters()", plugin::exporters), exporter -> new GuardedExporter(exporter, named)),
                    guarded(guard.call("modelFormats()", plugin::modelFormats), format -> new GuardedModelFormat(format, named)));
            rules = List.copyOf(guard.call("identityRules()", plugin::identityRules));
        } catch (TensorsException e) {
            failed(guard.name(), guard.origin(), version, e.getMessage().replaceFirst("^plugin .*? failed in ", "failed in "));
            return false;
        } catch (RuntimeException e) {
            // a null list or a null element from the plugin
            failed(guard.name(), guard.origin(), version, "failed: " + ErrorText.describe(e));
            return false;
        }
        boolean inUse = install(offer);
        if (inUse) {
            for (String text : rules) {
                try {
                    RuleSet.parse(List.of(text));
                    identityRules.add(text);
                } catch (IllegalArgumentException e) {
                    warnings.accept("plugin " + guard.name() + " (" + guard.origin() + "): its identity rules are not used: "
                            + e.getMessage());
                }
            }
        }
        return inUse;
    }

    /** @return what the plugin offers, each wrapped (which asks it for ids and the like) */
    private static <T, G> List<G> guarded(List<T> offered, Function<T, G> wrap) {
        return List.copyOf(offered).stream().map(wrap).toList();
    }

    /** Claims the ids of one plugin's offer and takes those it got; @return whether the plugin is in use */
    private boolean install(Offer offer) {
        Grant grant = new Grant(offer.guard().label());
        for (GuardedHashAlgorithm hash : offer.hashes()) {
            if (grant.claim(Kind.HASH, hash.id(), hash.type())) {
                hashesById.put(Claims.normalize(hash.id()), hash);
                hashesByType.put(Claims.normalize(hash.type()), hash);
            }
        }
        for (GuardedSourceFactory source : offer.sources()) {
            if (grant.claim(Kind.SOURCE, source.id())) {
                sourcesById.put(Claims.normalize(source.id()), source);
            }
        }
        for (GuardedExporter exporter : offer.exporters()) {
            if (grant.claim(Kind.EXPORTER, exporter.id())) {
                exportersById.put(Claims.normalize(exporter.id()), exporter);
            }
        }
        for (GuardedModelFormat format : offer.formats()) {
            if (grant.claim(Kind.FORMAT, format.id())) {
                formatsById.put(Claims.normalize(format.id()), format);
            }
        }
        PluginGuard guard = offer.guard();
        guard.started();
        State state = grant.refused.isEmpty() ? State.LOADED : grant.taken.isEmpty() ? State.FAILED : State.PARTLY_LOADED;
        entries.add(new PluginRegistry.Entry(new PluginInfo(guard.name(), guard.origin(), offer.apiVersion(), state,
                grant.refused.isEmpty() ? null : String.join("; ", grant.refused), grant.taken), guard));
        return !grant.taken.isEmpty() || grant.refused.isEmpty();
    }

    /** The ids one plugin got, and the refusals of those others had first. */
    private final class Grant {
        final String plugin;
        final List<Contribution> taken = new ArrayList<>();
        final List<String> refused = new ArrayList<>();

        Grant(String plugin) {
            this.plugin = plugin;
        }

        boolean claim(Kind kind, String id, String... aliases) {
            String refusal = claims.claim(kind, id, plugin, aliases);
            if (refusal != null) {
                refused.add(refusal);
                return false;
            }
            taken.add(new Contribution(kind, Claims.normalize(id)));
            return true;
        }
    }

    /** @return the provider classes a plugin's jars name in their services files (for one refused before loading), or "(unknown)" */
    private static String providers(List<Path> jars) {
        List<String> names = new ArrayList<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                JarEntry entry = file.getJarEntry("META-INF/services/" + TensorsPlugin.class.getName());
                if (entry != null) {
                    try (InputStream in = file.getInputStream(entry)) {
                        new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                                .map(line -> line.replaceFirst("#.*", "").strip()).filter(line -> !line.isEmpty()).forEach(names::add);
                    }
                }
            } catch (IOException e) {
                // the name is only for the listing; the reason says what is wrong
            }
        }
        return names.isEmpty() ? "(unknown)" : String.join(",", names);
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
}
