package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.engine.testing.FakeFormats;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The commands over files of every format: the fake formats of a plugin jar next to the built-in safetensors. */
class FormatCommandsTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    Path models;
    Path db;
    final Map<String, String> env = new HashMap<>();
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void setUp() throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        db = dir.resolve("catalog.db");
        env.put("HOME", dir.resolve("home").toString());
        env.put("TSR_PLUGINS", FakeFormats.jar(dir.resolve("plugins/formats.jar")).toString());
    }

    int tsr(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--db", db.toString()));
        return Cli.run(new Environment(new PrintWriter(out, true), new PrintWriter(err, true), env, false), all.toArray(String[]::new));
    }

    @Test
    void pluginsListTheFormats() {
        assertThat(tsr("plugins")).isZero();
        assertThat(out.toString()).contains("format safetensors").contains("format fakegguf,fakepickle").contains("format boom")
                .contains("hash sha256,autov1,autov2,autov3,crc32,blake3");
        assertThat(out.toString().lines()).as("fitted to 80 columns, the ids whole").allMatch(l -> l.length() <= 80);
        assertThat(tsr("plugins", "--json")).isZero();
        assertThat(out.toString()).contains("\"formats\"");
    }

    @Test
    void aScanWarnsOfEachDangerousFileAndTheListingsShowFormatAndSafety() throws Exception {
        SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 10_000, Map.of(), 1);
        FakeFormats.gguf(models.resolve("flux.fgg"), 20_000, 2);
        Path lying = FakeFormats.pickle(models.resolve("innocent.safetensors"), 3_000, 3);
        assertThat(tsr("db", "scan", models.toString())).isZero();
        assertThat(err.toString().lines()).containsExactly("tsr: warning: " + lying + ": dangerous to load: imports os.system");
        assertThat(out.toString()).startsWith("3 files: 3 new");

        assertThat(tsr("db", "list")).isZero();
        assertThat(out.toString()).contains("FORMAT").contains("fakegguf").contains("fakepickle dangerous").contains("safetensors");
        assertThat(tsr("db", "list", "--unsafe", "--json")).isZero();
        JsonNode rows = JSON.readTree(out.toString());
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.get(0).get("file_path").asString()).isEqualTo(lying.toString());
        assertThat(rows.get(0).get("format").asString()).isEqualTo("fakepickle");
        assertThat(rows.get(0).get("safety").asString()).isEqualTo("dangerous");
        assertThat(tsr("db", "list", "--unsafe", "--type", "LORA")).isZero();
        assertThat(out.toString()).contains("No file matches these filters.");

        assertThat(tsr("db", "stats")).isZero();
        assertThat(out.toString()).containsPattern("format +fakegguf +1").containsPattern("format +safetensors +1");

        // nothing changed: nothing is read again, and no warning repeats
        assertThat(tsr("db", "scan", models.toString())).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).contains("3 unchanged");
    }

    @Test
    void formatsNarrowsTheScanAndAnUnknownIdIsOneLine() throws Exception {
        SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 10_000, Map.of(), 1);
        FakeFormats.gguf(models.resolve("flux.fgg"), 20_000, 2);
        assertThat(tsr("db", "scan", models.toString(), "--formats", "fakegguf")).isZero();
        assertThat(out.toString()).startsWith("1 file: 1 new");
        assertThat(tsr("db", "scan", models.toString(), "--formats", "fakegguf,pickles")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("tsr: unknown format 'pickles': the loaded formats are safetensors, gguf, pickle, fakegguf,"
                + " fakepickle, boom\n");
    }

    @Test
    void infoShowsTheFormatSafetyImportsFindingsAndGgufFacts() throws Exception {
        Path gguf = FakeFormats.gguf(models.resolve("flux.fgg"), 20_000, 2);
        assertThat(tsr("info", gguf.toString())).isZero();
        assertThat(out.toString()).contains("format:       fakegguf\n").contains("safety:       safe\n")
                .contains("architecture: flux\n").contains("name:         Fake Flux\n")
                .contains("file type:    MOSTLY_Q4_K_M (15)\n")
                .contains("parameters:   2,051\n") // 256 x 8 + 3
                .contains("dtypes:       {F32=1, Q4_K=1}\n");
        assertThat(tsr("info", gguf.toString(), "--json")).isZero();
        JsonNode info = JSON.readTree(out.toString());
        assertThat(info.get("format").asString()).isEqualTo("fakegguf");
        assertThat(info.get("parameter_count").asLong()).isEqualTo(2051);
        assertThat(info.get("file_type").asString()).isEqualTo("MOSTLY_Q4_K_M (15)");
        assertThat(info.get("tensor_types").get("Q4_K").asLong()).isEqualTo(1);

        Path lying = FakeFormats.pickle(models.resolve("innocent.safetensors"), 3_000, 3);
        assertThat(tsr("info", lying.toString())).isZero();
        assertThat(out.toString()).contains("format:       fakepickle\n").contains("safety:       dangerous\n")
                .contains("  danger: imports os.system\n")
                .contains("  warning: mislabelled: named .safetensors but the content is fakepickle\n")
                .contains("imports:      2 globals\n  collections.OrderedDict\n  os.system\n")
                .contains("tensors:      unknown\n");
        assertThat(tsr("info", lying.toString(), "--json")).isZero();
        info = JSON.readTree(out.toString());
        assertThat(info.get("safety").asString()).isEqualTo("dangerous");
        assertThat(info.get("imports").get(1).asString()).isEqualTo("os.system");
        assertThat(info.get("findings").get(0).get("severity").asString()).isEqualTo("danger");
        assertThat(db).doesNotExist();
    }

    @Test
    void hashTakesAnyFile() throws Exception {
        Path text = Files.writeString(dir.resolve("readme.txt"), "hello world");
        assertThat(tsr("hash", text.toString(), "--json")).isZero();
        JsonNode hashes = JSON.readTree(out.toString());
        assertThat(hashes.get("SHA256").asString()).isEqualTo("B94D27B9934D3E08A52E52D7DA7DABFAC484EFE37A5380EE9088F7ACE2EFCDE9");
        assertThat(hashes.has("AutoV3")).isFalse();
        assertThat(tsr("info", text.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("tsr: " + text + ": not a model file tsr can read: its content is none of"
                + " safetensors, gguf, pickle, fakegguf, fakepickle, boom\n");
    }
}
