package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.plugins.testing.SafetensorsWriter;
import io.tensors.plugins.testing.FakeCivitai;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every script in examples/scripts run by {@code tsr run} against a catalog built by the real
 * commands: scan, then link against a CivitAI stand-in on 127.0.0.1.
 */
class ExampleScriptsIT {
    static final Path SCRIPTS = Path.of(System.getProperty("user.dir")).resolve("../examples/scripts").normalize();

    @TempDir
    Path dir;

    FakeCivitai civitai;
    Path models;
    Path db;
    Path latest;
    Path copy;
    Path older;
    Path unknown;
    final Map<String, String> env = new HashMap<>();
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void setUp() throws Exception {
        civitai = new FakeCivitai();
        models = Files.createDirectories(dir.resolve("models"));
        db = dir.resolve("models.db");
        env.put("HOME", dir.resolve("home").toString());
        env.put("TSR_DB", db.toString());
        env.put("TSR_CIVITAI_URL", civitai.baseUrl().toString());
        env.put("TSR_HTTP_TIMEOUT_SECONDS", "2");
        env.put("TSR_HTTP_RETRY_SECONDS", "1");
        latest = SafetensorsWriter.writeSized(models.resolve("shiny_v2.safetensors"), 40_000, Map.of(), 1);
        copy = Files.copy(latest, Files.createDirectories(models.resolve("backup")).resolve("shiny_v2.safetensors"));
        older = SafetensorsWriter.writeSized(models.resolve("matte_v1.safetensors"), 30_000, Map.of(), 2);
        unknown = SafetensorsWriter.writeSized(models.resolve("mystery.safetensors"), 20_000, Map.of(), 3);
        civitai.serve(1001L, FakeCivitai.model(1001, "Shiny Style", CliTest.sha256(latest), "AB".repeat(32)));
        civitai.serve(1002L, FakeCivitai.model(1002, "Matte Style", "CD".repeat(32), CliTest.sha256(older)));
        assertThat(tsr("db", "scan", models.toString())).isZero();
        assertThat(tsr("db", "link")).isZero();
        // Matte Style: an SD 1.5 LoRA published without trigger words
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE model_versions SET base_model = 'SD 1.5' WHERE civitai_id IN (10021, 10022)");
            s.executeUpdate("DELETE FROM trained_words WHERE version_id IN (SELECT id FROM model_versions WHERE civitai_id IN (10021, 10022))");
        }
    }

    @AfterEach
    void tearDown() {
        civitai.close();
    }

    int tsr(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Cli.run(new Environment(new PrintWriter(out, true), new PrintWriter(err, true), env, false), args);
    }

    int script(String name, String... args) {
        return tsr(Stream.concat(Stream.of("run", SCRIPTS.resolve(name).toString()), Stream.of(args)).toArray(String[]::new));
    }

    @Test
    void everyExampleHasATest() throws Exception {
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".js")).sorted())
                    .containsExactly("duplicates.js", "loras-without-triggers.js", "outdated-report.js", "size-by-base-model.js");
        }
    }

    @Test
    void lorasWithoutTriggerWords() {
        assertThat(script("loras-without-triggers.js")).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).contains("Matte Style (v1.0)\t" + older).contains("1 LoRA without trigger words")
                .doesNotContain("Shiny");
        assertThat(script("loras-without-triggers.js", "--json")).isZero();
        JsonNode rows = CliTest.JSON.readTree(out.toString());
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.get(0).get("path").asString()).isEqualTo(older.toString());
    }

    @Test
    void sizeByBaseModel() {
        assertThat(script("size-by-base-model.js", "--json")).isZero();
        assertThat(err.toString()).isEmpty();
        JsonNode rows = CliTest.JSON.readTree(out.toString());
        assertThat(rows.size()).isEqualTo(3);
        assertThat(rows.get(0).get("baseModel").asString()).isEqualTo("SDXL 1.0");
        assertThat(rows.get(0).get("files").asInt()).isEqualTo(2);
        assertThat(rows.get(0).get("bytes").asLong()).isEqualTo(80_000);
        assertThat(rows.get(1).get("baseModel").asString()).isEqualTo("SD 1.5");
        assertThat(rows.get(2).get("baseModel").asString()).isEqualTo("(unlinked)");
        assertThat(script("size-by-base-model.js")).isZero();
        assertThat(out.toString().lines().toList()).contains("SDXL 1.0        2  80.0 kB", "total           4  130.0 kB");
    }

    /**
     * The report names what {@code db outdated} names. Shiny Style's older-listed v1.0 is made the later
     * published one: listed second, it is still the newer version (the order of the list misleads).
     */
    @Test
    void outdatedReportAgreesWithDbOutdated() throws Exception {
        sql("UPDATE model_versions SET published_at = '2025-06-01T08:30:00.000Z' WHERE civitai_id = 10011");
        assertThat(tsr("db", "outdated", "--json")).isZero();
        JsonNode outdated = CliTest.JSON.readTree(out.toString());
        assertThat(outdated.size()).isEqualTo(3); // Matte v1.0, and both copies of Shiny v2.0

        assertThat(script("outdated-report.js")).isZero();
        assertThat(err.toString()).isEmpty();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("# Outdated models");
        assertThat(lines).contains("3 files with a newer version on CivitAI.");
        List<String> rows = lines.stream().filter(l -> l.startsWith("| ") && l.contains("`")).toList();
        assertThat(rows).hasSize(outdated.size());
        for (int i = 0; i < outdated.size(); i++) {
            JsonNode o = outdated.get(i);
            assertThat(rows.get(i)).startsWith("| " + o.get("model_name").asString() + " | ")
                    .contains("| " + o.get("local_version_name").asString() + " | ")
                    .contains("[" + o.get("latest_version_name").asString() + "](" + o.get("latest_page_url").asString() + ")")
                    .contains(o.get("latest_download_url").isNull() ? "|  |" : "[download](" + o.get("latest_download_url").asString() + ")")
                    .endsWith("`" + o.get("file_path").asString() + "` |");
        }
        assertThat(rows.get(0)).isEqualTo("| Matte Style | SD 1.5 | v1.0 |  | [v2.0](" + civitai.baseUrl()
                + "/models/1002?modelVersionId=10022) | 2025-02-01 00:00 | [download](https://civitai.com/api/download/models/10022) | `"
                + older + "` |");
        assertThat(rows.get(1)).contains("| Shiny Style | SDXL 1.0 | v2.0 | 2025-02-01 00:00 | [v1.0](" + civitai.baseUrl()
                + "/models/1001?modelVersionId=10011) | 2025-06-01 08:30 |");
    }

    @Test
    void theFacadeMethodsReachScriptsAsPlainValues() throws Exception {
        Path probe = dir.resolve("probe.js");
        Files.writeString(probe, """
                const out = {
                  files: tsr.files({sort: 'size', linked: true}).map(f => f.fileSize),
                  triggers: tsr.triggers(args[0]),
                  search: tsr.search('shiny', {limit: 5}).length > 0,
                  prompts: tsr.prompts(1001).length,
                  outdated: tsr.outdated().length,
                  stats: typeof tsr.stats(),
                  duplicates: typeof tsr.duplicates(),
                };
                console.log(JSON.stringify(out));
                """);
        assertThat(tsr("run", probe.toString(), latest.toString())).as(err.toString()).isZero();
        JsonNode o = CliTest.JSON.readTree(out.toString());
        assertThat(o.get("triggers").toString()).isEqualTo("[\"shiny\",\"sparkle style\"]");
        assertThat(o.get("files").size()).isEqualTo(3);
        assertThat(o.get("search").asBoolean()).isTrue();
        assertThat(o.get("prompts").asInt()).isEqualTo(1);
        assertThat(o.get("outdated").asInt()).isEqualTo(1);
        assertThat(o.get("stats").asString()).isEqualTo("object");
        assertThat(o.get("duplicates").asString()).isEqualTo("object");
    }

    /** Hard links and symlinks to one file are one copy: the script says what {@code db dupes} says. */
    @Test
    void duplicatesAgreeWithDbDupes() throws Exception {
        Path links = Files.createDirectories(models.resolve("links"));
        Files.createLink(links.resolve("matte_hardlink.safetensors"), older);
        Files.createSymbolicLink(links.resolve("matte_symlink.safetensors"), older);
        assertThat(tsr("db", "scan", models.toString())).isZero();

        assertThat(script("duplicates.js")).isZero();
        assertThat(out.toString()).doesNotContain("matte")
                .contains("identical bytes " + CliTest.sha256(latest) + "  Shiny Style v2.0: 2 copies, 40000 bytes reclaimable")
                .contains("1 group; 40000 bytes reclaimable by keeping one copy of each");

        assertThat(tsr("db", "dupes", "--json")).isZero();
        Map<String, List<String>> byCommand = new TreeMap<>();
        for (JsonNode row : CliTest.JSON.readTree(out.toString())) {
            byCommand.computeIfAbsent(row.get("kind").asString() + " " + row.get("key").asString() + " "
                    + row.get("group_reclaimable_bytes").asLong(), k -> new ArrayList<>()).add(row.get("file_path").asString());
        }
        assertThat(script("duplicates.js", "--json")).isZero();
        assertThat(err.toString()).isEmpty();
        JsonNode report = CliTest.JSON.readTree(out.toString());
        Map<String, List<String>> byScript = new TreeMap<>();
        for (JsonNode g : report.get("groups")) {
            for (JsonNode copy : g.get("copies")) {
                byScript.computeIfAbsent(g.get("kind").asString() + " " + g.get("key").asString() + " "
                        + g.get("reclaimableBytes").asLong(), k -> new ArrayList<>()).add(copy.get("path").asString());
            }
        }
        assertThat(byScript).isEqualTo(byCommand);
        // one group: Shiny Style and its copy; the Matte file with its hard link and symlink is one file
        assertThat(byScript).containsOnlyKeys("same_bytes " + CliTest.sha256(latest) + " 40000");
        assertThat(report.get("reclaimableBytes").asLong()).isEqualTo(40_000);
        assertThat(out.toString()).doesNotContain("matte");
    }

    void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }
}
