package com.example.tensors.html;

import static io.tensors.engine.plugin.PluginJars.plugin;
import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.ExportData;
import io.tensors.api.Exporter;
import io.tensors.engine.plugin.PluginJars;
import io.tensors.engine.plugin.PluginRegistry;
import io.tensors.plugins.testing.SafetensorsWriter;
import io.tensors.shell.Cli;
import io.tensors.shell.Environment;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built example jar, copied into a temporary plugins folder beside broken jars, loaded by the
 * real loader through the real {@code tsr} command line.
 */
class HtmlExporterPluginIT {
    static final Path EXAMPLE_JAR = Path.of(System.getProperty("tsr.example.jar", "target/tsr-html-exporter.jar"));

    @TempDir
    Path dir;

    Path pluginDir;
    final Map<String, String> env = new HashMap<>();
    String out;
    String err;

    @BeforeEach
    void setUp() throws Exception {
        assertThat(EXAMPLE_JAR).as("run 'mvn verify' so the example jar is built first").isRegularFile();
        pluginDir = Files.createDirectories(dir.resolve("data/tensors/plugins"));
        Files.copy(EXAMPLE_JAR, pluginDir.resolve("tsr-html-exporter.jar"));
        env.put("HOME", dir.resolve("home").toString());
        env.put("XDG_DATA_HOME", dir.resolve("data").toString());
        brokenJars();
    }

    void brokenJars() throws Exception {
        PluginJars.builder()
                .source("bad.Helper", "package bad; public class Helper { public static void help() {} }").omit("bad.Helper")
                .source("bad.NeedsHelper", plugin("bad.NeedsHelper", "public int apiVersion() { return API_VERSION; }\n"
                        + "public NeedsHelper() { Helper.help(); }"))
                .provider("bad.NeedsHelper").write(pluginDir.resolve("missing-class.jar"));
        PluginJars.builder().source("bad.Boom", plugin("bad.Boom", "public int apiVersion() { return API_VERSION; }\n"
                + "public Boom() { throw new IllegalStateException(\"boom in constructor\"); }"))
                .provider("bad.Boom").write(pluginDir.resolve("throwing-constructor.jar"));
        PluginJars.builder().source("bad.Future", plugin("bad.Future", "public int apiVersion() { return API_VERSION; }"))
                .newerJava("bad.Future").provider("bad.Future").write(pluginDir.resolve("newer-java.jar"));
        PluginJars.builder().source("bad.NextApi", plugin("bad.NextApi", "public int apiVersion() { return API_VERSION + 1; }"))
                .provider("bad.NextApi").write(pluginDir.resolve("api-mismatch.jar"));
        PluginJars.builder().source("bad.Explodes", plugin("bad.Explodes", """
                public int apiVersion() { return API_VERSION; }
                public List<HashAlgorithm> hashAlgorithms() {
                    return List.of(new HashAlgorithm() {
                        public String id() { return "explode"; }
                        public String type() { return "EXPLODE"; }
                        public FileHasher newHasher(FileLayout layout) {
                            return new FileHasher() {
                                public void update(long offset, ByteBuffer chunk) { throw new IllegalStateException("kaboom"); }
                                public Optional<String> finish(Map<String, String> required) { return Optional.of("0"); }
                            };
                        }
                    });
                }
                """)).provider("bad.Explodes").write(pluginDir.resolve("call-time-exception.jar"));
        // sorts after tsr-html-exporter.jar, so the example owns 'html' and 'md5' first
        PluginJars.builder().source("bad.Dup", plugin("bad.Dup", """
                public int apiVersion() { return API_VERSION; }
                public List<Exporter> exporters() {
                    return List.of(new Exporter() {
                        public String id() { return "html"; }
                        public String description() { return "a second html"; }
                        public void export(ExportData data, OutputStream out) {}
                    });
                }
                """)).provider("bad.Dup").write(pluginDir.resolve("zz-duplicate-id.jar"));
    }

