package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.plugins.testing.SafetensorsWriter;
import io.tensors.plugins.testing.FakeCivitai;
import io.tensors.plugins.testing.FakeCivitai.ServedFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The loop as a user runs it: tsr search, tsr get, tsr dl, db outdated --download, against a loopback CivitAI. */
class FindAndGetIT {
    static final long MODEL = 3003;

    @TempDir
    Path dir;

    FakeCivitai civitai;
    byte[] latest;
    byte[] older;
    final Map<String, String> env = new HashMap<>();
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void setUp() throws Exception {
        civitai = new FakeCivitai();
        latest = Files.readAllBytes(SafetensorsWriter.writeSized(dir.resolve("v2.safetensors"), 300_000, Map.of(), 1));
        older = Files.readAllBytes(SafetensorsWriter.writeSized(dir.resolve("v1.safetensors"), 200_000, Map.of(), 2));
        String model = FakeCivitai.model(MODEL, "Shiny Style", CliTest.sha256(dir.resolve("v2.safetensors")),
                CliTest.sha256(dir.resolve("v1.safetensors")));
        civitai.serve(MODEL, model);
        civitai.on("GET", "/api/v1/models", FakeCivitai.json(200, "{\"items\": [" + model + "], \"metadata\": {}}"));
        civitai.on("GET", "/api/download/models/" + (MODEL * 10 + 2), new ServedFile(latest, "\"2\"", "attachment; filename=\"test_v2.safetensors\""));
        civitai.on("GET", "/api/download/models/" + (MODEL * 10 + 1), new ServedFile(older, "\"1\"", "attachment; filename=\"test_v1.safetensors\""));
        env.putAll(Map.of("HOME", dir.toString(), "TSR_CIVITAI_URL", civitai.baseUrl().toString(), "TSR_DB",
                dir.resolve("models.db").toString(), "TSR_HTTP_TIMEOUT_SECONDS", "5", "TSR_HTTP_RETRY_SECONDS", "1"));
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

    @Test
    void aBadFilterIsRefusedBeforeAnyRequestListingTheAcceptedValues() {
        assertThat(tsr("search", "cat", "--type", "lorra")).isEqualTo(2);
        assertThat(err.toString()).contains("--type 'lorra'").contains("LORA").contains("Checkpoint");
        assertThat(tsr("search", "cat", "--sort", "best")).isEqualTo(2);
        assertThat(err.toString()).contains("Most Downloaded");
        assertThat(civitai.seen()).isEmpty();
    }

    @Test
    void searchSendsTheFiltersShowsTheModelsAndCachesThemForTheOfflineSearch() throws Exception {
        assertThat(tsr("search", "shiny", "--type", "lora", "-b", "SDXL 1.0", "--sort", "most downloaded")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Shiny Style").contains("LORA").contains("SDXL 1.0").contains("1200")
                .contains("v2.0 (" + (MODEL * 10 + 2) + ")");
        FakeCivitai.Seen request = civitai.seen("GET", "/api/v1/models").getFirst();
        assertThat(request.headers().getFirst("Host")).isNotNull();
        assertThat(tsr("db", "search", "shiny")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Shiny Style");
    }

    @Test
    void getShowsTheModelPageAndWhichFilesAreOnDisk() throws Exception {
        assertThat(tsr("get", Long.toString(MODEL))).as(err.toString()).isZero();
        String page = out.toString();
        assertThat(page).contains("Shiny Style").contains("A test LoRA").doesNotContain("<b>")
                .contains("v2.0  (version " + (MODEL * 10 + 2) + ")").contains("SDXL 1.0").contains("2025-02-01")
                .contains("trigger words: shiny, sparkle style").contains("test_v2.safetensors").contains("SafeTensor fp16")
                .contains("SHA256 " + CliTest.sha256(dir.resolve("v2.safetensors")))
                .contains(civitai.baseUrl() + "/models/" + MODEL).doesNotContain("on disk");

        assertThat(tsr("dl", Long.toString(MODEL * 10 + 2), "--to", dir.resolve("lib").toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("1 file: 1 downloaded, 0 failed");
        assertThat(tsr("get", "--version", Long.toString(MODEL * 10 + 2), "--json")).isZero();
        JsonNode json = CliTest.JSON.readTree(out.toString());
        assertThat(json.get("versions").get(0).get("files").get(0).get("on_disk").get(0).asString())
                .isEqualTo(dir.resolve("lib/loras/test_v2.safetensors").toString());
        assertThat(civitai.seen("GET", "/api/v1/models/" + MODEL)).as("answered from the cache the second time").hasSize(1);
    }

    @Test
    void getOfAModelCivitaiCannotBeReachedForSaysSoOnceInOneLine() {
        civitai.close();
        assertThat(tsr("get", "12345")).isEqualTo(1);
        String line = err.toString().strip();
        assertThat(line).startsWith("tsr: model 12345 could not be fetched: ").contains("cannot connect")
                .doesNotContain("\n").doesNotContain("Exception");
        assertThat(line.split("12345", -1)).as("the model id named once (and once in the URL)").hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void dlNeedsSomethingToDownloadAndABoundedParallelism() {
        assertThat(tsr("dl")).isEqualTo(2);
        assertThat(err.toString()).contains("VERSION_ID, --model MODEL_ID or --hash HASH");
        assertThat(tsr("dl", "1", "--parallel", "0")).isEqualTo(2);
        assertThat(tsr("dl", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("no library folder").contains("--to");
    }

    @Test
    void outdatedDownloadFetchesTheNewerVersionNextToTheOldFile() throws Exception {
        Path lib = dir.resolve("lib");
        assertThat(tsr("dl", Long.toString(MODEL * 10 + 1), "--to", lib.toString(), "--json")).as(err.toString()).isZero();
        Path old = lib.resolve("loras/test_v1.safetensors");
        assertThat(old).hasBinaryContent(older);
        Path elsewhere = Files.createDirectories(dir.resolve("comfy/models/loras")).resolve("test_v1.safetensors");
        Files.move(old, elsewhere);
        assertThat(tsr("db", "scan", elsewhere.getParent().toString())).as(err.toString()).isZero();

        assertThat(tsr("db", "outdated", "--download", "--json")).as(err.toString()).isZero();
        JsonNode file = CliTest.JSON.readTree(out.toString()).get("files").get(0);
        assertThat(file.get("status").asString()).isEqualTo("downloaded");
        assertThat(elsewhere.resolveSibling("test_v2.safetensors")).hasBinaryContent(latest);
        assertThat(tsr("db", "outdated", "--json")).isZero();
        assertThat(CliTest.JSON.readTree(out.toString())).isEmpty();
    }
}
