package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.engine.civitai.ModelIngest;
import io.tensors.engine.store.CatalogStore;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
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
 * The query commands (list filters, triggers, prompts, dupes, outdated, stats, export) through
 * {@link Cli#run} on a real catalog: files scanned for real, the cache filled through the engine's
 * ingest, files linked with {@code tsr db link --offline}. Nothing touches the network.
 */
class QueryCommandsTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    Path models;
    Path db;
    Path lora;
    Path loraCopy;
    Path ckpt;
    Path loose;
    final Map<String, String> env = new HashMap<>();
    StringWriter out;
    StringWriter err;

    int tsr(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--db");
        all.add(db.toString());
        return Cli.run(new Environment(new PrintWriter(out, true), new PrintWriter(err, true), env, false), all.toArray(String[]::new));
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String sha256(Path f) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    @BeforeEach
    void catalog() throws Exception {
        env.put("HOME", dir.resolve("home").toString());
        models = Files.createDirectories(dir.resolve("models"));
        db = dir.resolve("catalog.db");
        lora = SafetensorsWriter.writeSized(models.resolve("lantern, \"v1\".safetensors"), 20_000, Map.of("k", "v"), 1);
        loraCopy = Files.copy(lora, models.resolve("lantern-copy.safetensors"));
        ckpt = SafetensorsWriter.writeSized(models.resolve("base.safetensors"), 50_000, Map.of("k", "v"), 2);
        loose = SafetensorsWriter.writeSized(models.resolve("loose.safetensors"), 10_000, Map.of("k", "v"), 3);
        assertThat(tsr("db", "scan", models.toString())).isZero();
        String lantern = JSON.writeValueAsString(map("id", 100, "name", "Lantern | Glow", "type", "LORA",
                "creator", map("username", "maker"), "modelVersions", List.of(
                        map("id", 1003, "name", "v3 XL", "baseModel", "SDXL 1.0", "trainedWords", List.of("xl")),
                        map("id", 1002, "name", "v2", "baseModel", "SD 1.5", "trainedWords", List.of("lanternglow2")),
                        map("id", 1001, "name", "v1", "baseModel", "SD 1.5",
                                "trainedWords", List.of("lanternglow", "warm light, bokeh"),
                                "files", List.of(map("id", 9001, "name", "lantern.safetensors", "hashes", map("SHA256", sha256(lora)))),
                                "images", List.of(map("id", 7001, "url", "https://img.invalid/1.jpeg", "width", 512, "height", 768,
                                        "meta", map("prompt", "night market, lanternglow", "negativePrompt", "blurry",
                                                "sampler", "Euler a", "cfgScale", 7, "steps", 20, "seed", 42, "Size", "512x768",
                                                "resources", List.of(map("name", "lantern", "type", "lora", "weight", 0.8, "hash", "abcdef0123")))))))));
        String base = JSON.writeValueAsString(map("id", 200, "name", "Base Model", "type", "Checkpoint",
                "modelVersions", List.of(map("id", 2001, "name", "v1", "baseModel", "SDXL 1.0",
                        "files", List.of(map("id", 9002, "name", "base.safetensors", "hashes", map("SHA256", sha256(ckpt))))))));
        try (CatalogStore store = CatalogStore.open(db)) {
            ModelIngest ingest = new ModelIngest(store);
            ingest.ingestModel("civitai", "models/100", lantern, Instant.parse("2026-03-01T00:00:00Z"));
            ingest.ingestModel("civitai", "models/200", base, Instant.parse("2026-03-01T00:00:00Z"));
        }
        assertThat(tsr("db", "link", "--offline")).isZero();
    }

    @Test
    void listFiltersAndSortsWithTheSameJsonKeys() throws Exception {
        assertThat(tsr("db", "list", "--json", "--type", "lora")).isZero();
        JsonNode rows = JSON.readTree(out.toString());
        assertThat(rows.size()).isEqualTo(2);
        assertThat(rows.get(0).propertyNames()).containsExactly("id", "file_path", "sha256", "file_size", "header_size",
                "tensor_count", "missing_since", "civitai_model_id", "civitai_version_id", "model_name", "model_type",
                "version_name", "base_model", "creator", "trigger_words", "format", "safety", "kind", "kind_source", "architecture",
                "architecture_source", "display_name", "display_name_source", "identity_words", "identity_words_source",
                "model_url", "version_url", "download_url");
        assertThat(rows.get(0).get("trigger_words").toString()).isEqualTo("[\"lanternglow\",\"warm light, bokeh\"]");

        assertThat(tsr("db", "list", "--json", "--unlinked")).isZero();
        assertThat(JSON.readTree(out.toString()).get(0).get("file_path").asString()).isEqualTo(loose.toString());
        assertThat(tsr("db", "list", "--json", "--base", "SDXL 1.0", "--linked")).isZero();
        assertThat(JSON.readTree(out.toString()).get(0).get("file_path").asString()).isEqualTo(ckpt.toString());
        assertThat(tsr("db", "list", "--json", "--sort", "size")).isZero();
        assertThat(JSON.readTree(out.toString()).get(0).get("file_path").asString()).isEqualTo(ckpt.toString());
        assertThat(tsr("db", "list", "--missing")).isZero();
        assertThat(out.toString().strip()).isEqualTo("No file matches these filters.");
        assertThat(tsr("db", "list", "--linked", "--unlinked")).isEqualTo(2);
        assertThat(tsr("db", "list", "--sort", "date")).isEqualTo(2);
    }

    @Test
    void anyListingTakesAFormatInsteadOfJson() throws Exception {
        assertThat(tsr("db", "list", "--format", "csv", "--sort", "path")).isZero();
        String csv = out.toString();
        assertThat(csv).startsWith("id,file_path,sha256,file_size,").contains("\r\n");
        assertThat(csv.split("\r\n")).hasSize(5);
        assertThat(csv).contains(",\"" + lora.toString().replace("\"", "\"\"") + "\",");
        assertThat(csv).contains("\"lanternglow\nwarm light, bokeh\"");

        assertThat(tsr("db", "list", "--format", "markdown", "--linked")).isZero();
        assertThat(out.toString()).startsWith("## local files\n\n| id | file_path |").contains("Lantern \\| Glow");

        assertThat(tsr("db", "stats", "--format", "jsonl")).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(JSON.readTree(lines.getFirst()).get("group").asString()).isEqualTo("total");

        assertThat(tsr("db", "dupes", "--format", "xml")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("tsr: unknown format 'xml': available are json, jsonl, csv, markdown");
        assertThat(tsr("db", "list", "--json", "--format", "csv")).isEqualTo(2);
        assertThat(err.toString()).contains("not both");
    }

    /** One trained word can hold commas (and pipes): no listing may make it look like several. */
    @Test
    void aTriggerWordWithCommasStaysOneWordInTablesJsonAndExports() throws Exception {
        Path thighs = SafetensorsWriter.writeSized(models.resolve("thighs.safetensors"), 5_000, Map.of("k", "v"), 8);
        assertThat(tsr("db", "scan", models.toString())).isZero();
        String body = JSON.writeValueAsString(map("id", 300, "name", "Thighs", "type", "LORA", "modelVersions", List.of(
                map("id", 3001, "name", "v1", "baseModel", "SD 1.5",
                        "trainedWords", List.of("Thigh clothes, semi-realistic, shiny skin", "glossy", "a|b"),
                        "files", List.of(map("id", 9300, "name", "thighs.safetensors", "hashes", map("SHA256", sha256(thighs))))))));
        try (CatalogStore store = CatalogStore.open(db)) {
            new ModelIngest(store).ingestModel("civitai", "models/300", body, Instant.parse("2026-03-01T00:00:00Z"));
        }
        assertThat(tsr("db", "link", "--offline")).isZero();
        List<String> words = List.of("Thigh clothes, semi-realistic, shiny skin", "glossy", "a|b");

        assertThat(tsr("db", "list", "--json")).isZero();
        JsonNode row = null;
        for (JsonNode r : JSON.readTree(out.toString())) {
            if (r.get("file_path").asString().equals(thighs.toString())) {
                row = r;
            }
        }
        assertThat(row.get("trigger_words").valueStream().map(JsonNode::asString).toList()).isEqualTo(words);
        assertThat(tsr("db", "list", "--format", "jsonl")).isZero();
        assertThat(out.toString().lines().filter(l -> l.contains("thighs.safetensors")).findFirst().orElseThrow())
                .contains("\"trigger_words\":[\"Thigh clothes, semi-realistic, shiny skin\",\"glossy\",\"a|b\"]");
        assertThat(tsr("db", "list", "--format", "csv")).isZero();
        // the identity is plain columns (one value a cell): CivitAI's type, base, name and words, each with its source
        assertThat(out.toString()).contains(",\"Thigh clothes, semi-realistic, shiny skin\nglossy\na|b\",safetensors,safe,"
                + "LORA,civitai,SD 1.5,civitai,Thighs,civitai,\"Thigh clothes, semi-realistic, shiny skin\nglossy\na|b\",civitai,https://");
        assertThat(tsr("db", "export", "--format", "markdown")).isZero();
        assertThat(out.toString()).contains("| Thigh clothes, semi-realistic, shiny skin<br>glossy<br>a\\|b | safetensors | safe | LORA | civitai | SD 1.5 | civitai | Thighs | civitai"
                + " | Thigh clothes, semi-realistic, shiny skin<br>glossy<br>a\\|b | civitai | https://civitai.com/models/300 |");
        assertThat(tsr("db", "list", "--wide")).isZero();
        assertThat(out.toString()).contains("Thigh clothes, semi-realistic, shiny skin | glossy | a\\|b");
        assertThat(tsr("db", "search", "glossy", "--wide")).isZero();
        assertThat(out.toString()).contains("Thigh clothes, semi-realistic, shiny skin | glossy | a\\|b");
        assertThat(tsr("db", "search", "glossy", "--json")).isZero();
        assertThat(JSON.readTree(out.toString()).get(0).get("trigger_words").valueStream().map(JsonNode::asString).toList())
                .isEqualTo(words);
    }

    @Test
    void triggersAsLinesOrAJsonArrayOfStrings() throws Exception {
        assertThat(tsr("db", "triggers", lora.toString())).isZero();
        assertThat(out.toString().lines().toList()).containsExactly("lanternglow", "warm light, bokeh");
        assertThat(tsr("db", "triggers", sha256(lora).substring(0, 10).toLowerCase(), "--json")).isZero();
        JsonNode words = JSON.readTree(out.toString());
        assertThat(words.isArray()).isTrue();
        assertThat(words.get(0).asString()).isEqualTo("lanternglow");
        assertThat(words.get(1).asString()).isEqualTo("warm light, bokeh");
        assertThat(tsr("db", "triggers", lora.toString(), "--format", "csv")).isZero();
        assertThat(out.toString()).isEqualTo("position,word\r\n0,lanternglow\r\n1,\"warm light, bokeh\"\r\n");

        assertThat(tsr("db", "triggers", loose.toString())).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("tsr: " + loose + " is not linked to a CivitAI version and its header names no trigger words: run 'tsr db link' first");
        assertThat(tsr("db", "triggers", "abc123")).isEqualTo(2);
        assertThat(err.toString()).contains("at least 8");
        assertThat(tsr("db", "triggers", "0000000000000000")).isEqualTo(2);
        assertThat(err.toString().lines().count()).isEqualTo(1);
    }

    @Test
    void promptsShowTheExampleImagesParameters() throws Exception {
        assertThat(tsr("db", "prompts", "100", "--json")).isZero();
        JsonNode images = JSON.readTree(out.toString());
        assertThat(images.size()).isEqualTo(1);
        JsonNode p = images.get(0);
        assertThat(p.get("version_id").asLong()).isEqualTo(1001);
        assertThat(p.get("prompt").asString()).isEqualTo("night market, lanternglow");
        assertThat(p.get("negative_prompt").asString()).isEqualTo("blurry");
        assertThat(p.get("sampler").asString()).isEqualTo("Euler a");
        assertThat(p.get("cfg_scale").asDouble()).isEqualTo(7.0);
        assertThat(p.get("steps").asLong()).isEqualTo(20);
        assertThat(p.get("seed").asLong()).isEqualTo(42);
        assertThat(p.get("size").asString()).isEqualTo("512x768");
        assertThat(p.get("resources").get(0).get("name").asString()).isEqualTo("lantern");
        assertThat(p.get("resources").get(0).get("weight").asDouble()).isEqualTo(0.8);
        assertThat(p.get("resources").get(0).get("hash").asString()).isEqualTo("ABCDEF0123");

        assertThat(tsr("db", "prompts", "100")).isZero();
        assertThat(out.toString()).contains("v1 (1001)").contains("prompt: night market, lanternglow")
                .contains("negative: blurry").contains("sampler: Euler a").contains("seed: 42")
                .contains("resources: lantern (lora, 0.8, ABCDEF0123)");
        assertThat(tsr("db", "prompts", "100", "--version", "1003", "--json")).isZero();
        assertThat(JSON.readTree(out.toString()).size()).isZero();
        assertThat(tsr("db", "prompts", "100", "--version", "5")).isEqualTo(2);

        assertThat(tsr("db", "prompts", "777")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("tsr: model 777 is not in the cache: run 'tsr db cache 777' first");
    }

    @Test
    void promptsHelpWorksBesideItsVersionOption() throws Exception {
        assertThat(tsr("db", "prompts", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: tsr db prompts").contains("--version=V").contains("--help");
        assertThat(err.toString()).isEmpty();
        assertThat(tsr("db", "prompts", "-h")).isZero();
        assertThat(out.toString()).contains("Usage: tsr db prompts");
        assertThat(tsr("db", "prompts", "100", "--version", "1001", "--json")).isZero();
        assertThat(JSON.readTree(out.toString()).get(0).get("version_id").asLong()).isEqualTo(1001);
    }

    @Test
    void dupesOutdatedAndStats() throws Exception {
        Files.createLink(models.resolve("base-hardlink.safetensors"), ckpt);
        assertThat(tsr("db", "scan", models.toString())).isZero();

        assertThat(tsr("db", "dupes", "--json")).isZero();
        JsonNode rows = JSON.readTree(out.toString());
        assertThat(rows.size()).isEqualTo(2); // the lora and its copy; the hard-linked checkpoint is one file
        assertThat(rows.get(0).get("kind").asString()).isEqualTo("same_bytes");
        assertThat(rows.get(0).get("key").asString()).isEqualTo(sha256(lora));
        assertThat(rows.get(0).get("group_reclaimable_bytes").asLong()).isEqualTo(20_000);
        assertThat(rows.get(0).get("linked_paths").isArray()).isTrue();
        assertThat(tsr("db", "dupes")).isZero();
        assertThat(out.toString()).contains("identical bytes").contains("20.0 kB reclaimable")
                .contains("1 group, 20.0 kB reclaimable");
        String heading = out.toString().lines().findFirst().orElseThrow();
        assertThat(heading).startsWith("2 copies, 40.0 kB, 20.0 kB reclaimable: identical bytes, SHA256 "
                + sha256(lora).substring(0, 8)).hasSizeLessThanOrEqualTo(80).endsWith("…");
        assertThat(tsr("db", "dupes", "--wide")).isZero();
        assertThat(out.toString()).contains("identical bytes, SHA256 " + sha256(lora));

        assertThat(tsr("db", "outdated", "--json")).isZero();
        JsonNode outdated = JSON.readTree(out.toString());
        assertThat(outdated.size()).isEqualTo(2); // the lora and its copy: v2 for SD 1.5 is newer; v3 XL does not count
        assertThat(outdated.get(0).get("local_version_id").asLong()).isEqualTo(1001);
        assertThat(outdated.get(0).get("latest_version_id").asLong()).isEqualTo(1002);
        assertThat(outdated.get(0).get("base_model").asString()).isEqualTo("SD 1.5");
        assertThat(tsr("db", "outdated")).isZero();
        assertThat(out.toString()).contains("v1 (1001)").contains("v2 (1002)").contains("2 outdated files")
                .doesNotContain("v3 XL");

        assertThat(tsr("db", "stats", "--json")).isZero();
        JsonNode stats = JSON.readTree(out.toString());
        assertThat(stats.get(0).get("group").asString()).isEqualTo("total");
        assertThat(stats.get(0).get("files").asLong()).isEqualTo(5);
        assertThat(stats.get(0).get("bytes").asLong()).isEqualTo(20_000 * 2 + 50_000 * 2 + 10_000);
        assertThat(stats.get(1).get("name").asString()).isEqualTo("linked");
        assertThat(stats.get(1).get("files").asLong()).isEqualTo(3); // the hard link came after the link run
        assertThat(tsr("db", "stats")).isZero();
        assertThat(out.toString()).contains("GROUP").contains("unlinked").contains("(unknown)").contains("Checkpoint");
    }

    @Test
    void outdatedGoesByPublicationDateAndShowsDatesAndWhereToGetTheNewerVersion() throws Exception {
        Path synth = SafetensorsWriter.writeSized(models.resolve("synthwavepunk_v2.safetensors"), 5_000, Map.of("k", "v"), 9);
        assertThat(tsr("db", "scan", models.toString())).isZero();
        // CivitAI's list: V2 first, though V3 Alpha came a week later
        String body = JSON.writeValueAsString(map("id", 1102, "name", "SynthwavePunk", "type", "Checkpoint", "modelVersions", List.of(
                map("id", 1144, "name", "V2", "baseModel", "SD 1.5", "createdAt", "2022-11-30T01:14:36.498Z",
                        "downloadUrl", "https://civitai.com/api/download/models/1144",
                        "files", List.of(map("id", 9144, "name", "synthwavepunk_v2.safetensors", "hashes", map("SHA256", sha256(synth))))),
                map("id", 1292, "name", "V3 Alpha", "baseModel", "SD 1.5", "createdAt", "2022-12-07T10:40:26.799Z",
                        "downloadUrl", "https://civitai.com/api/download/models/1292"),
                map("id", 1105, "name", "V1", "baseModel", "SD 1.5", "createdAt", "2022-11-27T22:29:29.401Z"))));
        try (CatalogStore store = CatalogStore.open(db)) {
            new ModelIngest(store).ingestModel("civitai", "models/1102", body, Instant.parse("2026-03-01T00:00:00Z"));
        }
        assertThat(tsr("db", "link", "--offline")).isZero();
        env.put("TSR_CIVITAI_URL", "https://civitai.example");

        assertThat(tsr("db", "outdated", "--json")).isZero();
        JsonNode synthRow = null;
        for (JsonNode row : JSON.readTree(out.toString())) {
            if (row.get("model_id").asLong() == 1102) {
                synthRow = row;
            }
        }
        assertThat(synthRow).as(out.toString()).isNotNull();
        assertThat(synthRow.get("local_version_name").asString()).isEqualTo("V2");
        assertThat(synthRow.get("local_published_at").asString()).isEqualTo("2022-11-30T01:14:36.498Z");
        assertThat(synthRow.get("latest_version_name").asString()).isEqualTo("V3 Alpha");
        assertThat(synthRow.get("latest_published_at").asString()).isEqualTo("2022-12-07T10:40:26.799Z");
        assertThat(synthRow.get("latest_download_url").asString()).isEqualTo("https://civitai.com/api/download/models/1292");
        assertThat(synthRow.get("latest_page_url").asString()).isEqualTo("https://civitai.example/models/1102?modelVersionId=1292");
        assertThat(synthRow.get("newer_versions").asInt()).isEqualTo(1);

        assertThat(synthRow.get("version_url").asString()).isEqualTo("https://civitai.example/models/1102?modelVersionId=1292");
        assertThat(tsr("db", "outdated", "--wide")).isZero();
        assertThat(out.toString().lines().filter(l -> l.contains(synth.toString())).findFirst().orElseThrow())
                .contains("V2 (1144)", "2022-11-30 01:14Z", "V3 Alpha (1292)", "2022-12-07 10:40Z");
        assertThat(out.toString()).contains("SynthwavePunk V3 Alpha (1292):\n"
                + "  page      https://civitai.example/models/1102?modelVersionId=1292\n"
                + "  download  https://civitai.com/api/download/models/1292\n");
    }

    @Test
    void exportWritesStdoutOrAFileAtomically() throws Exception {
        assertThat(tsr("db", "export", "--format", "jsonl")).isZero();
        assertThat(out.toString().lines().count()).isEqualTo(4);

        Path target = dir.resolve("out/catalog.csv");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old");
        assertThat(tsr("db", "export", "--format", "CSV", "--out", target.toString(), "--linked")).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("wrote 3 files as csv");
        String csv = Files.readString(target);
        assertThat(csv).startsWith("id,file_path,").endsWith("\r\n");
        assertThat(csv.split("\r\n")).hasSize(4);
        try (var files = Files.list(target.getParent())) {
            assertThat(files.toList()).containsExactly(target); // no temporary file left
        }

        assertThat(tsr("db", "export", "--format", "yaml", "--out", target.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("tsr: unknown format 'yaml': available are json, jsonl, csv, markdown");
        assertThat(Files.readString(target)).isEqualTo(csv);
        assertThat(tsr("db", "export")).isEqualTo(2);
        assertThat(err.toString()).contains("--format");
    }

    @Test
    void exportKeepsPermissionsAndNamesTheTargetWhenItCannotWrite() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("exports"));
        Path reference = Files.createFile(folder.resolve("reference"));
        Path fresh = folder.resolve("fresh.csv");
        assertThat(tsr("db", "export", "--format", "csv", "--out", fresh.toString())).isZero();
        assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(Files.getPosixFilePermissions(reference)); // the umask's, not 0600

        Path shared = folder.resolve("shared.csv");
        Files.writeString(shared, "old");
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        assertThat(tsr("db", "export", "--format", "csv", "--out", shared.toString())).isZero();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rw-r-----");
        assertThat(Files.readString(shared)).startsWith("id,");

        Path blocked = folder.resolve("fresh.csv/inside.csv"); // a file where its folder should be
        assertThat(tsr("db", "export", "--format", "csv", "--out", blocked.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("tsr: cannot write " + blocked + ": a file is in the way of its folder\n");
        assertThat(tsr("db", "export", "--format", "csv", "--out", folder.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("tsr: cannot write " + folder + ": it is a folder");

        assertThat(AtomicFile.reason(new java.nio.file.AccessDeniedException("/x/.t.tmp"))).isEqualTo("permission denied");
        assertThat(AtomicFile.reason(new java.nio.file.FileSystemException("/x", null, "No space left on device"))).isEqualTo("disk full");
        assertThat(AtomicFile.reason(new java.nio.file.NoSuchFileException("/x/.t.tmp"))).isEqualTo("no such folder");
        assertThat(AtomicFile.reason(new java.io.IOException("No space left on device"))).isEqualTo("disk full");
    }

    @Test
    void summariesUseTheSingularForOne() throws Exception {
        assertThat(tsr("db", "list", "--unlinked")).isZero();
        assertThat(out.toString()).contains("\n1 file\n");

        assertThat(tsr("db", "prompts", "100")).isZero();
        assertThat(out.toString()).endsWith("\n1 image\n");
        Path one = Files.createDirectories(dir.resolve("one"));
        SafetensorsWriter.writeSized(one.resolve("single.safetensors"), 1_000, Map.of("k", "v"), 9);
        assertThat(tsr("db", "scan", one.toString())).isZero();
        assertThat(out.toString()).startsWith("1 file: 1 new, ");
        assertThat(tsr("db", "export", "--format", "csv", "--out", dir.resolve("one.csv").toString(), "--type", "checkpoint")).isZero();
        assertThat(err.toString()).contains("wrote 1 file as csv");
        assertThat(tsr("info", lora.toString())).isZero();
        assertThat(out.toString()).contains("metadata:     1 key\n");
        for (List<String> command : List.of(List.of("db", "link", "--offline"), List.of("db", "outdated"), List.of("plugins"),
                List.of("db", "cache", "200", "--offline"))) {
            tsr(command.toArray(String[]::new));
            assertThat(out + err.toString()).as(command.toString()).doesNotContainPattern("(?<![\\d.])1 [a-z ]*(files|models|images|plugins|keys)\\b");
        }
    }
}
