package io.tensors.engine.plugin;

import static io.tensors.engine.plugin.PluginJars.plugin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.ExportData;
import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.PluginInfo;
import io.tensors.api.PluginInfo.Contribution;
import io.tensors.api.PluginInfo.Kind;
import io.tensors.api.PluginInfo.State;
import io.tensors.api.TensorsException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading plugin jars from folders: isolation, the context class loader, and every kind of broken plugin. */
class PluginRegistryTest {
    @TempDir
    Path dir;

    final List<String> warnings = new ArrayList<>();

    PluginRegistry load(Path... paths) {
        return PluginRegistry.load(getClass().getClassLoader(), List.of(paths), warnings::add);
    }

    PluginInfo info(PluginRegistry registry, String origin) {
        return registry.plugins().stream().filter(p -> p.origin().equals(origin)).findFirst()
                .orElseThrow(() -> new AssertionError("no plugin from " + origin + " in " + registry.plugins()));
    }

    static final String PROBE = """
            public int apiVersion() { return API_VERSION; }
            public String name() { return "probe"; }
            public List<HashAlgorithm> hashAlgorithms() {
                return List.of(new HashAlgorithm() {
                    public String id() { return "probe"; }
                    public String type() { return "PROBE"; }
                    public FileHasher newHasher(FileLayout layout) {
                        return new FileHasher() {
                            public void update(long offset, ByteBuffer chunk) {}
                            public Optional<String> finish(Map<String, String> required) {
                                ClassLoader tccl = Thread.currentThread().getContextClassLoader();
                                String engine;
                                try {
                                    Class.forName("io.tensors.engine.plugin.PluginRegistry", false, getClass().getClassLoader());
                                    engine = "visible";
                                } catch (ClassNotFoundException e) {
                                    engine = "hidden";
                                }
                                return Optional.of((tccl == getClass().getClassLoader()) + ":" + engine + ":"
                                        + (HashAlgorithm.class.getClassLoader() == TensorsPlugin.class.getClassLoader()));
                            }
                        };
                    }
                });
            }
            """;

    @Test
    void aPluginJarIsIsolatedAndRunsWithItsOwnContextClassLoader() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.builder().source("p.Probe", plugin("p.Probe", PROBE)).provider("p.Probe").write(plugins.resolve("probe.jar"));

        PluginRegistry registry = load(plugins);

        PluginInfo probe = info(registry, "probe.jar");
        assertThat(probe.state()).isEqualTo(State.LOADED);
        assertThat(probe.name()).isEqualTo("probe");
        assertThat(probe.apiVersion()).isEqualTo(io.tensors.api.TensorsPlugin.API_VERSION);
        assertThat(probe.contributions()).containsExactly(new Contribution(Kind.HASH, "probe"));
        // the built-ins come first, from the class path, like any plugin
        assertThat(registry.plugins().getFirst().state()).isEqualTo(State.LOADED);
        assertThat(registry.resolveHashes(List.of("sha256"))).hasSize(1);