    int tsr(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int rc = Cli.run(new Environment(new PrintWriter(o, true), new PrintWriter(e, true), env, false), args);
        out = o.toString();
        err = e.toString();
        return rc;
    }

    @Test
    void tsrPluginsListsTheExampleAndReportsEveryBrokenJar() throws Exception {
        assertThat(tsr("plugins", "--json")).isZero();
        JsonNode list = JsonMapper.builder().build().readTree(out);
        Map<String, JsonNode> byOrigin = new LinkedHashMap<>();
        list.forEach(p -> byOrigin.putIfAbsent(p.get("origin").asString(), p));

        JsonNode example = byOrigin.get("tsr-html-exporter.jar");
        assertThat(example.get("name").asString()).isEqualTo("html-exporter");
        assertThat(example.get("state").asString()).isEqualTo("loaded");
        assertThat(example.get("api_version").asInt()).isEqualTo(io.tensors.api.TensorsPlugin.API_VERSION); // compiled into the jar
        assertThat(example.get("exporters").toString()).isEqualTo("[\"html\"]");
        assertThat(example.get("hash_algorithms").toString()).isEqualTo("[\"md5\"]");
        // the built-ins are listed like any plugin, from their jar on the class path
        assertThat(list).anySatisfy(p -> {
            assertThat(p.get("origin").asString()).startsWith("tensors-plugins").endsWith(".jar");
            assertThat(p.get("hash_algorithms").toString()).contains("sha256");
        });

        assertThat(problem(byOrigin, "missing-class.jar")).contains("bad.NeedsHelper").contains("class not found: bad.Helper");
        assertThat(problem(byOrigin, "throwing-constructor.jar")).contains("could not be instantiated").contains("boom in constructor");
        assertThat(problem(byOrigin, "newer-java.jar")).contains("newer Java").doesNotContain("java.lang");
        int next = io.tensors.api.TensorsPlugin.API_VERSION + 1;
        assertThat(problem(byOrigin, "api-mismatch.jar")).contains("built for plugin API " + next + ", but this tsr supports API 1 to " + (next - 1));
        assertThat(byOrigin.get("api-mismatch.jar").get("api_version").asInt()).isEqualTo(next);
        assertThat(problem(byOrigin, "zz-duplicate-id.jar"))
                .isEqualTo("exporter 'html' of Dup (zz-duplicate-id.jar) refused: already contributed by html-exporter (tsr-html-exporter.jar)");
        assertThat(byOrigin.get("call-time-exception.jar").get("state").asString()).isEqualTo("loaded");
        assertThat(err).isEmpty(); // the listing reports the failures itself

        assertThat(tsr("plugins")).isZero();
        assertThat(out).contains("html-exporter").contains("tsr-html-exporter.jar").contains("hash md5; export html")
                .contains("failed: bad.Boom (throwing-constructor.jar)");
    }

    static String problem(Map<String, JsonNode> byOrigin, String origin) {
        JsonNode plugin = byOrigin.get(origin);
        assertThat(plugin).as("plugin from " + origin).isNotNull();
        assertThat(plugin.get("state").asString()).isEqualTo("failed");
        return plugin.get("problem").asString();
    }

