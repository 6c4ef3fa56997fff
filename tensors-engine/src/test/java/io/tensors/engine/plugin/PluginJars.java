package io.tensors.engine.plugin;

import io.tensors.api.TensorsPlugin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds small plugin jars in tests: compiles Java sources against tensors-api with the JDK's
 * compiler, then zips the classes with a {@code META-INF/services} file. It can leave classes out
 * (a provider whose dependency is missing) and bump a class file's major version (a class compiled
 * for a newer Java). Shared with the example plugin's integration test through the engine test-jar.
 */
public final class PluginJars {
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> providers = new ArrayList<>();
    private final Set<String> omitted = new HashSet<>();
    private final Set<String> bumped = new HashSet<>();

    private PluginJars() {}

    public static PluginJars builder() {
        return new PluginJars();
    }

    /** Adds a class from its source; {@code className} is its binary name ({@code p.Good}). */
    public PluginJars source(String className, String source) {
        sources.put(className, source);
        return this;
    }

    /** Lists a provider class in META-INF/services/io.tensors.api.TensorsPlugin. */
    public PluginJars provider(String className) {
        providers.add(className);
        return this;
    }

    /** Compiles the class but leaves it out of the jar. */
    public PluginJars omit(String className) {
        omitted.add(className);
        return this;
    }

    /** Writes the class with a class-file major version one above this JDK's. */
    public PluginJars newerJava(String className) {
        bumped.add(className);
        return this;
    }

    /** Compiles and writes the jar; returns {@code jar}. */
    public Path write(Path jar) throws IOException {
        Path work = Files.createTempDirectory("plugin-src");
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> files = new ArrayList<>();
        for (var e : sources.entrySet()) {
            Path file = work.resolve("src").resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            files.add(file.toString());
        }
        if (!files.isEmpty()) {
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            List<String> args = new ArrayList<>(List.of("-proc:none", "-classpath", apiClassPath(), "-d", classes.toString()));
            args.addAll(files);
            var log = new java.io.ByteArrayOutputStream();
            int rc = compiler.run(null, OutputStream.nullOutputStream(), log, args.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("test plugin does not compile: " + log.toString(StandardCharsets.UTF_8));
            }
        }
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> walk = Files.walk(classes)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                if (omitted.contains(className)) {
                    continue;
                }
                byte[] bytes = Files.readAllBytes(file);
                if (bumped.contains(className)) {
                    int major = Runtime.version().feature() + 44 + 1;
                    bytes[6] = (byte) (major >> 8);
                    bytes[7] = (byte) major;
                }
                out.putNextEntry(new JarEntry(name));
                out.write(bytes);
                out.closeEntry();
            }
            if (!providers.isEmpty()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + TensorsPlugin.class.getName()));
                out.write((String.join("\n", providers) + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The jar or classes folder tensors-api was loaded from, as a compiler class path. */
    public static String apiClassPath() {
        try {
            return Path.of(TensorsPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the plugin "slowpoke" with the hash "slow" (type SLOW), whose update does not return
     * until {@code release} exists: a hung plugin, which also ignores interrupts.
     */
    public static Path stuckHash(Path jar, Path release) throws IOException {
        String literal = '"' + release.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        return builder().source("slow.Slowpoke", plugin("slow.Slowpoke", """
                public int apiVersion() { return API_VERSION; }
                public String name() { return "slowpoke"; }
                public List<HashAlgorithm> hashAlgorithms() {
                    return List.of(new HashAlgorithm() {
                        public String id() { return "slow"; }
                        public String type() { return "SLOW"; }
                        public FileHasher newHasher(FileLayout layout) {
                            return new FileHasher() {
                                public void update(long offset, ByteBuffer chunk) {
                                    while (!java.nio.file.Files.exists(java.nio.file.Path.of(RELEASE))) {
                                        try {
                                            Thread.sleep(10);
                                        } catch (InterruptedException e) {
                                            // hung for good
                                        }
                                    }
                                }
                                public Optional<String> finish(Map<String, String> required) { return Optional.of("slow"); }
                            };
                        }
                    });
                }
                """.replace("RELEASE", literal))).provider("slow.Slowpoke").write(jar);
    }

    /** Source of a plugin class {@code pkg.Name} whose body is {@code body} (inside the class). */
    public static String plugin(String className, String body) {
        int dot = className.lastIndexOf('.');
        return "package " + className.substring(0, dot) + ";\n"
                + "import io.tensors.api.*;\nimport java.util.*;\nimport java.nio.ByteBuffer;\nimport java.io.*;\n"
                + "public class " + className.substring(dot + 1) + " implements TensorsPlugin {\n" + body + "\n}\n";
    }
}
