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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** tsr db link / cache end to end: real SQLite, a real HTTP server on 127.0.0.1, the real command line. */
class LinkCacheIT {
    static final String SENTINEL = "SENTINEL-KEY-6f1c";

    @TempDir
    Path dir;

    FakeCivitai civitai;
    Path models;
    Path db;
    Path known;
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
        env.put("TSR_CIVITAI_URL", civitai.baseUrl().toString());
        env.put("TSR_HTTP_TIMEOUT_SECONDS", "2");
        env.put("TSR_HTTP_RETRY_SECONDS", "1");
        known = SafetensorsWriter.writeSized(models.resolve("known.safetensors"), 40_000, Map.of(), 1);
        unknown = SafetensorsWriter.writeSized(models.resolve("unknown.safetensors"), 40_000, Map.of(), 2);
        civitai.serve(1001L, FakeCivitai.model(1001, "Shiny Style", CliTest.sha256(known), "ABC".repeat(21) + "D"));
        assertThat(tsr("db", "scan", models.toString())).isZero();
    }

    @AfterEach
    void tearDown() {
        civitai.close();
    }

    int tsr(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] withDb = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--db", db.toString()))
                .toArray(String[]::new);
        return Cli.run(new Environment(new PrintWriter(out, true), new PrintWriter(err, true), env, false), withDb);
    }

    @Test
    void linksByHashCachesTheModelAndListsItOffline() throws Exception {
        assertThat(tsr("db", "link", "--json")).isZero();
        JsonNode summary = CliTest.JSON.readTree(out.toString());
        assertThat(summary.get("candidates").asInt()).isEqualTo(2);
        assertThat(summary.get("linked").asInt()).isEqualTo(1);
        assertThat(summary.get("not_found").asInt()).isEqualTo(1);
        assertThat(summary.get("models_cached").asInt()).isEqualTo(1);
        assertThat(civitai.seen("GET", "/api/v1/models/1001").size()).isEqualTo(1);

        civitai.close(); // everything after this is answered from the catalog
        assertThat(tsr("db", "list", "--json")).isZero();
        JsonNode rows = CliTest.JSON.readTree(out.toString());
        JsonNode linked = rows.get(0);
        assertThat(linked.get("file_path").asString()).isEqualTo(known.toString());
        assertThat(linked.get("model_name").asString()).isEqualTo("Shiny Style");
        assertThat(linked.get("version_name").asString()).isEqualTo("v2.0");
        assertThat(linked.get("base_model").asString()).isEqualTo("SDXL 1.0");
        assertThat(linked.get("creator").asString()).isEqualTo("maker");
        assertThat(linked.get("trigger_words").toString()).isEqualTo("[\"shiny\",\"sparkle style\"]");
        assertThat(linked.get("civitai_version_id").asLong()).isEqualTo(10012);
        assertThat(rows.get(1).get("model_name").isNull()).isTrue();
    }

    @Test
    void aSidecarFileLinksOfflineAndItsVersionIsCached() throws Exception {
        Files.writeString(models.resolve("unknown.civitai.info"), """
            {"id": 5551, "modelId": 555, "name": "v3 final", "baseModel": "Pony", "trainedWords": ["glow", "neon city"],
             "model": {"name": "Neon Glow", "type": "LORA", "nsfw": false},
             "files": [{"id": 77, "name": "unknown.safetensors", "primary": true, "hashes": {"SHA256": "%s"}}],
             "images": []}
            """.formatted(CliTest.sha256(unknown)));
        assertThat(tsr("db", "link", "--offline")).isZero();
        assertThat(civitai.seen()).isEmpty();
        assertThat(out.toString()).contains("2 files to link: 1 linked, 1 not found");
        assertThat(tsr("db", "list", "--json")).isZero();
        JsonNode row = null;
        for (JsonNode r : CliTest.JSON.readTree(out.toString())) {
            if (r.get("file_path").asString().equals(unknown.toString())) {
                row = r;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("model_name").asString()).isEqualTo("Neon Glow");
        assertThat(row.get("version_name").asString()).isEqualTo("v3 final");
        assertThat(row.get("trigger_words").toString()).isEqualTo("[\"glow\",\"neon city\"]");
    }

    @Test
    void oneHashMatchingSeveralVersionsIsReportedNotLinked() throws Exception {
        civitai.serve(1002L, FakeCivitai.model(1002, "Reupload", CliTest.sha256(known), "DEF".repeat(21) + "A"));
        assertThat(tsr("db", "link")).isZero();
        assertThat(out.toString()).contains("0 linked").contains("1 ambiguous");
        assertThat(err.toString()).contains(known.toString()).contains("matches 2 versions").contains("10012").contains("10022");
        assertThat(count("SELECT count(*) FROM local_files WHERE civitai_version_id IS NOT NULL")).isZero();
    }

    @Test
    void outdatedRefreshFetchesTheLinkedModelsAgainAndOnlyThen() throws Exception {
        assertThat(tsr("db", "link")).isZero();
        assertThat(civitai.seen("GET", "/api/v1/models/1001").size()).isEqualTo(1);
        assertThat(tsr("db", "outdated")).isZero();
        assertThat(civitai.seen("GET", "/api/v1/models/1001").size()).isEqualTo(1); // no network without --refresh
        assertThat(tsr("db", "outdated", "--refresh", "--json")).isZero();
        assertThat(civitai.seen("GET", "/api/v1/models/1001").size()).isEqualTo(2);
        assertThat(CliTest.JSON.readTree(out.toString()).isArray()).isTrue();
        civitai.failAll(500);
        assertThat(tsr("db", "outdated", "--refresh")).isEqualTo(1);
        assertThat(err.toString()).contains("1 model could not be refreshed; its cached data is used");
        assertThat(count("SELECT count(*) FROM model_versions")).isEqualTo(2);
    }

    @Test
    void aRememberedMissIsNotAskedAgainUntilRetryMissing() throws Exception {
        assertThat(tsr("db", "link")).isZero();
        int asked = civitai.seen().size();
        assertThat(tsr("db", "link")).isZero();
        assertThat(out.toString()).contains("1 file to link: 0 linked, 1 not found");
        assertThat(civitai.seen().size()).isEqualTo(asked);
        assertThat(tsr("db", "link", "--retry-missing")).isZero();
        assertThat(civitai.seen().size()).isGreaterThan(asked);
    }

    @Test
    void offlineAsksNothing() throws Exception {
        assertThat(tsr("db", "link", "--offline")).isZero();
        assertThat(civitai.seen()).isEmpty();
        assertThat(out.toString()).contains("0 linked, 2 not found");
    }

    @Test
    void serverErrorsAreReportedNeverRememberedAndLoseNothing() throws Exception {
        assertThat(tsr("db", "cache", "1001")).isZero();
        long cachedRows = count("SELECT count(*) FROM model_versions");
        civitai.failAll(500);
        assertThat(tsr("db", "link")).isEqualTo(1);
        assertThat(err.toString()).contains("civitai").contains("500").doesNotContain("\tat ");
        assertThat(err.toString().lines().count()).isEqualTo(1); // one line for the failed bulk request, not one per file
        // the cached model links the known file with no request; the other one failed
        assertThat(out.toString()).contains("2 files to link: 1 linked, 0 not found, 0 ambiguous, 1 failed");
        assertThat(tsr("db", "cache", "1001")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM model_versions")).isEqualTo(cachedRows);
        assertThat(count("SELECT count(*) FROM hash_lookup_misses")).isZero();
        civitai.stopFailing();
        int before = civitai.seen().size();
        assertThat(tsr("db", "link")).isZero(); // the failure was not remembered as a miss: it is asked again
        assertThat(civitai.seen().size()).isGreaterThan(before);
        assertThat(out.toString()).contains("1 file to link: 0 linked, 1 not found");
    }

    @Test
    void aModelThatCouldNotBeCachedFailsTheLinkAndIsCachedByTheNextOne() throws Exception {
        civitai.failModel(1001L);
        assertThat(tsr("db", "link", "--json")).isEqualTo(1);
        JsonNode summary = CliTest.JSON.readTree(out.toString());
        assertThat(summary.get("linked").asInt()).isEqualTo(1);
        assertThat(summary.get("models_cached").asInt()).isZero();
        assertThat(summary.get("models_failed").asInt()).isEqualTo(1);
        assertThat(err.toString().lines().toList()).singleElement().asString().contains("1001").contains("500");

        civitai.stopFailing();
        assertThat(tsr("db", "link")).isZero(); // the file is linked already: its model is tried again
        assertThat(out.toString()).contains("1 model cached, 0 failed");
        assertThat(tsr("db", "link", "--json")).isZero();
        assertThat(CliTest.JSON.readTree(out.toString()).get("models_cached").asInt()).isZero();
        assertThat(count("SELECT count(*) FROM source_responses WHERE resource = 'models/1001'")).isEqualTo(1);
    }

    @Test
    void cachingTwiceLeavesTheSameRowsAndAGoneModelKeepsItsData() throws Exception {
        assertThat(tsr("db", "cache", "1001")).isZero();
        String first = dump();
        assertThat(tsr("db", "cache", "1001")).isZero();
        assertThat(dump()).isEqualTo(first);
        civitai.forget(1001L);
        assertThat(tsr("db", "cache", "1001")).isEqualTo(1);
        assertThat(err.toString()).contains("1001").contains("kept");
        assertThat(count("SELECT count(*) FROM models WHERE civitai_id = 1001 AND gone_since IS NOT NULL")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM model_versions")).isEqualTo(2);
    }

    @Test
    void aModelNeverCachedThatCivitaiDoesNotHaveIsNotFoundAndFailed() throws Exception {
        assertThat(tsr("db", "cache", "99999999", "--json")).isEqualTo(1);
        JsonNode summary = CliTest.JSON.readTree(out.toString());
        assertThat(summary.get("cached").asInt()).isZero();
        assertThat(summary.get("gone").asInt()).isZero();
        assertThat(summary.get("failed").asInt()).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("tsr: model 99999999: not found on civitai (never cached)\n");
        assertThat(tsr("db", "cache", "99999999")).isEqualTo(1);
        assertThat(out.toString()).contains("0 models cached, 0 gone from CivitAI (kept), 1 failed");
        assertThat(err.toString()).doesNotContain("kept");
        assertThat(count("SELECT count(*) FROM models")).isZero();
    }

    @Test
    void aSidecarLinkToAModelCivitaiDoesNotHaveFailsTheLink() throws Exception {
        Files.writeString(models.resolve("unknown.civitai.info"), """
            {"id": 5551, "modelId": 555, "name": "v3 final", "baseModel": "Pony", "trainedWords": ["glow"],
             "model": {"name": "Neon Glow", "type": "LORA"}, "files": [], "images": []}
            """);
        assertThat(tsr("db", "link", "--json")).isEqualTo(1);
        JsonNode summary = CliTest.JSON.readTree(out.toString());
        assertThat(summary.get("linked").asInt()).isEqualTo(2);
        assertThat(summary.get("models_cached").asInt()).isEqualTo(1);
        assertThat(summary.get("models_failed").asInt()).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("tsr: model 555: not found on civitai (never cached)\n");
        assertThat(civitai.seen("GET", "/api/v1/models/555").size()).isEqualTo(1);
        // the file stays linked to what its sidecar says, and the 404 is remembered: not asked again
        assertThat(tsr("db", "link")).isZero();
        assertThat(civitai.seen("GET", "/api/v1/models/555").size()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM local_files WHERE civitai_version_id = 5551")).isEqualTo(1);
        // asked for by id, it is still a model that was never cached
        assertThat(tsr("db", "cache", "555")).isEqualTo(1);
        assertThat(out.toString()).contains("0 models cached, 0 gone from CivitAI (kept), 1 failed");
    }

    @Test
    void theApiKeyIsSentButNeverPrinted() throws Exception {
        env.put("CIVITAI_API_KEY", SENTINEL);
        tsr("db", "link");
        String printed = out.toString() + err.toString();
        civitai.failAll(401);
        tsr("-x", "db", "link", "--retry-missing");
        printed += out.toString() + err.toString();
        tsr("-x", "db", "cache", "1001", "--json");
        printed += out.toString() + err.toString();
        assertThat(civitai.authorizations()).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo("Bearer " + SENTINEL));
        assertThat(printed).doesNotContain(SENTINEL).contains("401");
    }

    @Test
    void aConfigFileOthersCanReadIsRefused() throws Exception {
        Path config = Files.createDirectories(dir.resolve("home/.config/tensors")).resolve("config.properties");
        Files.writeString(config, "civitai.api_key=" + SENTINEL + "\n");
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(tsr("db", "link")).isEqualTo(3);
        assertThat(err.toString()).contains("chmod 600").doesNotContain(SENTINEL);
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(tsr("db", "link")).isZero();
        assertThat(civitai.authorizations()).contains("Bearer " + SENTINEL);
    }

    long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every cache table's rows (ids included), to compare two states. */
    String dump() throws Exception {
        StringBuilder b = new StringBuilder();
        for (String table : new String[] {"creators", "models", "model_versions", "trained_words", "version_files",
            "file_hashes", "tags", "model_tags", "version_images", "image_generation_params", "image_resources"}) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2")) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    b.append(table).append(':');
                    for (int i = 1; i <= n; i++) {
                        String column = rs.getMetaData().getColumnName(i);
                        if (!column.equals("cached_at") && !column.equals("updated_at")) {
                            b.append(rs.getString(i)).append('|');
                        }
                    }
                    b.append('\n');
                }
            }
        }
        return b.toString();
    }
}