    @Test
    void scansWithTheNewHashAndACallTimeFailureOnlyCostsItsOwnHash() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path model = SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 3 << 20, Map.of(), 7);
        String md5 = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(model)));
        Path db = dir.resolve("catalog.db");

        assertThat(tsr("db", "scan", models.toString(), "--db", db.toString(), "--hashes", "SHA256,md5")).isZero();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
                var rs = c.createStatement().executeQuery("SELECT hash_value FROM local_file_hashes WHERE hash_type = 'MD5'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(md5);
        }
        // load warnings: one line per broken jar, on stderr, never a stack trace
        assertThat(err).contains("tsr: warning: plugin bad.Boom (throwing-constructor.jar) failed").doesNotContain("\tat ");

        assertThat(tsr("hash", model.toString(), "--hashes", "md5,explode,sha256", "--json")).isZero();
        JsonNode values = JsonMapper.builder().build().readTree(out);
        assertThat(values.get("MD5").asString()).isEqualTo(md5);
        assertThat(values.has("SHA256")).isTrue();
        assertThat(values.has("EXPLODE")).isFalse();
        assertThat(err).contains("tsr: warning: plugin Explodes (call-time-exception.jar) failed in hash 'explode': kaboom;"
                + " it is disabled for this run");
    }

    @Test
    void exportsAGeneratedCatalogToOneEscapedHtmlPage() throws Exception {
        List<String> warnings = new ArrayList<>();
        PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader(), List.of(pluginDir), warnings::add);
        Exporter html = registry.exporter("html");
        assertThat(html).isNotNull();
        assertThat(html.description()).contains("HTML");

        ByteArrayOutputStream page = new ByteArrayOutputStream();
        html.export(catalog(), page);
        String text = page.toString(StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("catalog.html"), text);
        if (System.getProperty("tsr.example.html") != null) {
            Files.writeString(Path.of(System.getProperty("tsr.example.html")), text);
        }

        assertThat(text).startsWith("<!DOCTYPE html>").contains("<style>").doesNotContain("<script").doesNotContain("<link");
        assertThat(text.split("<article class=\"card\">", -1)).hasSize(4); // 3 models: two files of Lantern share a card
        assertThat(text).contains("<h2>Lantern Glow &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</h2>")
                .contains("<dt>Type</dt><dd>LORA</dd>").contains("<dt>Base model</dt><dd>SDXL 1.0</dd>")
                .contains("<li>glowing lantern</li>").contains("<li>night &amp; fog, misty</li>")
                .doesNotContain("<li>misty</li>").contains("<li>lamp</li>")
                .contains("<a href=\"https://image.civitai.com/x/lantern-1.jpeg\">")
                .contains("<code>/models/lora/lantern_v1.safetensors</code>").contains("<code>/models/lora/lantern_v2.safetensors</code>")
                .contains("<dd>v1, v2 &quot;final&quot;</dd>")
                .contains("<h2>mystery.safetensors</h2>").contains("not linked to CivitAI")
                .doesNotContain("href=\"javascript").contains("<li><span>javascript:alert(1)</span></li>");
    }

    /** Rows as a catalog listing gives them, with hostile text in every field. */
    static ExportData catalog() {
        List<String> columns = List.of("file_path", "sha256", "civitai_model_id", "model_name", "model_type", "version_name",
                "base_model", "trigger_words", "preview_urls");
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row(columns, "/models/lora/lantern_v1.safetensors", 501L, "Lantern Glow <script>alert('x')</script>", "LORA", "v1",
                "SDXL 1.0", List.of("glowing lantern", "night & fog, misty"),
                List.of("https://image.civitai.com/x/lantern-1.jpeg", "javascript:alert(1)")));
        rows.add(row(columns, "/models/lora/lantern_v2.safetensors", 501L, "Lantern Glow <script>alert('x')</script>", "LORA",
                "v2 \"final\"", "SDXL 1.0", "glowing lantern, lamp", List.of("https://image.civitai.com/x/lantern-2.jpeg")));
        rows.add(row(columns, "/models/checkpoints/dreamy.safetensors", 2002L, "Dreamy Checkpoint", "Checkpoint", "2.0", "SD 1.5", null,
                List.of()));
        rows.add(row(columns, "/models/unsorted/mystery.safetensors", null, null, null, null, null, null, null));
        return new ExportData("local files", columns, rows);
    }

    static Map<String, Object> row(List<String> columns, String path, Long modelId, String name, String type, String version,
            String base, Object triggers, List<String> previews) {
        Map<String, Object> row = new LinkedHashMap<>();
        Object[] values = {path, "AB".repeat(32), modelId, name, type, version, base, triggers, previews};
        for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), values[i]);
        }
        return row;
    }
}
