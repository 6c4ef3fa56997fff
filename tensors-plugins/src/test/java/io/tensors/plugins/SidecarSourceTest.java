package io.tensors.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.FetchResult;
import io.tensors.api.FileQuery;
import io.tensors.api.LookupResult;
import io.tensors.api.ModelSource;
import io.tensors.api.SourceContext;
import io.tensors.api.VersionMatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class SidecarSourceTest {
    static final String LANTERN_SHA256 = CivitaiSourceTest.LANTERN_SHA256;
    static final String OTHER_SHA256 = CivitaiSourceTest.UNKNOWN_SHA256;

    @TempDir
    Path dir;

    final ModelSource source = new SidecarSourceFactory().create(new SourceContext(URI.create("http://127.0.0.1:9"), null, true,
            HttpClient.newHttpClient(), Duration.ofSeconds(1), Duration.ofSeconds(1)));

    static String resource(String path) {
        try (InputStream in = SidecarSourceTest.class.getResourceAsStream("/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    LookupResult lookUp(String modelName, String sha256) {
        Map<String, String> hashes = sha256 == null ? Map.of() : Map.of("SHA256", sha256, "AutoV3", "90C18DC4243E");
        List<LookupResult> results = source.lookup(List.of(new FileQuery(dir.resolve(modelName).toString(), hashes)));
        assertThat(results).hasSize(1);
        return results.getFirst();
    }

    static VersionMatch single(LookupResult result) {
        return CivitaiSourceTest.single(result);
    }

    static JsonNode tree(String json) {
        return CivitaiJson.MAPPER.readTree(json);
    }

    @Test
    void civitaiHelperInfoIsFound() throws IOException {
        write("lantern.civitai.info", resource("civitai/version_1001_lantern_lora.json"));

        VersionMatch match = single(lookUp("lantern.safetensors", LANTERN_SHA256.toLowerCase()));

        assertThat(match.modelId()).isEqualTo(501);
        assertThat(match.versionId()).isEqualTo(1001);
        assertThat(match.matchedBy()).isEqualTo("sidecar");
        assertThat(tree(match.versionJson())).isEqualTo(tree(resource("civitai/version_1001_lantern_lora.json")));
    }

    @Test
    void loraManagerMetadataIsFoundAndGetsItsModelId() throws IOException {
        write("lantern.metadata.json", resource("sidecar/lantern.metadata.json"));

        VersionMatch match = single(lookUp("lantern.safetensors", LANTERN_SHA256));

        assertThat(match.modelId()).isEqualTo(501); // from civitai.model.id: civitai has no modelId
        assertThat(match.versionId()).isEqualTo(1001);
        JsonNode version = tree(match.versionJson());
        assertThat(version.get("modelId").longValue()).isEqualTo(501);
        assertThat(version.get("trainedWords").get(1).stringValue()).isEqualTo("warm glow");
    }

    @Test
    void loraManagerModelIdMayBeAtTheTopLevel() throws IOException {
        ObjectNode metadata = (ObjectNode) tree(resource("sidecar/lantern.metadata.json"));
        ((ObjectNode) metadata.get("civitai").get("model")).remove("id");
        metadata.put("modelId", 777);
        write("lantern.metadata.json", CivitaiJson.write(metadata));

        assertThat(single(lookUp("lantern.safetensors", LANTERN_SHA256)).modelId()).isEqualTo(777);
    }

    @Test
    void stabilityMatrixInfoIsConvertedToCivitaisShape() throws IOException {
        write("lantern.cm-info.json", resource("sidecar/lantern.cm-info.json"));

        VersionMatch match = single(lookUp("lantern.safetensors", LANTERN_SHA256));

        assertThat(match.modelId()).isEqualTo(501);
        assertThat(match.versionId()).isEqualTo(1001);
        JsonNode version = tree(match.versionJson());
        assertThat(version.get("id").longValue()).isEqualTo(1001);
        assertThat(version.get("modelId").longValue()).isEqualTo(501);
        assertThat(version.get("name").stringValue()).isEqualTo("v1.0");
        assertThat(version.get("baseModel").stringValue()).isEqualTo("SDXL 1.0");
        assertThat(version.get("description").stringValue()).isEqualTo("<p>First release.</p>");
        assertThat(version.get("trainedWords").values()).extracting(JsonNode::stringValue).containsExactly("paper lantern", "warm glow");
        assertThat(version.get("model").get("name").stringValue()).isEqualTo("Paper Lantern Style");
        assertThat(version.get("model").get("type").stringValue()).isEqualTo("LORA");
        assertThat(version.get("model").get("nsfw").booleanValue()).isFalse();
        JsonNode file = version.get("files").get(0);
        assertThat(file.get("name").stringValue()).isEqualTo("lantern.safetensors");
        assertThat(file.get("primary").booleanValue()).isTrue();
        assertThat(file.get("hashes").get("SHA256").stringValue()).isEqualTo(LANTERN_SHA256);
        assertThat(file.get("hashes").get("BLAKE3").stringValue()).hasSize(64);
    }

    @Test
    void theSafetensorsSuffixIsMatchedInAnyCase() throws IOException {
        write("Lantern.civitai.info", resource("civitai/version_1001_lantern_lora.json"));

        assertThat(single(lookUp("Lantern.SAFETENSORS", LANTERN_SHA256)).versionId()).isEqualTo(1001);
        assertThat(SidecarSource.stem("a.b.SafeTensors")).isEqualTo("a.b");
        assertThat(SidecarSource.stem("model.ckpt")).isEqualTo("model");
    }

    @Test
    void noSidecarIsNotFound() throws IOException {
        write("other.civitai.info", resource("civitai/version_1001_lantern_lora.json"));

        assertThat(lookUp("lantern.safetensors", LANTERN_SHA256)).isEqualTo(new LookupResult.NotFound());
        assertThat(source.fetchModel(501)).isEqualTo(new FetchResult.Unsupported());
        assertThat(source.remote()).isFalse();
    }

    @Test
    void aSidecarDescribingAnotherFileIsIgnoredSilently() throws IOException {
        write("lantern.civitai.info", resource("civitai/version_1001_lantern_lora.json"));
        write("lantern.cm-info.json", resource("sidecar/lantern.cm-info.json"));

        assertThat(lookUp("lantern.safetensors", OTHER_SHA256)).isEqualTo(new LookupResult.NotFound());
        // without a SHA256 in the query there is nothing to contradict the sidecar
        assertThat(single(lookUp("lantern.safetensors", null)).versionId()).isEqualTo(1001);
    }

    @Test
    void aMalformedSidecarIsReportedWithItsPath() throws IOException {
        Path info = write("lantern.civitai.info", "{\"id\": 1001, \"modelId\": ");

        LookupResult result = lookUp("lantern.safetensors", LANTERN_SHA256);

        assertThat(result).isInstanceOf(LookupResult.Failed.class);
        assertThat(((LookupResult.Failed) result).reason())
                .startsWith(info + ": malformed Civitai Helper .civitai.info file: not valid JSON")
                .endsWith("; fix or delete it")
                .doesNotContain("\n");
    }

    @Test
    void aSidecarWithTwoValuesOrCommentsIsDescribedInPlainWords() throws IOException {
        Path doubled = write("a.civitai.info", "{\"id\": 1001} {\"id\": 1002}");
        Path commented = write("b.civitai.info", "// saved by hand\n{\"id\": 1001}");

        assertThat(((LookupResult.Failed) lookUp("a.safetensors", LANTERN_SHA256)).reason())
                .isEqualTo(doubled + ": malformed Civitai Helper .civitai.info file: not valid JSON"
                        + " (more text after the end of the JSON value); fix or delete it");
        assertThat(((LookupResult.Failed) lookUp("b.safetensors", LANTERN_SHA256)).reason())
                .isEqualTo(commented + ": malformed Civitai Helper .civitai.info file: not valid JSON (JSON has no comments); fix or delete it");
    }

    @Test
    void eachKindOfDamageIsNamed() throws IOException {
        write("a.civitai.info", "[1, 2]");
        write("b.civitai.info", "{\"id\": 0, \"modelId\": 5}");
        write("c.metadata.json", "{\"civitai\": {\"id\": 12, \"name\": \"v1\"}}");
        write("d.cm-info.json", "{\"ModelId\": 5, \"VersionId\": \"abc\"}");
        write("e.metadata.json", "{\"civitai\": \"1001\"}");

        assertThat(((LookupResult.Failed) lookUp("a.safetensors", LANTERN_SHA256)).reason()).contains("not a JSON object");
        assertThat(((LookupResult.Failed) lookUp("b.safetensors", LANTERN_SHA256)).reason()).contains("no positive integer \"id\"");
        assertThat(((LookupResult.Failed) lookUp("c.safetensors", LANTERN_SHA256)).reason())
                .contains("c.metadata.json: malformed LoRA Manager .metadata.json file: no model id");
        assertThat(((LookupResult.Failed) lookUp("d.safetensors", LANTERN_SHA256)).reason())
                .contains("d.cm-info.json: malformed Stability Matrix .cm-info.json file: no positive integer \"VersionId\"");
        assertThat(((LookupResult.Failed) lookUp("e.safetensors", LANTERN_SHA256)).reason()).contains("\"civitai\" is not an object");
    }

    @Test
    void aValidSidecarWinsOverAMalformedOne() throws IOException {
        write("lantern.civitai.info", "not json at all");
        write("lantern.cm-info.json", resource("sidecar/lantern.cm-info.json"));

        assertThat(single(lookUp("lantern.safetensors", LANTERN_SHA256)).versionId()).isEqualTo(1001);
    }

    @Test
    void theToolsNotOnCivitaiMarkersSayNothing() throws IOException {
        write("a.civitai.info", "{}");
        write("b.metadata.json", "{\"file_name\": \"b\", \"sha256\": \"" + LANTERN_SHA256.toLowerCase() + "\", \"civitai\": {}}");
        write("c.metadata.json", "{\"file_name\": \"c\", \"civitai\": null}");
        write("d.cm-info.json", "{\"ModelName\": \"4x-UltraSharp\", \"Hashes\": {\"SHA256\": \"" + LANTERN_SHA256 + "\"}, \"Source\": \"OpenModelDb\"}");

        for (String name : List.of("a", "b", "c", "d")) {
            assertThat(lookUp(name + ".safetensors", LANTERN_SHA256)).as(name).isEqualTo(new LookupResult.NotFound());
        }
    }

    @Test
    void sidecarsNamingDifferentVersionsGiveBoth() throws IOException {
        write("lantern.civitai.info", resource("civitai/version_1001_lantern_lora.json"));
        ObjectNode other = (ObjectNode) tree(resource("sidecar/lantern.cm-info.json"));
        other.put("VersionId", 1002);
        write("lantern.cm-info.json", CivitaiJson.write(other));

        LookupResult result = lookUp("lantern.safetensors", LANTERN_SHA256);

        assertThat(((LookupResult.Found) result).versions()).extracting(VersionMatch::versionId).containsExactly(1001L, 1002L);
    }

    @Test
    void sidecarsAgreeingOnAVersionGiveItOnce() throws IOException {
        write("lantern.civitai.info", resource("civitai/version_1001_lantern_lora.json"));
        write("lantern.metadata.json", resource("sidecar/lantern.metadata.json"));
        write("lantern.cm-info.json", resource("sidecar/lantern.cm-info.json"));

        VersionMatch match = single(lookUp("lantern.safetensors", LANTERN_SHA256));

        // the fullest one, Civitai Helper's by-hash response, is kept
        assertThat(tree(match.versionJson())).isEqualTo(tree(resource("civitai/version_1001_lantern_lora.json")));
    }

    @Test
    void answersKeepTheOrderOfTheQuery() throws IOException {
        write("lantern.civitai.info", resource("civitai/version_1001_lantern_lora.json"));
        write("broken.civitai.info", "{");

        List<LookupResult> results = source.lookup(List.of(
                new FileQuery(dir.resolve("none.safetensors").toString(), Map.of()),
                new FileQuery(dir.resolve("lantern.safetensors").toString(), Map.of("SHA256", LANTERN_SHA256)),
                new FileQuery(dir.resolve("broken.safetensors").toString(), Map.of())));

        assertThat(results.get(0)).isEqualTo(new LookupResult.NotFound());
        assertThat(results.get(1)).isInstanceOf(LookupResult.Found.class);
        assertThat(results.get(2)).isInstanceOf(LookupResult.Failed.class);
    }
}
