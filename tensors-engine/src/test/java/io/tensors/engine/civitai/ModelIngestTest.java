package io.tensors.engine.civitai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.IngestResult;
import io.tensors.engine.store.ModelEntry;
import io.tensors.engine.store.SourceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every value that lands in the catalog is compared with the JSON it came from, read here with
 * Jackson independently of the ingest code.
 */
class ModelIngestTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> CACHE_TABLES = List.of("creators", "models", "model_versions", "trained_words",
            "version_files", "file_hashes", "tags", "model_tags", "version_images", "image_generation_params",
            "image_resources", "source_responses");
    private static final Instant T1 = Instant.parse("2026-02-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-02-02T10:00:00Z");

    @TempDir
    Path dir;

    private Path db;
    private CatalogStore store;
    private ModelIngest ingest;

    @BeforeEach
    void open() {
        db = dir.resolve("models.db");
        store = CatalogStore.open(db);
        ingest = new ModelIngest(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void writesAModelValueThatHasNoRawResponseAsItsJsonWouldBeWritten() throws Exception {
        String body = resource("model_900100.json");
        ModelEntry read = new CivitaiResponseReader().model(new SourceResponse("civitai", "models/900100", body, T1));
        ModelEntry value = new ModelEntry(new SourceResponse("civitai", "models/900100", null, T1), read.row(),
                read.creator(), read.tags(), read.versions());

        IngestResult written = ingest.write(List.of(value)).getFirst();
        Map<String, List<List<Object>>> fromValue = dump();
        ingest.ingestModel("civitai", "models/900100", body, T1);
        Map<String, List<List<Object>>> fromJson = dump();

        assertThat(written).isEqualTo(new IngestResult(900100, "Lantern Glow Style", 3, 4, 5));
        assertThat(fromValue.remove("source_responses")).isEmpty(); // no body: no raw response kept
        assertThat(fromJson.remove("source_responses")).hasSize(1);
        assertThat(fromValue).isEqualTo(fromJson);
    }

    @Test
    void storesEveryFieldOfAModelAsTheJsonHasIt() throws Exception {
        String body = resource("model_900100.json");
        IngestResult result = ingest.ingestModel("civitai", "models/900100", body, T1);

        assertThat(result).isEqualTo(new IngestResult(900100, "Lantern Glow Style", 3, 4, 5));
        try (Connection c = connect()) {
            assertModelMatches(c, JSON.readTree(body), "civitai", T1);
            assertVersionsMatch(c, JSON.readTree(body));
            assertThat(row(c, "SELECT source, status, body, fetched_at FROM source_responses WHERE resource = ?",
                    "models/900100")).isEqualTo(entries(
                    "source", "civitai", "status", 200L, "body", body,
                    "fetched_at", T1.toString()));
            // spot checks of the normalization rules, beyond "same as the JSON"
            assertThat(single(c, "SELECT allow_commercial_use FROM models")).isEqualTo("Image,RentCivit");
            assertThat(single(c, "SELECT download_count FROM models")).isNull();
            assertThat(column(c, "SELECT t.name FROM tags t JOIN model_tags mt ON mt.tag_id = t.id ORDER BY t.name"))
                    .containsExactly("lanterns", "lighting", "night", "style");
            assertThat(column(c, "SELECT hash_value FROM file_hashes h JOIN version_files f ON f.id = h.file_id"
                    + " WHERE f.civitai_id = 800301 AND hash_type = 'SHA256'"))
                    .containsExactly("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789");
            assertThat(column(c, "SELECT word FROM trained_words w JOIN model_versions v ON v.id = w.version_id"
                    + " WHERE v.civitai_id = 900103 ORDER BY position"))
                    .containsExactly("lanternglow", "warm light, bokeh", "paper lantern");
            assertThat(column(c, "SELECT i.nsfw_level FROM version_images i JOIN model_versions v ON v.id = i.version_id"
                    + " WHERE v.civitai_id = 900102 ORDER BY position")).containsExactly(3L, 31L);
            assertThat(column(c, "SELECT value FROM image_generation_params WHERE key = 'seed'"))
                    .containsExactlyInAnyOrder("3857540070", "-1");
            assertThat(column(c, "SELECT value FROM image_generation_params WHERE key = 'hashes'"))
                    .containsExactly("{\"model\":\"31e35c80fc\",\"lora:lantern_glow_xl_v3\":\"00aa11bb22cc\"}");
            assertThat(column(c, "SELECT hash || ' ' || weight FROM image_resources WHERE name = 'lantern_glow_xl_v3'"))
                    .containsExactly("00AA11BB22CC 0.8");
            assertThat(column(c, "SELECT has_meta FROM version_images ORDER BY version_id, position"))
                    .containsExactly(1L, 0L, 1L, 1L, 1L); // v3: meta, meta null, hasMeta only; then v2
            assertThat(single(c, "SELECT latest_version FROM v_models_with_latest")).isEqualTo("v3.0 XL");
        }
    }

    @Test
    void cachingTheSameModelTwiceLeavesTheSameRowsWithTheSameIds() throws Exception {
        String body = resource("model_900100.json");
        ingest.ingestModel("civitai", "models/900100", body, T1);
        Map<String, List<List<Object>>> first = dump();

        IngestResult again = ingest.ingestModel("civitai", "models/900100", body, T1);

        assertThat(again.versions()).isEqualTo(3);
        assertThat(dump()).isEqualTo(first);
        assertThat(first.get("image_resources")).hasSize(3);
        assertThat(first.get("file_hashes")).hasSize(12);
    }

    @Test
    void aChangedModelUpdatesFieldsAndDeletesWhatIsGone() throws Exception {
        ingest.ingestModel("civitai", "models/900100", resource("model_900100.json"), T1);
        Map<String, List<List<Object>>> before = dump();
        long keptVersionRow = longValue("SELECT id FROM model_versions WHERE civitai_id = 900103");
        long keptFileRow = longValue("SELECT id FROM version_files WHERE civitai_id = 800301");
        long modelRow = longValue("SELECT id FROM models");
        String changedBody = resource("model_900100_changed.json");

        IngestResult result = ingest.ingestModel("civitai", "models/900100", changedBody, T2);

        assertThat(result).isEqualTo(new IngestResult(900100, "Lantern Glow Style (archived)", 2, 2, 4));
        try (Connection c = connect()) {
            JsonNode changed = JSON.readTree(changedBody);
            assertModelMatches(c, changed, "civitai", T2);
            assertVersionsMatch(c, changed);
            assertThat(single(c, "SELECT mode FROM models")).isEqualTo("Archived");
            assertThat(single(c, "SELECT id FROM models")).isEqualTo(modelRow);
            assertThat(single(c, "SELECT id FROM model_versions WHERE civitai_id = 900103")).isEqualTo(keptVersionRow);
            assertThat(single(c, "SELECT id FROM version_files WHERE civitai_id = 800301")).isEqualTo(keptFileRow);
            assertThat(single(c, "SELECT count(*) FROM model_versions WHERE civitai_id = 900101")).isEqualTo(0L);
            assertThat(single(c, "SELECT count(*) FROM version_files WHERE civitai_id IN (800101, 800302)")).isEqualTo(0L);
            assertThat(single(c, "SELECT image_url FROM creators")).isNull();
            assertThat(column(c, "SELECT t.name FROM tags t JOIN model_tags mt ON mt.tag_id = t.id ORDER BY t.name"))
                    .containsExactly("lighting", "night", "paper");
            // nothing is left dangling: every child row belongs to a live parent
            assertThat(single(c, "SELECT count(*) FROM file_hashes WHERE file_id NOT IN (SELECT id FROM version_files)"))
                    .isEqualTo(0L);
            assertThat(single(c, "SELECT count(*) FROM image_generation_params"
                    + " WHERE image_id NOT IN (SELECT id FROM version_images)")).isEqualTo(0L);
            assertThat(single(c, "SELECT count(*) FROM image_resources"
                    + " WHERE image_id NOT IN (SELECT id FROM version_images)")).isEqualTo(0L);
            assertThat(single(c, "SELECT count(*) FROM trained_words"
                    + " WHERE version_id NOT IN (SELECT id FROM model_versions)")).isEqualTo(0L);
            assertThat(single(c, "SELECT count(*) FROM file_hashes")).isEqualTo(9L);
            assertThat(single(c, "SELECT count(*) FROM image_resources")).isEqualTo(2L);
        }
        // the old image rows at kept positions keep their ids; the resources too where they remain
        Map<String, List<List<Object>>> after = dump();
        assertThat(after.get("image_resources").getFirst().getFirst())
                .isEqualTo(before.get("image_resources").getFirst().getFirst());
    }

    @Test
    void aVersionNoLongerListedIsKeptUnlistedWhileALocalFileIsLinkedToIt() throws Exception {
        String body = resource("model_900100.json");
        ingest.ingestModel("civitai", "models/900100", body, T1);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO local_files (file_path, sha256, civitai_model_id, civitai_version_id, created_at,"
                    + " updated_at, file_size, mtime_ns) VALUES ('/m/old.safetensors', 'AB', 900100, 900102, 't', 't', 1, 1)");
        }
        // CivitAI now lists only 900103: 900102 is linked locally, 900101 is not
        tools.jackson.databind.node.ObjectNode root = (tools.jackson.databind.node.ObjectNode) JSON.readTree(body);
        tools.jackson.databind.node.ArrayNode versions = (tools.jackson.databind.node.ArrayNode) root.get("modelVersions");
        versions.remove(2);
        versions.remove(1);

        ingest.ingestModel("civitai", "models/900100", JSON.writeValueAsString(root), T2);

        try (Connection c = connect()) {
            assertThat(column(c, "SELECT civitai_id || ':' || ifnull(version_index, 'null') FROM model_versions ORDER BY civitai_id"))
                    .containsExactly("900102:null", "900103:0");
            assertThat(single(c, "SELECT count(*) FROM trained_words w JOIN model_versions v ON v.id = w.version_id"
                    + " WHERE v.civitai_id = 900102")).isEqualTo(1L);
            assertThat(single(c, "SELECT count(*) FROM file_hashes h JOIN version_files f ON f.id = h.file_id"
                    + " WHERE f.civitai_id = 800201")).isEqualTo(4L);
            assertThat(single(c, "SELECT count(*) FROM version_images i JOIN model_versions v ON v.id = i.version_id"
                    + " WHERE v.civitai_id = 900102")).isEqualTo(2L);
            assertThat(single(c, "SELECT latest_version_id FROM v_models_with_latest")).isEqualTo(900103L);
            // a file on an unlisted version is never reported outdated (its index is unknown)
            assertThat(new io.tensors.engine.query.Queries(store).outdated(java.net.URI.create("https://civitai.com"))).isEmpty();
        }
    }

    @Test
    void aMalformedBodyThrowsOneLineAndLeavesTheCachedModelAlone() throws Exception {
        ingest.ingestModel("civitai", "models/900100", resource("model_900100.json"), T1);
        Map<String, List<List<Object>>> before = dump();
        String truncated = resource("model_900100_changed.json").substring(0, 500);

        for (String bad : List.of(truncated, "<html><body>Bad gateway</body></html>", "[]", "",
                "{\"name\": \"no id here\", \"modelVersions\": []}", "{\"id\": \"abc\"}",
                "{\"id\": 900100, \"modelVersions\": [{\"name\": \"version without id\"}]}",
                resource("model_900100.json") + "{}")) {
            assertThatThrownBy(() -> ingest.ingestModel("civitai", "models/900100", bad, T2))
                    .isInstanceOfSatisfying(TensorsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
                        assertThat(e.getMessage()).startsWith("models/900100: malformed CivitAI response: ")
                                .doesNotContain("\n").doesNotContain("`").doesNotContain("jackson").doesNotContain("JsonToken");
                    });
        }
        assertThatThrownBy(() -> ingest.ingestModels("civitai", List.of(
                new ModelDocument("models/900100", resource("model_900100_changed.json")),
                new ModelDocument("models/1", "{\"name\": \"x\"}")), T2))
                .hasMessage("models/1: malformed CivitAI response: no model id");
        assertThatThrownBy(() -> ingest.ingestVersion("civitai", "model-versions/1", "{\"id\": 1}", T2))
                .hasMessage("model-versions/1: malformed CivitAI response: no modelId");

        assertThat(dump()).isEqualTo(before);
    }

    @Test
    void aVersionLookupOnAnEmptyCatalogThenTheFullModelGivesOneOfEverything() throws Exception {
        String versionBody = resource("version_900103.json");
        IngestResult fromVersion = ingest.ingestVersion("civitai", "model-versions/by-hash/ABCDEF0123", versionBody, T1);

        assertThat(fromVersion).isEqualTo(new IngestResult(900100, "Lantern Glow (from a version lookup)", 1, 1, 1));
        JsonNode version = JSON.readTree(versionBody);
        try (Connection c = connect()) {
            assertThat(row(c, "SELECT civitai_id, name, type, nsfw, poi, creator_id, cached_at, source FROM models"))
                    .isEqualTo(entries("civitai_id", 900100L,
                            "name", "Lantern Glow (from a version lookup)", "type", "LORA",
                            "nsfw", 0L, "poi", 0L, "creator_id", null,
                            "cached_at", null, "source", "civitai"));
            assertVersionMatches(c, version, null);
        }

        String modelBody = resource("model_900100.json");
        ingest.ingestModel("civitai", "models/900100", modelBody, T2);

        try (Connection c = connect()) {
            assertThat(single(c, "SELECT count(*) FROM models")).isEqualTo(1L);
            assertThat(single(c, "SELECT count(*) FROM model_versions")).isEqualTo(3L);
            assertThat(single(c, "SELECT count(*) FROM version_files")).isEqualTo(4L);
            assertThat(single(c, "SELECT count(*) FROM version_images")).isEqualTo(5L);
            assertThat(single(c, "SELECT count(*) FROM source_responses")).isEqualTo(2L);
            assertModelMatches(c, JSON.readTree(modelBody), "civitai", T2);
            // the models endpoint sends no meta for the last picture: what the version lookup cached stays
            JsonNode cachedMeta = version.path("images").get(0).path("meta");
            assertThat(params(c, 900103, 2)).isEqualTo(expectedParams(cachedMeta));
            assertThat(resources(c, 900103, 2)).isEqualTo(expectedResources(cachedMeta));
        }
    }

    @Test
    void aVersionLookupAfterTheModelKeepsTheModelTheIndexAndTheOtherVersions() throws Exception {
        ingest.ingestModel("civitai", "models/900100", resource("model_900100.json"), T1);
        Map<String, List<List<Object>>> before = dump();

        ingest.ingestVersion("civitai", "model-versions/900103", resource("version_900103.json"), T2);

        Map<String, List<List<Object>>> after = dump();
        assertThat(after.get("models")).isEqualTo(before.get("models"));
        assertThat(after.get("creators")).isEqualTo(before.get("creators"));
        assertThat(after.get("model_tags")).isEqualTo(before.get("model_tags"));
        try (Connection c = connect()) {
            assertThat(column(c, "SELECT civitai_id || ':' || version_index FROM model_versions ORDER BY civitai_id"))
                    .containsExactly("900101:2", "900102:1", "900103:0");
            // what the version body lacks (availability, thumbs down) is kept; what it has is updated
            assertThat(row(c, "SELECT availability, thumbs_down_count, updated_at, air FROM model_versions"
                    + " WHERE civitai_id = 900103")).isEqualTo(entries("availability", "Public",
                    "thumbs_down_count", 1L, "updated_at", "2025-03-05T12:00:00.000Z",
                    "air", "urn:air:sdxl:lora:civitai:900100@900103"));
            assertThat(single(c, "SELECT count(*) FROM version_files WHERE civitai_id = 800201")).isEqualTo(1L);
        }
        ingest.ingestVersion("civitai", "model-versions/900103", resource("version_900103.json"), T2);
        assertThat(dump()).isEqualTo(after);
    }

    @Test
    void oddAndMissingFieldsAreToleratedAndStillIdempotent() throws Exception {
        String odd = """
                {"id": 555, "name": null, "type": "Checkpoint", "mode": "TakenDown", "allowCommercialUse": "Sell",
                 "stats": {"downloadCount": null}, "creator": null, "tags": [{"name": "old style"}, null, "x"],
                 "unknown": {"deep": [null]},
                 "modelVersions": [
                   {"id": 556, "name": "v1", "trainedWords": null, "images": null,
                    "files": [{"id": 557, "name": "a.ckpt"},
                              {"name": "no-id.safetensors", "hashes": {"sha256": "abc1", "autov2": null}}]},
                   {"id": 558, "files": null,
                    "images": [{"url": null}, {"url": "https://image.example.invalid/u.png", "meta": "junk", "nsfw": true}]}
                 ]}""";

        IngestResult result = ingest.ingestModel("civitai", "models/555", odd, T1);

        assertThat(result).isEqualTo(new IngestResult(555, "", 2, 2, 1));
        Map<String, List<List<Object>>> first = dump();
        try (Connection c = connect()) {
            assertThat(row(c, "SELECT name, type, mode, allow_commercial_use, download_count, creator_id FROM models"))
                    .isEqualTo(entries("name", "", "type", "Checkpoint", "mode", "TakenDown",
                            "allow_commercial_use", "Sell", "download_count", null, "creator_id", null));
            assertThat(column(c, "SELECT t.name FROM tags t JOIN model_tags mt ON mt.tag_id = t.id ORDER BY t.name"))
                    .containsExactly("old style", "x");
            assertThat(rows(c, "SELECT f.name, h.hash_type, h.hash_value FROM version_files f"
                    + " LEFT JOIN file_hashes h ON h.file_id = f.id ORDER BY f.name")).containsExactly(
                    java.util.Arrays.asList("a.ckpt", null, null), List.of("no-id.safetensors", "SHA256", "ABC1"));
            assertThat(rows(c, "SELECT position, url, nsfw_level, has_meta FROM version_images"))
                    .containsExactly(List.of(1L, "https://image.example.invalid/u.png", 7L, 0L));
            assertThat(single(c, "SELECT count(*) FROM image_generation_params")).isEqualTo(0L);
            assertThat(column(c, "SELECT name FROM model_versions ORDER BY civitai_id")).containsExactly("v1", "");
        }

        ingest.ingestModel("civitai", "models/555", odd, T1);
        assertThat(dump()).isEqualTo(first); // the file without a CivitAI id keeps its row too

        ingest.ingestModel("civitai", "models/555", odd.replace("\"name\": null", "\"name\": \"Named now\""), T1);
        ingest.ingestModel("civitai", "models/555", odd, T1);
        try (Connection c = connect()) {
            assertThat(single(c, "SELECT name FROM models")).isEqualTo("Named now"); // a missing name keeps the known one
        }
    }

    @Test
    void markGoneKeepsEverythingAndTheNextSuccessfulCacheClearsIt() throws Exception {
        ingest.ingestModel("civitai", "models/900100", resource("model_900100.json"), T1);
        Map<String, List<List<Object>>> before = dump();

        ingest.markGone(900100, T2);
        ingest.markGone(900100, T2.plusSeconds(3600)); // still gone: the first date stays
        ingest.markGone(424242, T2); // not cached: nothing to mark

        Map<String, List<List<Object>>> after = dump();
        for (String table : CACHE_TABLES) {
            if (!table.equals("models")) {
                assertThat(after.get(table)).as(table).isEqualTo(before.get(table));
            }
        }
        try (Connection c = connect()) {
            assertThat(single(c, "SELECT gone_since FROM models")).isEqualTo(T2.toString());
            assertThat(single(c, "SELECT count(*) FROM models")).isEqualTo(1L);
        }
        ingest.ingestModel("civitai", "models/900100", resource("model_900100.json"), T2);
        try (Connection c = connect()) {
            assertThat(single(c, "SELECT gone_since FROM models")).isNull();
            assertThat(single(c, "SELECT cached_at FROM models")).isEqualTo(T2.toString());
        }
    }

    @Test
    void manyModelsAreCachedAcrossSeveralTransactions() throws Exception {
        JsonNode template = JSON.readTree(resource("model_900100.json"));
        List<ModelDocument> docs = new ArrayList<>();
        int count = ModelIngest.MODELS_PER_TRANSACTION * 2 + 7;
        for (int i = 0; i < count; i++) {
            // same shape, fresh ids: each model is its own
            String body = JSON.writeValueAsString(template)
                    .replace("\"id\":9001", "\"id\":" + (100 + i) + "9001")
                    .replace("\"id\":8003", "\"id\":" + (100 + i) + "8003")
                    .replace("\"id\":8002", "\"id\":" + (100 + i) + "8002")
                    .replace("\"id\":8001", "\"id\":" + (100 + i) + "8001");
            docs.add(new ModelDocument("models/" + JSON.readTree(body).path("id").asLong(), body));
        }

        List<IngestResult> results = ingest.ingestModels("civitai", docs, T1);

        assertThat(results).hasSize(count).allSatisfy(r -> assertThat(r.versions()).isEqualTo(3));
        try (Connection c = connect()) {
            assertThat(single(c, "SELECT count(*) FROM models")).isEqualTo((long) count);
            assertThat(single(c, "SELECT count(*) FROM model_versions")).isEqualTo(3L * count);
            assertThat(single(c, "SELECT count(*) FROM tags")).isEqualTo(4L);
            assertThat(single(c, "SELECT count(*) FROM creators")).isEqualTo(1L);
            JsonNode last = JSON.readTree(docs.getLast().json());
            assertModelMatches(c, last, "civitai", T1);
            assertVersionsMatch(c, last);
        }
    }

    @Test
    void realCivitaiResponsesLandFieldForField() throws Exception {
        String shared = System.getProperty("tsr.shared.dir");
        Path fixtures = shared == null ? null : Path.of(shared, "fixtures", "civitai");
        Assumptions.assumeTrue(fixtures != null && Files.isDirectory(fixtures),
                "../shared/fixtures not present: real CivitAI responses skipped");
        List<Path> files;
        try (Stream<Path> list = Files.list(fixtures)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        int models = 0;
        int versions = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            String body = Files.readString(file, StandardCharsets.UTF_8);
            JsonNode root = JSON.readTree(body);
            if (name.startsWith("models_id_") || name.startsWith("models_item_") || name.startsWith("wiki_models_id_")) {
                ingest.ingestModel("civitai", "models/" + root.path("id").asLong(), body, T1);
                checkRealModel(root, name);
                models++;
            } else if (name.startsWith("models_list_") || name.startsWith("wiki_models_list_")) {
                List<ModelDocument> docs = new ArrayList<>();
                for (JsonNode item : root.path("items")) {
                    docs.add(new ModelDocument("models/" + item.path("id").asLong(), JSON.writeValueAsString(item)));
                }
                assertThat(ingest.ingestModels("civitai", docs, T1)).hasSize(docs.size());
                for (JsonNode item : root.path("items")) {
                    checkRealModel(item, name);
                    models++;
                }
            } else if (name.startsWith("by_hash_") || name.startsWith("wiki_model_versions_")) {
                ingest.ingestVersion("civitai", "model-versions/" + root.path("id").asLong(), body, T1);
                try (Connection c = connect()) {
                    assertVersionMatches(c, root, null);
                    assertThat(single(c, "SELECT name FROM models WHERE civitai_id = ?", root.path("modelId").asLong()))
                            .as(name).isEqualTo(root.path("model").path("name").asString());
                }
                versions++;
            }
        }
        assertThat(models).as("models in the fixtures").isGreaterThanOrEqualTo(9);
        assertThat(versions).as("version bodies in the fixtures").isGreaterThanOrEqualTo(2);

        // every real model a second time: nothing moves
        Map<String, List<List<Object>>> first = dump();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.startsWith("models_id_") || name.startsWith("models_item_") || name.startsWith("wiki_models_id_")) {
                String body = Files.readString(file, StandardCharsets.UTF_8);
                ingest.ingestModel("civitai", "models/" + JSON.readTree(body).path("id").asLong(), body, T1);
            }
        }
        assertThat(dump()).isEqualTo(first);
    }

    private void checkRealModel(JsonNode model, String fixture) throws Exception {
        try (Connection c = connect()) {
            assertThat(row(c, "SELECT name, type, nsfw FROM models WHERE civitai_id = ?", model.path("id").asLong()))
                    .as(fixture).isEqualTo(entries("name", model.path("name").asString(),
                            "type", model.path("type").asString(), "nsfw", bool(model.path("nsfw"))));
            assertModelMatches(c, model, "civitai", T1);
            assertVersionsMatch(c, model);
        }
    }

    // ------------------------------------------------------------------ comparing rows with the JSON

    private static void assertModelMatches(Connection c, JsonNode m, String source, Instant cachedAt) throws SQLException {
        JsonNode stats = m.path("stats");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("civitai_id", m.path("id").asLong());
        expected.put("name", text(m.path("name")));
        expected.put("description", text(m.path("description")));
        expected.put("type", text(m.path("type")));
        expected.put("nsfw", bool(m.path("nsfw")));
        expected.put("download_count", integer(stats.path("downloadCount")));
        expected.put("thumbs_up_count", integer(stats.path("thumbsUpCount")));
        expected.put("thumbs_down_count", integer(stats.path("thumbsDownCount")));
        expected.put("comment_count", integer(stats.path("commentCount")));
        expected.put("favorite_count", integer(stats.path("favoriteCount")));
        expected.put("rating_count", integer(stats.path("ratingCount")));
        expected.put("rating", real(stats.path("rating")));
        expected.put("poi", bool(m.path("poi")));
        expected.put("minor", bool(m.path("minor")));
        expected.put("sfw_only", bool(m.path("sfwOnly")));
        expected.put("nsfw_level", integer(m.path("nsfwLevel")));
        expected.put("availability", text(m.path("availability")));
        expected.put("mode", text(m.path("mode")));
        expected.put("allow_no_credit", bool(m.path("allowNoCredit")));
        JsonNode commercial = m.path("allowCommercialUse");
        expected.put("allow_commercial_use", commercial.isArray()
                ? String.join(",", commercial.valueStream().map(JsonNode::asString).toList()) : text(commercial));
        expected.put("allow_derivatives", bool(m.path("allowDerivatives")));
        expected.put("allow_different_license", bool(m.path("allowDifferentLicense")));
        expected.put("supports_generation", bool(m.path("supportsGeneration")));
        expected.put("created_at", timestamp(m.path("createdAt")));
        expected.put("updated_at", timestamp(m.path("updatedAt")));
        expected.put("source", source);
        expected.put("cached_at", cachedAt.toString());
        expected.put("gone_since", null);
        expected.put("creator", text(m.path("creator").path("username")));
        expected.put("creator_image", text(m.path("creator").path("image")));
        assertThat(row(c, "SELECT " + String.join(", ", expected.keySet().stream().map(k -> switch (k) {
                    case "creator" -> "c.username AS creator";
                    case "creator_image" -> "c.image_url AS creator_image";
                    default -> "m." + k;
                }).toList()) + " FROM models m LEFT JOIN creators c ON c.id = m.creator_id WHERE m.civitai_id = ?",
                m.path("id").asLong())).as("model %s", m.path("id")).isEqualTo(expected);
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        m.path("tags").forEach(t -> tags.add(t.isObject() ? t.path("name").asString() : t.asString()));
        assertThat(column(c, "SELECT t.name FROM tags t JOIN model_tags mt ON mt.tag_id = t.id"
                + " JOIN models m ON m.id = mt.model_id WHERE m.civitai_id = ?", m.path("id").asLong()))
                .as("tags of %s", m.path("id")).containsExactlyInAnyOrderElementsOf(tags);
    }

    /** Versions as the model's list has them; version_index is CivitAI's index when it is usable, else the position. */
    private static void assertVersionsMatch(Connection c, JsonNode m) throws SQLException {
        JsonNode versions = m.path("modelVersions");
        boolean useIndex = true;
        int previous = -1;
        for (JsonNode v : versions) {
            useIndex &= v.path("index").isIntegralNumber() && v.path("index").asInt() > previous;
            previous = v.path("index").asInt();
        }
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            JsonNode v = versions.get(i);
            assertVersionMatches(c, v, (long) (useIndex ? v.path("index").asInt() : i));
            ids.add(v.path("id").asLong());
        }
        assertThat(column(c, "SELECT v.civitai_id FROM model_versions v JOIN models m ON m.id = v.model_id"
                + " WHERE m.civitai_id = ?", m.path("id").asLong())).containsExactlyInAnyOrderElementsOf(ids);
    }

    private static void assertVersionMatches(Connection c, JsonNode v, Long expectedIndex) throws SQLException {
        long id = v.path("id").asLong();
        JsonNode stats = v.path("stats");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", text(v.path("name")));
        expected.put("base_model", text(v.path("baseModel")));
        expected.put("base_model_type", text(v.path("baseModelType")));
        expected.put("download_url", text(v.path("downloadUrl")));
        expected.put("version_index", expectedIndex);
        expected.put("description", text(v.path("description")));
        expected.put("status", text(v.path("status")));
        expected.put("availability", text(v.path("availability")));
        expected.put("nsfw_level", integer(v.path("nsfwLevel")));
        expected.put("early_access_ends_at", timestamp(v.path("earlyAccessEndsAt")));
        expected.put("created_at", timestamp(v.path("createdAt")));
        expected.put("updated_at", timestamp(v.path("updatedAt")));
        expected.put("published_at", timestamp(v.path("publishedAt")));
        expected.put("download_count", integer(stats.path("downloadCount")));
        expected.put("thumbs_up_count", integer(stats.path("thumbsUpCount")));
        expected.put("thumbs_down_count", integer(stats.path("thumbsDownCount")));
        expected.put("rating_count", integer(stats.path("ratingCount")));
        expected.put("rating", real(stats.path("rating")));
        expected.put("air", timestamp(v.path("air")));
        assertThat(row(c, "SELECT " + String.join(", ", expected.keySet()) + " FROM model_versions WHERE civitai_id = ?",
                id)).as("version %s", id).isEqualTo(expected);

        List<Object> words = new ArrayList<>();
        v.path("trainedWords").forEach(w -> words.add(w.asString()));
        assertThat(column(c, "SELECT word FROM trained_words w JOIN model_versions v ON v.id = w.version_id"
                + " WHERE v.civitai_id = ? ORDER BY position", id)).as("trained words of %s", id).isEqualTo(words);

        List<Object> fileIds = new ArrayList<>();
        for (JsonNode f : v.path("files")) {
            fileIds.add(f.path("id").asLong());
            JsonNode meta = f.path("metadata");
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("version", id);
            file.put("name", text(f.path("name")));
            file.put("size_kb", real(f.path("sizeKB")));
            file.put("format", text(meta.path("format")));
            file.put("fp", text(meta.path("fp")));
            file.put("size_type", text(meta.path("size")));
            file.put("type", text(f.path("type")));
            file.put("is_primary", f.path("primary").asBoolean(false) ? 1L : 0L);
            file.put("download_url", text(f.path("downloadUrl")));
            file.put("pickle_scan_result", text(f.path("pickleScanResult")));
            file.put("pickle_scan_message", text(f.path("pickleScanMessage")));
            file.put("virus_scan_result", text(f.path("virusScanResult")));
            file.put("virus_scan_message", text(f.path("virusScanMessage")));
            file.put("scanned_at", timestamp(f.path("scannedAt")));
            assertThat(row(c, "SELECT " + String.join(", ", file.keySet().stream()
                    .map(k -> k.equals("version") ? "v.civitai_id AS version" : "f." + k).toList())
                    + " FROM version_files f JOIN model_versions v ON v.id = f.version_id WHERE f.civitai_id = ?",
                    f.path("id").asLong())).as("file %s", f.path("id")).isEqualTo(file);
            Map<String, Object> hashes = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> h : f.path("hashes").properties()) {
                hashes.put(h.getKey(), h.getValue().asString().toUpperCase(Locale.ROOT));
            }
            assertThat(map(c, "SELECT hash_type, hash_value FROM file_hashes h JOIN version_files f ON f.id = h.file_id"
                    + " WHERE f.civitai_id = ?", f.path("id").asLong())).as("hashes of file %s", f.path("id"))
                    .isEqualTo(hashes);
        }
        assertThat(column(c, "SELECT f.civitai_id FROM version_files f JOIN model_versions v ON v.id = f.version_id"
                + " WHERE v.civitai_id = ?", id)).as("files of %s", id).containsExactlyInAnyOrderElementsOf(fileIds);

        JsonNode images = v.path("images");
        assertThat(single(c, "SELECT count(*) FROM version_images i JOIN model_versions v ON v.id = i.version_id"
                + " WHERE v.civitai_id = ?", id)).as("images of %s", id).isEqualTo((long) images.size());
        for (int position = 0; position < images.size(); position++) {
            JsonNode i = images.get(position);
            JsonNode meta = i.path("meta");
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("civitai_id", integer(i.path("id")));
            image.put("url", text(i.path("url")));
            image.put("type", text(i.path("type")));
            image.put("width", integer(i.path("width")));
            image.put("height", integer(i.path("height")));
            image.put("nsfw_level", expectedNsfwLevel(i));
            image.put("hash", text(i.path("hash")));
            image.put("has_meta", (meta.isObject() && !meta.isEmpty()) || i.path("hasMeta").asBoolean(false) ? 1L : 0L);
            assertThat(row(c, "SELECT " + String.join(", ", image.keySet().stream().map(k -> "i." + k).toList())
                    + " FROM version_images i JOIN model_versions v ON v.id = i.version_id"
                    + " WHERE v.civitai_id = ? AND position = ?", id, position))
                    .as("image %d of version %s", position, id).isEqualTo(image);
            if (i.has("meta")) { // without a meta key, params cached earlier may stay: checked where that is tested
                assertThat(params(c, id, position)).as("params of image %d of %s", position, id)
                        .isEqualTo(expectedParams(meta));
                assertThat(resources(c, id, position)).as("resources of image %d of %s", position, id)
                        .isEqualTo(expectedResources(meta));
            }
        }
    }

    private static Map<String, Object> expectedParams(JsonNode meta) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (meta.isObject()) {
            for (Map.Entry<String, JsonNode> e : meta.properties()) {
                JsonNode value = e.getValue();
                params.put(e.getKey(), value.isNull() ? null : value.isContainer() ? JSON.writeValueAsString(value)
                        : value.asString());
            }
        }
        return params;
    }

    private static List<List<Object>> expectedResources(JsonNode meta) {
        List<List<Object>> resources = new ArrayList<>();
        for (JsonNode r : meta.path("resources")) {
            resources.add(java.util.Arrays.asList(text(r.path("name")), text(r.path("type")),
                    r.path("hash").isString() ? r.path("hash").asString().toUpperCase(Locale.ROOT) : null,
                    real(r.path("weight"))));
        }
        return resources;
    }

    private static Map<String, Object> params(Connection c, long versionId, int position) throws SQLException {
        return map(c, "SELECT p.key, p.value FROM image_generation_params p JOIN version_images i ON i.id = p.image_id"
                + " JOIN model_versions v ON v.id = i.version_id WHERE v.civitai_id = ? AND i.position = ?",
                versionId, position);
    }

    private static List<List<Object>> resources(Connection c, long versionId, int position) throws SQLException {
        return rows(c, "SELECT r.name, r.type, r.hash, r.weight FROM image_resources r"
                + " JOIN version_images i ON i.id = r.image_id JOIN model_versions v ON v.id = i.version_id"
                + " WHERE v.civitai_id = ? AND i.position = ? ORDER BY r.id", versionId, position);
    }

    /** CivitAI sends nsfwLevel as an int bitmask, a deprecated string (None/Soft/Mature/X) or the 2022 boolean (None or Mature). */
    private static Long expectedNsfwLevel(JsonNode image) {
        JsonNode level = image.path("nsfwLevel");
        if (level.isIntegralNumber()) {
            return level.asLong();
        }
        JsonNode legacy = level.isString() ? level : image.path("nsfw");
        if (legacy.isBoolean()) {
            return legacy.booleanValue() ? 7L : 1L;
        }
        return switch (legacy.asString("")) {
            case "None" -> 1L;
            case "Soft" -> 3L;
            case "Mature" -> 7L;
            case "X" -> 31L;
            default -> null;
        };
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asString() : null;
    }

    private static String timestamp(JsonNode node) {
        String s = text(node);
        return s == null || s.isBlank() ? null : s;
    }

    private static Long integer(JsonNode node) {
        if (node.isNumber()) {
            return node.asLong();
        }
        return node.isString() ? Long.valueOf(node.asString()) : null;
    }

    private static Double real(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        return node.isString() ? Double.valueOf(node.asString()) : null;
    }

    private static Long bool(JsonNode node) {
        if (!node.isBoolean()) {
            return null;
        }
        return node.booleanValue() ? 1L : 0L;
    }

    // ------------------------------------------------------------------ plain JDBC

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    private Map<String, List<List<Object>>> dump() throws SQLException {
        Map<String, List<List<Object>>> tables = new LinkedHashMap<>();
        try (Connection c = connect()) {
            for (String table : CACHE_TABLES) {
                int columns = rows(c, "SELECT count(*) FROM pragma_table_info(?)", table).size() == 1
                        ? ((Long) single(c, "SELECT count(*) FROM pragma_table_info(?)", table)).intValue() : 0;
                String orderBy = String.join(", ", java.util.stream.IntStream.rangeClosed(1, columns)
                        .mapToObj(Integer::toString).toList());
                // these three got an id (V6, for the original tsr's users) that a re-cache renumbers: the rows are compared without it
                boolean renumbered = List.of("trained_words", "file_hashes", "image_generation_params").contains(table);
                String select = renumbered ? "SELECT * FROM (SELECT " + String.join(", ", columnsBut(c, table, "id")) + " FROM " + table + ")"
                        : "SELECT * FROM " + table;
                tables.put(table, rows(c, select + " ORDER BY " + (renumbered
                        ? String.join(", ", java.util.stream.IntStream.rangeClosed(1, columns - 1).mapToObj(Integer::toString).toList())
                        : orderBy)));
            }
        }
        return tables;
    }

    private static List<String> columnsBut(Connection c, String table, String left) throws SQLException {
        List<String> names = new ArrayList<>();
        for (List<Object> row : rows(c, "SELECT name FROM pragma_table_info(?)", table)) {
            if (!row.getFirst().equals(left)) {
                names.add((String) row.getFirst());
            }
        }
        return names;
    }

    private long longValue(String sql) throws SQLException {
        try (Connection c = connect()) {
            return (Long) single(c, sql);
        }
    }

    private static Object single(Connection c, String sql, Object... args) throws SQLException {
        List<List<Object>> rows = rows(c, sql, args);
        assertThat(rows).as(sql).hasSize(1);
        return rows.getFirst().getFirst();
    }

    private static List<Object> column(Connection c, String sql, Object... args) throws SQLException {
        return rows(c, sql, args).stream().map(List::getFirst).toList();
    }

    private static Map<String, Object> map(Connection c, String sql, Object... args) throws SQLException {
        Map<String, Object> map = new LinkedHashMap<>();
        for (List<Object> r : rows(c, sql, args)) {
            map.put((String) r.get(0), r.get(1));
        }
        return map;
    }

    private static Map<String, Object> row(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, args); ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).as("a row for %s", sql).isTrue();
            ResultSetMetaData md = rs.getMetaData();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.put(md.getColumnLabel(i), normalize(rs.getObject(i)));
            }
            assertThat(rs.next()).as("one row for %s", sql).isFalse();
            return row;
        }
    }

    private static List<List<Object>> rows(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, args); ResultSet rs = s.executeQuery()) {
            List<List<Object>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(normalize(rs.getObject(i)));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
        return s;
    }

    /** SQLite hands back Integer or Long by magnitude and Double for REAL: compare as Long and Double. */
    private static Object normalize(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value;
    }

    private static Map<String, Object> entries(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ModelIngestTest.class.getResourceAsStream("/civitai/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
