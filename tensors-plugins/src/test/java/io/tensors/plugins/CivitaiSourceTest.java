package io.tensors.plugins;

import static io.tensors.plugins.testing.FakeCivitai.html;
import static io.tensors.plugins.testing.FakeCivitai.json;
import static io.tensors.plugins.testing.FakeCivitai.resource;
import static io.tensors.plugins.testing.FakeCivitai.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tensors.api.FetchResult;
import io.tensors.api.FileQuery;
import io.tensors.api.LookupResult;
import io.tensors.api.ModelSource;
import io.tensors.api.SourceContext;
import io.tensors.api.VersionMatch;
import io.tensors.plugins.testing.FakeCivitai;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class CivitaiSourceTest {
    static final String LANTERN_SHA256 = "C5220B3C4266890F047190C18DC4243E0DAC079D43CA8065899C4F9F3CF124EF";
    static final String CHECKPOINT_SHA256 = "47320987F9A49D5B00119B960F247A956773F57543982B8BFCB6DA5BB3AFD9EF";
    static final String VAE_SHA256 = "E089E84942AF6414B066654F297DFBB11BF84B3E8B46D7252710076AFF68D122";
    /** A file whose header another tool edited: its SHA256 is unknown, its AutoV3 is not. */
    static final String EDITED_SHA256 = "DE764AE2AD0CD35C16A2B6C820197DCFF40B1A4B0A3A39BBB48F701112D19428";
    static final String EDITED_AUTOV3 = "B6C820197DCF";
    static final String UNKNOWN_SHA256 = "ADE641EC8C1EBD115F4740FB7789D2F2D4C15910BA76902D8783BF5503D41023";
    static final String UNKNOWN_AUTOV3 = "2055EC565596";
    static final String BY_HASH = "/api/v1/model-versions/by-hash";
    static final String MODEL_NOT_FOUND = "{\"error\":\"Model not found\"}";

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    FakeCivitai civitai;
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        civitai = new FakeCivitai();
    }

    @AfterEach
    void stop() {
        civitai.close();
    }

    ModelSource source(String apiKey) {
        return source(apiKey, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    ModelSource source(String apiKey, Duration requestTimeout, Duration retryBudget) {
        return source(civitai.baseUrl(), apiKey, requestTimeout, retryBudget);
    }

    ModelSource source(URI baseUrl, String apiKey, Duration requestTimeout, Duration retryBudget) {
        SourceContext context = new SourceContext(baseUrl, apiKey, false, CLIENT, requestTimeout, retryBudget);
        return new CivitaiSource(context, Duration.ofMillis(1), sleeps::add);
    }

    static FileQuery file(String name, String sha256) {
        return new FileQuery("/models/" + name, Map.of("SHA256", sha256));
    }

    static FileQuery file(String name, String sha256, String autoV3) {
        return new FileQuery("/models/" + name, Map.of("SHA256", sha256, "AutoV3", autoV3, "AutoV2", sha256.substring(0, 10)));
    }

    static String bulk(String... resources) {
        List<String> bodies = new ArrayList<>();
        for (String r : resources) {
            bodies.add(text(r));
        }
        return "[" + String.join(",", bodies) + "]";
    }

    static VersionMatch single(LookupResult result) {
        assertThat(result).isInstanceOf(LookupResult.Found.class);
        List<VersionMatch> versions = ((LookupResult.Found) result).versions();
        assertThat(versions).hasSize(1);
        return versions.getFirst();
    }

    static String reason(LookupResult result) {
        assertThat(result).isInstanceOf(LookupResult.Failed.class);
        return ((LookupResult.Failed) result).reason();
    }

    static String reason(FetchResult result) {
        assertThat(result).isInstanceOf(FetchResult.Failed.class);
        return ((FetchResult.Failed) result).reason();
    }

    static JsonNode tree(String json) {
        return CivitaiJson.MAPPER.readTree(json);
    }

    // --- bulk lookups --------------------------------------------------------------------------

    @Test
    void bulkPostFindsEveryFileWhoseSha256IsInTheAnswer() {
        civitai.on("POST", BY_HASH, json(200, bulk("version_1001_lantern_lora.json", "version_2002_checkpoint.json")));

        List<LookupResult> results = source(null).lookup(List.of(
                file("lantern.safetensors", LANTERN_SHA256.toLowerCase(Locale.ROOT)),
                file("harbor.vae.safetensors", VAE_SHA256),
                file("harbor.safetensors", CHECKPOINT_SHA256)));

        VersionMatch lantern = single(results.get(0));
        assertThat(lantern.modelId()).isEqualTo(501);
        assertThat(lantern.versionId()).isEqualTo(1001);
        assertThat(lantern.matchedBy()).isEqualTo("SHA256");
        assertThat(tree(lantern.versionJson())).isEqualTo(tree(text("version_1001_lantern_lora.json")));
        // the VAE is the version's second file: matched through files[].hashes, not only the primary
        assertThat(single(results.get(1)).versionId()).isEqualTo(2002);
        assertThat(single(results.get(2)).versionId()).isEqualTo(2002);

        assertThat(civitai.seen()).hasSize(1);
        FakeCivitai.Seen post = civitai.seen().getFirst();
        assertThat(post.header("User-Agent")).isEqualTo("tsr/0.1");
        assertThat(post.header("Content-Type")).startsWith("application/json");
        assertThat(post.header("Authorization")).isNull();
        assertThat(tree(post.body())).isEqualTo(tree("[\"" + LANTERN_SHA256 + "\",\"" + VAE_SHA256 + "\",\"" + CHECKPOINT_SHA256 + "\"]"));
    }

    @Test
    void aSha256MissingFromTheBulkAnswerIsNotFound() {
        civitai.on("POST", BY_HASH, json(200, "[]"));

        List<LookupResult> results = source(null).lookup(List.of(file("a.safetensors", UNKNOWN_SHA256)));

        assertThat(results).containsExactly(new LookupResult.NotFound());
        assertThat(civitai.seen()).hasSize(1);
    }

    @Test
    void mixedAnswerFallsBackToAutoV3ForWhatSha256DidNotFind() {
        civitai.on("POST", BY_HASH, json(200, bulk("version_1001_lantern_lora.json")))
                .on("GET", BY_HASH + "/" + EDITED_AUTOV3, resource(200, "version_4004_found_by_autov3.json"))
                .on("GET", BY_HASH + "/" + UNKNOWN_AUTOV3, json(404, MODEL_NOT_FOUND));

        List<LookupResult> results = source(null).lookup(List.of(
                file("lantern.safetensors", LANTERN_SHA256, "90C18DC4243E"),
                file("inkwash-edited.safetensors", EDITED_SHA256, EDITED_AUTOV3.toLowerCase(Locale.ROOT)),
                file("mystery.safetensors", UNKNOWN_SHA256, UNKNOWN_AUTOV3),
                file("mystery-copy.safetensors", UNKNOWN_SHA256, UNKNOWN_AUTOV3)));

        assertThat(single(results.get(0)).versionId()).isEqualTo(1001);
        VersionMatch edited = single(results.get(1));
        assertThat(edited.matchedBy()).isEqualTo("AutoV3");
        assertThat(edited.modelId()).isEqualTo(504);
        assertThat(edited.versionId()).isEqualTo(4004);
        assertThat(edited.versionJson()).isEqualTo(text("version_4004_found_by_autov3.json"));
        assertThat(results.get(2)).isEqualTo(new LookupResult.NotFound());
        assertThat(results.get(3)).isEqualTo(new LookupResult.NotFound());

        // one POST for the three distinct SHA256, one GET per distinct AutoV3, none for the found file
        assertThat(civitai.seen("POST", BY_HASH)).hasSize(1);
        assertThat(tree(civitai.seen("POST", BY_HASH).getFirst().body())).hasSize(3);
        assertThat(civitai.seen()).extracting(FakeCivitai.Seen::path)
                .containsExactly(BY_HASH, BY_HASH + "/" + EDITED_AUTOV3, BY_HASH + "/" + UNKNOWN_AUTOV3);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 405})
    void withoutTheBulkEndpointEachHashIsAskedAlone(int status) {
        civitai.on("POST", BY_HASH, json(status, status == 405 ? "{\"error\":\"Method not allowed\"}" : MODEL_NOT_FOUND))
                .on("GET", BY_HASH + "/" + LANTERN_SHA256, resource(200, "version_1001_lantern_lora.json"))
                .on("GET", BY_HASH + "/" + UNKNOWN_SHA256, json(404, MODEL_NOT_FOUND));
        ModelSource source = source(null);

        List<LookupResult> results = source.lookup(List.of(
                file("lantern.safetensors", LANTERN_SHA256), file("mystery.safetensors", UNKNOWN_SHA256)));

        VersionMatch lantern = single(results.get(0));
        assertThat(lantern.versionId()).isEqualTo(1001);
        assertThat(lantern.versionJson()).isEqualTo(text("version_1001_lantern_lora.json"));
        assertThat(results.get(1)).isEqualTo(new LookupResult.NotFound());

        // the source remembers: the next lookup does not try the bulk endpoint again
        assertThat(source.lookup(List.of(file("lantern.safetensors", LANTERN_SHA256)))).hasSize(1);
        assertThat(civitai.seen("POST", BY_HASH)).hasSize(1);
        assertThat(civitai.seen("GET", BY_HASH + "/" + LANTERN_SHA256)).hasSize(2);
    }

    @Test
    void aBulkRouteMissingAsAnHtml404FallsBackWhenGetsWork() {
        // POST not programmed: the stub answers Next.js's HTML 404, as a server without the route would
        civitai.on("GET", BY_HASH + "/" + LANTERN_SHA256, resource(200, "version_1001_lantern_lora.json"))
                .on("GET", BY_HASH + "/" + UNKNOWN_SHA256, json(404, MODEL_NOT_FOUND));
        ModelSource source = source(null);

        List<LookupResult> results = source.lookup(List.of(
                file("lantern.safetensors", LANTERN_SHA256), file("mystery.safetensors", UNKNOWN_SHA256)));

        assertThat(single(results.get(0)).versionId()).isEqualTo(1001);
        assertThat(results.get(1)).isEqualTo(new LookupResult.NotFound());
        assertThat(civitai.seen()).extracting(FakeCivitai.Seen::path)
                .containsExactly(BY_HASH, BY_HASH + "/" + LANTERN_SHA256, BY_HASH + "/" + UNKNOWN_SHA256);
        source.lookup(List.of(file("lantern.safetensors", LANTERN_SHA256)));
        assertThat(civitai.seen("POST", BY_HASH)).hasSize(1);
    }

    @Test
    void aWrongBaseUrlFailsEveryFileAfterTwoRequests() {
        // nothing programmed: every path is an HTML 404
        List<LookupResult> results = source(null).lookup(List.of(
                file("a.safetensors", LANTERN_SHA256, "90C18DC4243E"),
                file("b.safetensors", CHECKPOINT_SHA256),
                file("c.safetensors", UNKNOWN_SHA256, UNKNOWN_AUTOV3)));

        assertThat(results).allSatisfy(r -> assertThat(reason(r)).contains("wrong URL? got an HTML 404 from " + civitai.baseUrl()));
        assertThat(civitai.seen()).hasSize(2);
    }

    @Test
    void aHashCarriedBySeveralVersionsGivesAllOfThem() {
        civitai.on("POST", BY_HASH, json(200, bulk("version_1001_lantern_lora.json", "version_3003_reupload.json")));

        LookupResult result = source(null).lookup(List.of(file("lantern.safetensors", LANTERN_SHA256))).getFirst();

        assertThat(result).isInstanceOf(LookupResult.Found.class);
        assertThat(((LookupResult.Found) result).versions())
                .extracting(VersionMatch::modelId, VersionMatch::versionId)
                .containsExactly(tuple(501L, 1001L), tuple(503L, 3003L));
    }

    @Test
    void moreThanAHundredHashesGoInSeveralPosts() {
        civitai.on("POST", BY_HASH, json(200, "[]"));
        List<FileQuery> files = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            files.add(file(i + ".safetensors", String.format(Locale.ROOT, "%064X", i + 1)));
        }

        List<LookupResult> results = source(null).lookup(files);

        assertThat(results).hasSize(150).allMatch(r -> r instanceof LookupResult.NotFound);
        assertThat(civitai.seen()).extracting(s -> tree(s.body()).size()).containsExactly(100, 50);
    }

    @Test
    void aFileWithoutUsableHashesFailsWithoutAsking() {
        List<LookupResult> results = source(null).lookup(List.of(
                new FileQuery("/models/a.safetensors", Map.of("CRC32", "0A1B2C3D")),
                new FileQuery("/models/b.safetensors", Map.of("SHA256", "not-a-hash"))));

        assertThat(reason(results.get(0))).contains("/models/a.safetensors", "no SHA256 or AutoV3");
        assertThat(reason(results.get(1))).contains("/models/b.safetensors", "not 64 hex digits");
        assertThat(civitai.seen()).isEmpty();
    }

    @Test
    void aBulkFailureIsNotTurnedIntoNotFoundByTheAutoV3Fallback() {
        civitai.on("POST", BY_HASH, html(200))
                .on("GET", BY_HASH + "/" + UNKNOWN_AUTOV3, json(404, MODEL_NOT_FOUND));

        LookupResult result = source(null).lookup(List.of(file("m.safetensors", UNKNOWN_SHA256, UNKNOWN_AUTOV3))).getFirst();

        assertThat(reason(result)).contains("HTML page instead of JSON");
        assertThat(civitai.seen()).hasSize(1);
    }

    // --- models ---------------------------------------------------------------------------------

    @Test
    void fetchModelReturnsTheBodyIntact() {
        civitai.on("GET", "/api/v1/models/501", resource(200, "model_501.json"));

        FetchResult result = source(null).fetchModel(501);

        assertThat(result).isEqualTo(new FetchResult.Found(text("model_501.json")));
    }

    @Test
    void fetchModelOfAnUnknownIdIsNotFound() {
        civitai.on("GET", "/api/v1/models/999", json(404, "{\"error\":\"No model with id 999\"}"));

        assertThat(source(null).fetchModel(999)).isEqualTo(new FetchResult.NotFound());
        assertThat(reason(source(null).fetchModel(0))).contains("must be positive");
    }

    // --- failures -------------------------------------------------------------------------------

    @Test
    void a429IsRetriedThenSucceeds() {
        civitai.on("GET", "/api/v1/models/501",
                json(429, "{\"error\":\"Too many requests\"}"), resource(200, "model_501.json"));

        assertThat(source(null).fetchModel(501)).isInstanceOf(FetchResult.Found.class);
        assertThat(civitai.seen()).hasSize(2);
        assertThat(sleeps).hasSize(1);
        assertThat(sleeps.getFirst()).isBetween(Duration.ofNanos(500_000), Duration.ofMillis(1));
    }

    @Test
    void retryAfterInSecondsIsHonoured() {
        civitai.on("POST", BY_HASH,
                json(503, "{\"error\":\"Server busy, please retry shortly.\"}", "Retry-After", "2"),
                json(200, bulk("version_1001_lantern_lora.json")));

        LookupResult result = source(null).lookup(List.of(file("lantern.safetensors", LANTERN_SHA256))).getFirst();

        assertThat(single(result).versionId()).isEqualTo(1001);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
        assertThat(civitai.seen()).hasSize(2);
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(5));
        civitai.on("GET", "/api/v1/models/501",
                json(429, "{}", "Retry-After", inFiveSeconds), resource(200, "model_501.json"));

        assertThat(source(null).fetchModel(501)).isInstanceOf(FetchResult.Found.class);
        assertThat(sleeps).hasSize(1);
        assertThat(sleeps.getFirst()).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    @Test
    void aWaitBeyondTheRetryBudgetFailsAtOnce() {
        civitai.on("GET", "/api/v1/models/501", json(429, "{}", "Retry-After", "60"));

        String reason = reason(source(null, Duration.ofSeconds(5), Duration.ofSeconds(1)).fetchModel(501));

        assertThat(reason).contains("GET /api/v1/models/501", "HTTP 429", "waiting 60.0 s as CivitAI asked", "retry budget");
        assertThat(sleeps).isEmpty();
        assertThat(civitai.seen()).hasSize(1);
    }

    @Test
    void a500ForeverIsBoundedAndFails() {
        civitai.on("POST", BY_HASH, json(500, "{\"message\":\"An unexpected error occurred\",\"error\":\"boom\"}"));

        LookupResult result = source(null).lookup(List.of(file("lantern.safetensors", LANTERN_SHA256))).getFirst();

        assertThat(reason(result)).contains("POST " + BY_HASH, "HTTP 500", CivitaiHttp.MAX_ATTEMPTS + " attempts", "try again later");
        assertThat(civitai.seen()).hasSize(CivitaiHttp.MAX_ATTEMPTS);
        assertThat(sleeps).hasSize(CivitaiHttp.MAX_ATTEMPTS - 1);
    }

    @Test
    void a503HtmlPageForeverSaysSo() {
        civitai.on("GET", "/api/v1/models/501", html(503));

        assertThat(reason(source(null).fetchModel(501))).contains("HTTP 503 (an HTML page)");
    }

    @Test
    void anHtmlPageWith200IsAFailureNotAMiss() {
        civitai.on("GET", BY_HASH + "/" + LANTERN_SHA256, html(200));
        civitai.on("POST", BY_HASH, json(404, MODEL_NOT_FOUND));

        LookupResult result = source(null).lookup(List.of(file("lantern.safetensors", LANTERN_SHA256))).getFirst();

        assertThat(reason(result)).contains("GET " + BY_HASH + "/" + LANTERN_SHA256, "HTML page instead of JSON");
    }

    @Test
    void anHtmlPageWithoutContentTypeIsRecognisedByItsFirstCharacter() {
        civitai.on("GET", "/api/v1/models/501", FakeCivitai.raw(200, null, "\n  <html><body>maintenance</body></html>".getBytes(StandardCharsets.UTF_8)));

        assertThat(reason(source(null).fetchModel(501))).contains("HTML page instead of JSON");
    }

    @Test
    void anHtml404MeansAWrongUrl() {
        // nothing programmed: the stub answers an HTML 404 like Next.js does for an unknown path
        FetchResult result = source(null).fetchModel(501);

        assertThat(reason(result)).contains("wrong URL? got an HTML 404 from " + civitai.baseUrl());
    }

    @Test
    void truncatedJsonIsAFailure() {
        String body = text("model_501.json");
        civitai.on("GET", "/api/v1/models/501", json(200, body.substring(0, body.length() / 2)));

        assertThat(reason(source(null).fetchModel(501))).contains("malformed JSON (HTTP 200)", "try again later");
    }

    @Test
    void aConnectionDroppedMidBodyIsAFailure() {
        civitai.on("GET", "/api/v1/models/501", FakeCivitai.cutShort(text("model_501.json")));

        assertThat(reason(source(null).fetchModel(501))).contains("GET /api/v1/models/501");
    }

    @Test
    void aJsonAnswerOfTheWrongShapeIsAFailure() {
        civitai.on("POST", BY_HASH, json(200, "{\"items\":[]}"));
        civitai.on("GET", BY_HASH + "/" + UNKNOWN_AUTOV3, json(200, "{\"name\":\"no ids\"}"));

        LookupResult result = source(null).lookup(List.of(file("m.safetensors", UNKNOWN_SHA256, UNKNOWN_AUTOV3))).getFirst();

        assertThat(reason(result)).contains("POST " + BY_HASH, "expected shape");
    }

    @Test
    void aSlowAnswerTimesOut() {
        civitai.on("GET", "/api/v1/models/501", FakeCivitai.slow(Duration.ofSeconds(2), resource(200, "model_501.json")));
        long start = System.nanoTime();

        String reason = reason(source(null, Duration.ofMillis(200), Duration.ofSeconds(10)).fetchModel(501));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        assertThat(reason).contains("GET /api/v1/models/501", "within 200 ms", "timeout");
    }

    @Test
    void aRefusedConnectionIsAFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ModelSource source = source(URI.create("http://127.0.0.1:" + closedPort), null, Duration.ofSeconds(2), Duration.ofSeconds(2));

        String reason = reason(source.lookup(List.of(file("lantern.safetensors", LANTERN_SHA256))).getFirst());

        assertThat(reason).contains("cannot connect to http://127.0.0.1:" + closedPort, "check the network");
    }

    @Test
    void a401WithoutAKeySaysSo() {
        civitai.on("GET", "/api/v1/models/501", json(401, "{\"error\":\"Unauthorized\"}"));

        assertThat(reason(source(null).fetchModel(501))).contains("no API key", "CIVITAI_API_KEY");
        assertThat(civitai.seen()).hasSize(1);
    }

    @Test
    void a401WithAKeySaysTheKeyWasRefused() {
        civitai.on("GET", "/api/v1/models/501", json(401, "{\"error\":\"Unauthorized\"}"));

        assertThat(reason(source("expired-key").fetchModel(501)))
                .contains("the API key was refused (bad or expired key): check CIVITAI_API_KEY");
        assertThat(civitai.seen().getFirst().header("Authorization")).isEqualTo("Bearer expired-key");
    }

    @Test
    void a403IsExplainedAndNotRetried() {
        civitai.on("GET", "/api/v1/models/501", json(403, "{\"error\":\"Forbidden\"}"));

        assertThat(reason(source(null).fetchModel(501))).contains("forbidden (early access or restricted model)");
        assertThat(civitai.seen()).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aJson404ForOneHashIsNotFound() {
        civitai.on("POST", BY_HASH, json(405, "{\"error\":\"Method not allowed\"}"))
                .on("GET", BY_HASH + "/" + UNKNOWN_SHA256, json(404, "{\"error\":\"Missing model file\"}"));

        assertThat(source(null).lookup(List.of(file("m.safetensors", UNKNOWN_SHA256))))
                .containsExactly(new LookupResult.NotFound());
    }

    @Test
    void anUnexpectedJsonStatusIsAFailureQuotingTheServer() {
        civitai.on("GET", "/api/v1/models/501", json(409, "{\"error\":\"Conflict\"}"));

        assertThat(reason(source(null).fetchModel(501))).contains("unexpected HTTP 409 \"Conflict\"");
    }

    // --- the API key never leaks ----------------------------------------------------------------

    @Test
    void theApiKeyAppearsInNoReasonOnAnyFailurePath() throws IOException {
        String key = "SENTINEL-KEY-123";
        civitai.on("GET", "/api/v1/models/1", json(401, "{\"error\":\"Unauthorized\"}"))
                .on("GET", "/api/v1/models/2", json(403, "{\"error\":\"Forbidden\"}"))
                .on("GET", "/api/v1/models/3", json(500, "{\"error\":\"boom " + key + "\"}"))
                .on("GET", "/api/v1/models/4", json(429, "{}", "Retry-After", "60"))
                .on("GET", "/api/v1/models/5", html(200))
                .on("GET", "/api/v1/models/6", json(200, "{\"id\": 6, \"name\": \"" + key))
                .on("GET", "/api/v1/models/7", FakeCivitai.slow(Duration.ofSeconds(2), json(200, "{}")))
                .on("GET", "/api/v1/models/8", json(400, "{\"error\":\"Bad token " + key + "\"}"))
                .on("GET", "/api/v1/models/9", FakeCivitai.cutShort("{\"echo\":\"" + key + "\"}"))
                .on("POST", BY_HASH, json(418, "{\"message\":\"I saw Bearer " + key + "\"}"));
        ModelSource source = source(key, Duration.ofMillis(300), Duration.ofSeconds(2));

        List<String> reasons = new ArrayList<>();
        for (long id = 1; id <= 10; id++) { // 10: the HTML 404 of an unknown path
            reasons.add(reason(source.fetchModel(id)));
        }
        reasons.add(reason(source.lookup(List.of(file("a.safetensors", LANTERN_SHA256))).getFirst()));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        reasons.add(reason(source(URI.create("http://127.0.0.1:" + closedPort), key, Duration.ofSeconds(1), Duration.ofSeconds(1))
                .fetchModel(1)));
        SourceContext badKeyContext = new SourceContext(civitai.baseUrl(), key + "\nX-Injected: 1", false, CLIENT,
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        reasons.add(reason(new CivitaiSource(badKeyContext).fetchModel(1)));

        assertThat(reasons).hasSize(13).allSatisfy(r -> assertThat(r).doesNotContain(key).doesNotContain("\n"));
        assertThat(reasons.get(0)).contains("API key was refused");
        assertThat(reasons.get(12)).contains("not allowed in an HTTP header");
        assertThat(source.toString()).doesNotContain(key).contains("apiKey=set");
        assertThat(civitai.seen()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.header("Authorization")).isEqualTo("Bearer " + key));
    }

    // --- the plugin -----------------------------------------------------------------------------

    @Test
    void theFactoryRefusesToCreateAnOfflineSource() {
        SourceContext offline = new SourceContext(civitai.baseUrl(), null, true, CLIENT, Duration.ofSeconds(1), Duration.ofSeconds(1));

        assertThatThrownBy(() -> new CivitaiSourceFactory().create(offline))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("offline");
        assertThat(civitai.seen()).isEmpty();
    }

    @Test
    void theFactoryMakesARemoteCivitaiSource() {
        SourceContext online = new SourceContext(civitai.baseUrl(), null, false, CLIENT, Duration.ofSeconds(1), Duration.ofSeconds(1));
        civitai.on("GET", "/api/v1/models/501", resource(200, "model_501.json"));

        ModelSource source = new CivitaiSourceFactory().create(online);

        assertThat(source.id()).isEqualTo("civitai");
        assertThat(source.remote()).isTrue();
        assertThat(source.fetchModel(501)).isInstanceOf(FetchResult.Found.class);
    }
}
