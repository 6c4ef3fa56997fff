package io.tensors.engine.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The class loader of one plugin (a jar, or a folder of jars), after Trino's PluginClassLoader. Its
 * parent is the platform loader, so the host's class path (the engine, its libraries, the built-ins)
 * is invisible to the plugin. Only the {@code io.tensors.api} packages are shared: those classes and
 * resources come from the host's loader, so a plugin's {@code TensorsPlugin} is the host's. Anything
 * else is looked up child-first in the plugin's jars, then in the platform loader; {@code java.*} is
 * always the platform's.
 */
final class PluginClassLoader extends URLClassLoader {
    static {
        ClassLoader.registerAsParallelCapable();
    }

    static final String API_PACKAGE = "io.tensors.api.";
    private static final String API_RESOURCE = "io/tensors/api/";

    private final ClassLoader hostLoader;
    private final String origin;

    PluginClassLoader(String origin, List<URL> urls, ClassLoader hostLoader) {
        super("plugin:" + origin, urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.origin = Objects.requireNonNull(origin, "origin");
        this.hostLoader = Objects.requireNonNull(hostLoader, "hostLoader");
    }

    /** @return the jar or folder name this loader reads, as reports name the plugin */
    String origin() {
        return origin;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isApiClass(name)) {
            return hostLoader.loadClass(name);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                if (name.startsWith("java.")) {
                    type = getParent().loadClass(name);
                } else {
                    try {
                        type = findClass(name);
                    } catch (ClassNotFoundException e) {
                        type = getParent().loadClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    @Override
    public URL getResource(String name) {
        if (isApiResource(name)) {
            return hostLoader.getResource(name);
        }
        URL url = findResource(name);
        return url != null ? url : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isApiResource(name)) {
            return hostLoader.getResources(name);
        }
        // the host's META-INF/services must stay invisible, or every plugin would see the built-ins
        List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
        urls.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(urls);
    }

    /**
     * Runs {@code body} with {@code loader} as the thread's context class loader, as every call into
     * plugin code runs: a plugin that loads classes or services through it finds its own.
     */
    static <T> T withContextClassLoader(ClassLoader loader, Supplier<T> body) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return body.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static boolean isApiClass(String name) {
        return name.startsWith(API_PACKAGE);
    }

    private static boolean isApiResource(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        return path.startsWith(API_RESOURCE);
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + origin + "]";
    }
}