        HashAlgorithm algorithm = registry.resolveHashes(List.of("probe")).getFirst();
        FileHasher hasher = algorithm.newHasher(new FileLayout(8, 8));
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        assertThat(hasher.finish(Map.of())).contains("true:hidden:true");
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aFolderOfJarsIsOnePluginAndLibrariesResolveInsideIt() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("plugins/two-jars"));
        PluginJars.builder().source("lib.Helper", "package lib; public class Helper { public static String id() { return \"helped\"; } }")
                .write(folder.resolve("lib.jar"));
        PluginJars.builder().source("lib.Helper", "package lib; public class Helper { public static String id() { return \"helped\"; } }")
                .omit("lib.Helper")
                .source("p.UsesLib", plugin("p.UsesLib", """
                        public int apiVersion() { return API_VERSION; }
                        public List<Exporter> exporters() {
                            return List.of(new Exporter() {
                                public String id() { return lib.Helper.id(); }
                                public String description() { return "uses a library jar"; }
                                public void export(ExportData data, OutputStream out) throws IOException { out.write(1); }
                            });
                        }
                        """)).provider("p.UsesLib").write(folder.resolve("plugin.jar"));

        PluginRegistry registry = load(dir.resolve("plugins"));

        assertThat(info(registry, "two-jars/").contributions()).containsExactly(new Contribution(Kind.EXPORTER, "helped"));
        assertThat(registry.exporter("HELPED")).isNotNull();
    }

    @Test
    void brokenPluginsAreReportedWithTheirJarAndSkipped() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.builder().source("p.Probe", plugin("p.Probe", PROBE)).provider("p.Probe").write(plugins.resolve("good.jar"));
        PluginJars.builder()
                .source("p.Helper", "package p; public class Helper { public static String id() { return \"x\"; } }").omit("p.Helper")
                .source("p.NeedsHelper", plugin("p.NeedsHelper", "public int apiVersion() { return API_VERSION; }\n"
                        + "public NeedsHelper() { Helper.id(); }"))
                .provider("p.NeedsHelper").provider("p.Absent")
                .write(plugins.resolve("missing-class.jar"));
        PluginJars.builder().source("p.Boom", plugin("p.Boom", "public int apiVersion() { return API_VERSION; }\n"
                + "public Boom() { throw new IllegalStateException(\"boom\"); }")).provider("p.Boom").write(plugins.resolve("throws.jar"));
        PluginJars.builder().source("p.Future", plugin("p.Future", "public int apiVersion() { return API_VERSION; }"))
                .newerJava("p.Future").provider("p.Future").write(plugins.resolve("future.jar"));
        PluginJars.builder().source("p.Old", plugin("p.Old", "public int apiVersion() { return 99; }")).provider("p.Old")
                .write(plugins.resolve("version.jar"));
        PluginJars.builder().source("p.Dup", plugin("p.Dup", """
                public int apiVersion() { return API_VERSION; }
                public List<HashAlgorithm> hashAlgorithms() {
                    return List.of(new HashAlgorithm() {
                        public String id() { return "sha256"; }
                        public String type() { return "NOT-SHA"; }
                        public FileHasher newHasher(FileLayout layout) { throw new UnsupportedOperationException(); }
                    });
                }
                """)).provider("p.Dup").write(plugins.resolve("zz-dup.jar"));
        Files.write(plugins.resolve("corrupt.jar"), new byte[] {'P', 'K', 3, 4, 9, 9});
        PluginJars.builder().source("p.Nothing", "package p; public class Nothing {}").write(plugins.resolve("no-services.jar"));

        PluginRegistry registry = load(plugins, dir.resolve("does-not-exist"));

        assertThat(info(registry, "good.jar").state()).isEqualTo(State.LOADED);
        assertThat(info(registry, "missing-class.jar").problem()).contains("p.NeedsHelper").contains("class not found: p.Helper");
        assertThat(registry.plugins()).anySatisfy(p -> {
            assertThat(p.origin()).isEqualTo("missing-class.jar");
            assertThat(p.problem()).contains("Provider p.Absent not found");
        });
        assertThat(info(registry, "throws.jar").problem()).contains("could not be instantiated").contains("boom")
                .doesNotContain("IllegalStateException");
        assertThat(info(registry, "future.jar").problem()).contains("newer Java").doesNotContain("java.lang");
        assertThat(info(registry, "future.jar").name()).isEqualTo("p.Future");
        PluginInfo old = info(registry, "version.jar");
        assertThat(old.state()).isEqualTo(State.FAILED);
        assertThat(old.apiVersion()).isEqualTo(99);
        assertThat(old.problem()).contains("plugin API 99").contains("supports API 1");
        PluginInfo dup = info(registry, "zz-dup.jar");
        assertThat(dup.state()).isEqualTo(State.FAILED);
        assertThat(dup.problem()).startsWith("hash 'sha256' of Dup (zz-dup.jar) refused: already contributed by ")
                .containsPattern("already contributed by [\\w-]+ \\(.+\\.jar\\)$");
        assertThat(info(registry, "corrupt.jar").problem()).startsWith("cannot read plugin jar corrupt.jar");
        assertThat(info(registry, "no-services.jar").problem()).contains("META-INF/services/io.tensors.api.TensorsPlugin");
        assertThat(info(registry, dir.resolve("does-not-exist").toString()).problem()).isEqualTo("plugin path does not exist");
        // one warning line per problem, each naming its jar
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("(throws.jar)").contains("boom"));
        assertThat(warnings).noneMatch(w -> w.contains("\n"));
        // the good plugin and the built-ins still work
        assertThat(registry.resolveHashes(List.of("probe", "sha256"))).hasSize(2);
        assertThat(registry.resolveHashes(List.of("sha256")).getFirst().type()).isEqualTo("SHA256");
    }

    @Test
    void aPluginFailingAtCallTimeIsReportedDisabledAndTheRestGoesOn() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.builder().source("p.Explodes", plugin("p.Explodes", """
                public int apiVersion() { return API_VERSION; }
                public List<HashAlgorithm> hashAlgorithms() {
                    return List.of(new HashAlgorithm() {
                        public String id() { return "explode"; }
                        public String type() { return "EXPLODE"; }
                        public FileHasher newHasher(FileLayout layout) {
                            return new FileHasher() {
                                public void update(long offset, ByteBuffer chunk) { throw new IllegalArgumentException("bad chunk"); }
                                public Optional<String> finish(Map<String, String> required) { return Optional.of("X"); }
                            };
                        }
                    });
                }
                public List<Exporter> exporters() {
                    return List.of(new Exporter() {
                        public String id() { return "explode"; }
                        public String description() { return "throws"; }
                        public void export(ExportData data, OutputStream out) { throw new NullPointerException("no rows"); }
                    });
                }
                """)).provider("p.Explodes").write(plugins.resolve("explodes.jar"));

        PluginRegistry registry = load(plugins);
        assertThat(warnings).isEmpty();

        FileHasher hasher = registry.resolveHashes(List.of("explode")).getFirst().newHasher(new FileLayout(8, 8));
        hasher.update(0, ByteBuffer.allocate(8));
        assertThat(hasher.finish(Map.of())).isEmpty();
        assertThat(warnings).singleElement().asString()
                .isEqualTo("plugin Explodes (explodes.jar) failed in hash 'explode': bad chunk;"
                        + " it is disabled for this run");
        assertThat(info(registry, "explodes.jar").state()).isEqualTo(State.DISABLED);

        assertThatThrownBy(() -> registry.exporter("explode").export(new ExportData("t", List.of(), List.of()), new ByteArrayOutputStream()))
                .isInstanceOf(TensorsException.class).hasMessageContaining("explodes.jar");
        assertThat(registry.resolveHashes(List.of("sha256"))).hasSize(1);
    }

    @Test
    void aJarThatWouldEndTsrIsRefusedBeforeAnyOfItsClassesRuns() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        String api = "public int apiVersion() { return API_VERSION; }\n";
        PluginJars.builder().source("p.Exits", plugin("p.Exits", "public int apiVersion() { System.exit(42); return API_VERSION; }"))
                .provider("p.Exits").write(plugins.resolve("exits.jar"));
        // a static initializer runs as soon as the class is loaded: the check must come before
        PluginJars.builder().source("p.Halts", plugin("p.Halts", api + "static { Runtime.getRuntime().halt(3); }"))
                .provider("p.Halts").write(plugins.resolve("halts.jar"));
        PluginJars.builder().source("p.Later", plugin("p.Later", api + """
                public List<HashAlgorithm> hashAlgorithms() {
                    return List.of(new HashAlgorithm() {
                        public String id() { return "later"; }
                        public String type() { return "LATER"; }
                        public FileHasher newHasher(FileLayout layout) {
                            return new FileHasher() {
                                public void update(long offset, ByteBuffer chunk) { Runtime.getRuntime().exit(1); }
                                public Optional<String> finish(Map<String, String> required) { return Optional.empty(); }
                            };
                        }
                    });
                }
                """)).provider("p.Later").write(plugins.resolve("later.jar"));
        PluginJars.builder().source("p.Reference", plugin("p.Reference",
                        "public int apiVersion() { java.util.function.IntConsumer end = System::exit; end.accept(5); return API_VERSION; }"))
                .provider("p.Reference").write(plugins.resolve("reference.jar"));
        PluginJars.builder().source("p.Reflects", plugin("p.Reflects", """
                public int apiVersion() {
                    try {
                        System.class.getMethod("exit", int.class).invoke(null, 7);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                    return API_VERSION;
                }
                """)).provider("p.Reflects").write(plugins.resolve("reflects.jar"));
        PluginJars.builder().source("p.ForName", plugin("p.ForName", """
                public int apiVersion() {
                    try {
                        Class<?> type = Class.forName("java.lang.Runtime");
                        Object runtime = type.getMethod("getRuntime").invoke(null);
                        type.getMethod("halt", int.class).invoke(runtime, 8);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                    return API_VERSION;
                }
                """)).provider("p.ForName").write(plugins.resolve("forname.jar"));
        Path folder = Files.createDirectories(plugins.resolve("with-lib"));
        PluginJars.builder().source("lib.Quit", "package lib; public class Quit { public static void now() { System.exit(9); } }")
                .write(folder.resolve("lib.jar"));
        PluginJars.builder().source("p.UsesQuit", plugin("p.UsesQuit", api)).provider("p.UsesQuit").write(folder.resolve("plugin.jar"));
        // System.out and a string "exit" together are no exit
        PluginJars.builder().source("p.Benign", plugin("p.Benign", api + """
                public String name() { System.out.print(""); return "exit"; }
                """)).provider("p.Benign").write(plugins.resolve("benign.jar"));

        // what cannot be read cannot be checked, so it does not run
        Path junk = PluginJars.builder().source("p.Fine", plugin("p.Fine", api)).provider("p.Fine").write(plugins.resolve("junk.jar"));
        try (var fs = java.nio.file.FileSystems.newFileSystem(junk)) {
            // a constant pool that names "exit", then ends
            Files.write(fs.getPath("p/Junk.class"), new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 65, 0, 9,
                1, 0, 4, 'e', 'x', 'i', 't'});
        }

        PluginRegistry registry = load(plugins);

        assertThat(info(registry, "junk.jar").problem()).startsWith("p/Junk.class cannot be read as a class file (")
                .endsWith("); replace the jar with a valid build");
        PluginInfo exits = info(registry, "exits.jar");
        assertThat(exits.state()).isEqualTo(State.FAILED);
        assertThat(exits.name()).isEqualTo("p.Exits");
        assertThat(exits.problem()).isEqualTo("refused: p.Exits.apiVersion() calls System.exit, which would end tsr;"
                + " remove the jar, or have its author throw an exception instead");
        assertThat(info(registry, "halts.jar").problem()).startsWith("refused: p.Halts.<clinit>() calls Runtime.halt,");
        assertThat(info(registry, "later.jar").problem()).startsWith("refused: p.Later$1$1.update() calls Runtime.exit,");
        assertThat(info(registry, "reference.jar").problem()).startsWith("refused: p.Reference.apiVersion() calls System.exit,");
        assertThat(info(registry, "reflects.jar").problem())
                .startsWith("refused: p.Reflects.apiVersion() looks up System.exit or Runtime.halt by reflection,");
        assertThat(info(registry, "forname.jar").problem())
                .startsWith("refused: p.ForName.apiVersion() looks up System.exit or Runtime.halt by reflection,");
        assertThat(info(registry, "with-lib/").problem()).startsWith("lib.jar: refused: lib.Quit.now() calls System.exit,");
        assertThat(info(registry, "with-lib/").name()).isEqualTo("p.UsesQuit");
        assertThat(info(registry, "benign.jar").state()).isEqualTo(State.LOADED);
        assertThat(warnings).filteredOn(w -> w.contains("refused")).hasSize(7)
                .allSatisfy(w -> assertThat(w).contains("failed: ").contains("refused: ").contains("which would end tsr"));
        assertThat(registry.resolveHashes(List.of("sha256"))).hasSize(1);
    }

    @Test
    void apiClassesComeFromTheHostAndEverythingElseFromThePluginFirst() throws Exception {
        Path jar = PluginJars.builder()
                .source("io.tensors.engine.plugin.PluginRegistry", "package io.tensors.engine.plugin; public class PluginRegistry {}")
                .write(dir.resolve("shadow.jar"));
        try (PluginClassLoader loader = new PluginClassLoader("shadow.jar", List.of(jar.toUri().toURL()), getClass().getClassLoader())) {
            assertThat(loader.loadClass("io.tensors.api.TensorsPlugin")).isSameAs(io.tensors.api.TensorsPlugin.class);
            Class<?> shadow = loader.loadClass("io.tensors.engine.plugin.PluginRegistry");
            assertThat(shadow).isNotSameAs(PluginRegistry.class);
            assertThat(shadow.getClassLoader()).isSameAs(loader);
            assertThat(loader.loadClass("java.lang.String")).isSameAs(String.class);
            assertThat(loader.getResource("META-INF/services/io.tensors.api.TensorsPlugin")).isNull();
            assertThatThrownBy(() -> loader.loadClass("io.tensors.plugins.BuiltinHashesPlugin")).isInstanceOf(ClassNotFoundException.class);
        }
    }
}
