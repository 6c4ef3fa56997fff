package io.tensors.engine.plugin;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where plugins are found (as Trino's plugins provider): the plugin paths of an environment, and the
 * plugins in one path. Nothing here loads a class.
 */
public final class PluginPaths {
    private PluginPaths() {}

    /** One plugin: a jar, or a folder of jars, loaded by one class loader. */
    record Unit(String origin, List<Path> jars) {}

    /**
     * The plugin paths of an environment: {@code $XDG_DATA_HOME/tensors/plugins} (default
     * {@code ~/.local/share/tensors/plugins}) when it exists, then each entry of {@code TSR_PLUGINS}
     * (a {@code :}-separated list of plugin directories or jars).
     */
    public static List<Path> of(Map<String, String> env) {
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

    /**
     * The plugins of one path: the path itself when it is a jar, else each {@code *.jar} in it and
     * each sub-folder (the jars in it), by name.
     *
     * @param unusable told the origin and the reason for a path or folder that holds no plugin
     */
    static List<Unit> units(Path path, BiConsumer<String, String> unusable) {
        String origin = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        if (Files.isRegularFile(path)) {
            return List.of(new Unit(origin, List.of(path)));
        }
        if (!Files.isDirectory(path)) {
            unusable.accept(path.toString(), "plugin path does not exist");
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
                            unusable.accept(name + "/", "plugin folder holds no jar");
                        } else {
                            units.add(new Unit(name + "/", found));
                        }
                    }
                }
            }
        } catch (IOException e) {
            unusable.accept(path.toString(), "cannot list plugin directory: " + e);
        }
        return units;
    }
}
