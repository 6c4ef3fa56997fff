package io.tensors.plugins;

import static io.tensors.plugins.testing.FakeCivitai.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.FetchResult;
import io.tensors.api.FileQuery;
import io.tensors.api.LookupResult;
import io.tensors.api.ModelSource;
import io.tensors.api.SourceContext;
import io.tensors.api.VersionMatch;
import io.tensors.plugins.testing.FakeCivitai;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The real CivitAI responses in ../shared/fixtures, served from the loopback stub. */
class CivitaiRealResponsesTest {
    static final String BY_HASH = "/api/v1/model-versions/by-hash";
    /** The SHA256 of the file in by_hash_1421739_lora_illustrious_2025_tool_saved.json. */
    static final String CHOKE_HOLD_SHA256 = "B76A1FC247DB893BC8C1290420F0E96B6F86129576A9FB885C20CB7EDBEFEEA5";

    Path fixtures;
    FakeCivitai civitai;
    final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        String shared = System.getProperty("tsr.shared.dir");
        Path folder = shared == null ? null : Path.of(shared, "fixtures", "civitai");
        Assumptions.assumeTrue(folder != null && Files.isDirectory(folder),
                "../shared/fixtures not present: real CivitAI responses skipped");
        fixtures = folder;
        civitai = new FakeCivitai();
    }

    @AfterEach
    void stop() {
        if (civitai != null) {
            civitai.close();
        }
    }

    String fixture(String name) throws IOException {
        return Files.readString(fixtures.resolve(name));
    }

    ModelSource source() {
        return new CivitaiSource(new SourceContext(civitai.baseUrl(), null, false, CivitaiSourceTest.CLIENT,
                Duration.ofSeconds(5), Duration.ofSeconds(10)), Duration.ofMillis(1), sleeps::add);
    }

    @Test
    void aRealModelComesBackIntact() throws IOException {
        String body = fixture("models_id_1580878_lora_illustrious_2025.json");
        civitai.on("GET", "/api/v1/models/1580878", json(200, body));

        assertThat(source().fetchModel(1580878)).isEqualTo(new FetchResult.Found(body));
    }

    @Test
    void aRealVersionIsMatchedFromTheBulkAnswer() throws IOException {
        String version = fixture("by_hash_1421739_lora_illustrious_2025_tool_saved.json");
        civitai.on("POST", BY_HASH, json(200, "[" + version + "]"));

        LookupResult result = source().lookup(List.of(new FileQuery("/models/choke_hold_rnc_ilxl.safetensors",
                Map.of("SHA256", CHOKE_HOLD_SHA256.toLowerCase())))).getFirst();

        VersionMatch match = CivitaiSourceTest.single(result);
        assertThat(match.modelId()).isEqualTo(902206);
        assertThat(match.versionId()).isEqualTo(1421739);
        assertThat(match.matchedBy()).isEqualTo("SHA256");
        assertThat(tree(match.versionJson())).isEqualTo(tree(version));
    }

    @Test
    void aRealVersionIsMatchedByAutoV3() throws IOException {
        String version = fixture("by_hash_1421739_lora_illustrious_2025_tool_saved.json");
        civitai.on("POST", BY_HASH, json(200, "[]"))
                .on("GET", BY_HASH + "/8C0FD69AF3D1", json(200, version));

        LookupResult result = source().lookup(List.of(new FileQuery("/models/edited.safetensors",
                Map.of("SHA256", CivitaiSourceTest.UNKNOWN_SHA256, "AutoV3", "8c0fd69af3d1")))).getFirst();

        VersionMatch match = CivitaiSourceTest.single(result);
        assertThat(match.matchedBy()).isEqualTo("AutoV3");
        assertThat(match.versionJson()).isEqualTo(version);
    }

    @Test
    void theServersOwnErrorBodiesAreClassified() throws IOException {
        JsonNode errors = tree(fixture("error_bodies_transcribed_from_server_source.json"));
        String hashNotFound = body(errors, "GET /api/v1/model-versions/by-hash/{hash}", 404);
        String modelNotFound = body(errors, "GET /api/v1/models/{id}", 404);
        String unauthorized = body(errors, "GET /api/v1/models", 401);
        String busy = body(errors, "GET /api/v1/images", 503);
        String methodNotAllowed = body(errors, "any MixedAuth/Authed v1 endpoint", 405);
        civitai.on("POST", BY_HASH, json(405, methodNotAllowed))
                .on("GET", BY_HASH + "/" + CHOKE_HOLD_SHA256, json(404, hashNotFound))
                .on("GET", "/api/v1/models/0", json(404, modelNotFound))
                .on("GET", "/api/v1/models/1", json(401, unauthorized))
                .on("GET", "/api/v1/models/1580878", json(503, busy, "Retry-After", "2", "Cache-Control", "no-store"),
                        json(200, fixture("models_id_1580878_lora_illustrious_2025.json")));
        ModelSource source = source();

        assertThat(source.lookup(List.of(new FileQuery("/models/x.safetensors", Map.of("SHA256", CHOKE_HOLD_SHA256)))))
                .containsExactly(new LookupResult.NotFound());
        assertThat(source.fetchModel(1580878)).isInstanceOf(FetchResult.Found.class);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
        assertThat(((FetchResult.Failed) source.fetchModel(1)).reason()).contains("no API key");
        // id 0 never reaches the server; the transcribed 404 body is what it would say
        assertThat(source.fetchModel(0)).isInstanceOf(FetchResult.Failed.class);
        civitai.on("GET", "/api/v1/models/7", json(404, modelNotFound));
        assertThat(source.fetchModel(7)).isEqualTo(new FetchResult.NotFound());
    }

    @Test
    void aRealCivitaiHelperSidecarIsRead(@TempDir Path dir) throws IOException {
        Files.copy(fixtures.resolve("by_hash_1421739_lora_illustrious_2025_tool_saved.json"),
                dir.resolve("choke_hold_rnc_ilxl.civitai.info"));

        LookupResult result = new SidecarSource().lookup(List.of(new FileQuery(
                dir.resolve("choke_hold_rnc_ilxl.safetensors").toString(), Map.of("SHA256", CHOKE_HOLD_SHA256)))).getFirst();

        VersionMatch match = CivitaiSourceTest.single(result);
        assertThat(match.modelId()).isEqualTo(902206);
        assertThat(match.versionId()).isEqualTo(1421739);
        assertThat(match.matchedBy()).isEqualTo("sidecar");
    }

    private static String body(JsonNode errors, String endpoint, int status) {
        for (JsonNode entry : errors.values()) {
            if (entry.get("endpoint").stringValue().equals(endpoint) && entry.get("status").intValue() == status) {
                return CivitaiJson.write(entry.get("body"));
            }
        }
        throw new IllegalArgumentException("no transcribed body for " + endpoint + " " + status);
    }

    private static JsonNode tree(String json) {
        return CivitaiJson.MAPPER.readTree(json);
    }
}
