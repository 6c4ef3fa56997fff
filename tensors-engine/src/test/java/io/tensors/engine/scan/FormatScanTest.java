package io.tensors.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.ErrorCode;
import io.tensors.api.ListFilter;
import io.tensors.api.LocalFileRow;
import io.tensors.api.ModelHeader;
import io.tensors.api.PluginInfo;
import io.tensors.api.ScanFailure;
import io.tensors.api.ScanListener;
import io.tensors.api.ScanRequest;
import io.tensors.api.ScanSummary;
import io.tensors.api.TensorsException;
import io.tensors.engine.DefaultCatalog;
import io.tensors.engine.Settings;
import io.tensors.engine.plugin.PluginRegistry;
import io.tensors.engine.testing.FakeFormats;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan over every format the plugins contribute: built-in safetensors and the fake formats of a
 * plugin jar ({@link FakeFormats}). A file is read by the format its content shows.
 */
class FormatScanTest {
    @TempDir
    Path dir;

    Path models;
    Path db;
    PluginRegistry plugins;
    DefaultCatalog catalog;
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final List<String> dangerous = new CopyOnWriteArrayList<>();
    final ScanListener listener = new ScanListener() {
        @Override
        public void dangerous(String path, List<String> reasons) {
            dangerous.add(path + ": " + String.join("; ", reasons));
        }
    };

    @BeforeEach
    void open() throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        db = dir.resolve("models.db");
        Path jar = FakeFormats.jar(dir.resolve("plugins/formats.jar"));
        plugins = PluginRegistry.load(getClass().getClassLoader(), List.of(jar), warnings::add);
        catalog = new DefaultCatalog(Settings.fromEnvironment(Map.of("HOME", dir.toString()), db), plugins);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    ScanSummary scan(String... formats) {
        return catalog.scan(new ScanRequest(List.of(models), List.of(), false, 2, List.of(formats)), listener);
    }

    @Test
    void theJarsFormatsAreListedAfterTheBuiltInOnes() {
        assertThat(plugins.formats()).extracting(f -> f.id()).containsExactly("safetensors", "gguf", "pickle", "fakegguf", "fakepickle", "boom");
        assertThat(plugins.plugins()).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo("fake-formats");
            assertThat(p.ids(PluginInfo.Kind.FORMAT)).containsExactly("fakegguf", "fakepickle");
        });
        assertThat(plugins.plugins()).anySatisfy(p -> assertThat(p.ids(PluginInfo.Kind.FORMAT)).containsExactly("safetensors", "gguf", "pickle"));
    }

    @Test
    void everyFormatIsCatalogedWithItsFormatMetadataAndTheHashesThatApply() throws Exception {
        Path st = SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 3 << 20, Map.of("k", "v"), 1);
        Path gguf = FakeFormats.gguf(models.resolve("flux-Q4_K_M.fgg"), 3 << 20, 2);
        ScanSummary summary = scan();
        assertThat(summary.added()).isEqualTo(2);
        assertThat(summary.failed()).isZero();

        assertThat(row(st).format()).isEqualTo("safetensors");
        assertThat(row(gguf).format()).isEqualTo("fakegguf");
        assertThat(row(gguf).safety()).isEqualTo("safe");
        assertThat(row(gguf).tensorCount()).isEqualTo(2);
        assertThat(row(gguf).headerSize()).isEqualTo(64);
        assertThat(hashes(st)).containsOnlyKeys("SHA256", "AutoV1", "AutoV2", "AutoV3", "CRC32");
        // AutoV3 is CivitAI's for safetensors only; the rest come from the same one read
        assertThat(hashes(gguf)).containsOnlyKeys("SHA256", "AutoV1", "AutoV2", "CRC32")
                .containsEntry("SHA256", ScannerTest.sha256(Files.readAllBytes(gguf)));
        assertThat(query("SELECT key || '=' || value FROM safetensor_metadata m JOIN local_files f ON f.id = m.local_file_id"
                + " WHERE f.file_path = '" + gguf + "' ORDER BY key"))
                .contains("general.architecture=flux", "general.file_type=15", "tokenizer.ggml.tokens=array of 150000 string");
        assertThat(query("SELECT format || ',' || safety FROM v_local_files_full WHERE format = 'fakegguf'")).containsExactly("fakegguf,safe");

        // a rescan reads neither again, and a scan for every hash it had does not either
        ScanSummary again = scan();
        assertThat(again.unchanged()).isEqualTo(2);
        assertThat(again.bytesHashed()).isZero();
    }

    @Test
    void aFileIsReadByItsContentWhateverItsName() throws Exception {
        Path bin = SafetensorsWriter.writeSized(models.resolve("diffusion_pytorch_model.bin"), 100_000, Map.of(), 3);
        Path lying = FakeFormats.pickle(models.resolve("innocent.safetensors"), 5_000, 4);
        Path realPickle = FakeFormats.pickle(models.resolve("embedding.fpk"), 4_000, 5);
        ScanSummary summary = scan();
        assertThat(summary.added()).isEqualTo(3);

        assertThat(row(bin).format()).isEqualTo("safetensors"); // .bin is shared by many formats: not mislabelled
        assertThat(hashes(bin)).containsKey("AutoV3");
        assertThat(findings(bin)).isEmpty();
        assertThat(row(lying).format()).isEqualTo("fakepickle");
        assertThat(row(lying).safety()).isEqualTo("dangerous");
        assertThat(findings(lying)).containsExactly("danger:imports os.system",
                "warning:mislabelled: named .safetensors but the content is fakepickle");
        assertThat(findings(realPickle)).containsExactly("danger:imports os.system");
        assertThat(query("SELECT name FROM local_file_imports i JOIN local_files f ON f.id = i.local_file_id WHERE f.file_path = '"
                + lying + "' ORDER BY position")).containsExactly("collections.OrderedDict", "os.system");
        // one warning per dangerous file read
        assertThat(dangerous).containsExactlyInAnyOrder(lying + ": imports os.system", realPickle + ": imports os.system");

        assertThat(catalog.listFiles(new ListFilter(null, null, null, null, ListFilter.Sort.PATH, true, false)))
                .extracting(LocalFileRow::filePath).containsExactly(realPickle.toString(), lying.toString());
        assertThat(query("SELECT count(*) FROM v_local_files_full WHERE safety = 'dangerous'")).containsExactly("2");
        assertThat(catalog.stats().byFormat()).extracting(b -> b.name() + "=" + b.files())
                .containsExactlyInAnyOrder("safetensors=1", "fakepickle=2");

        ModelHeader inspected = catalog.inspect(lying);
        assertThat(inspected.format()).isEqualTo("fakepickle");
        assertThat(inspected.findings()).last().extracting(ModelHeader.Finding::message).asString().startsWith("mislabelled");
    }

    @Test
    void formatsNarrowsTheWalkAndLeavesTheOtherFormatsRowsAlone() throws Exception {
        Path st = SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 10_000, Map.of(), 1);
        scan();
        Path gguf = FakeFormats.gguf(models.resolve("b.fgg"), 10_000, 2);
        Files.writeString(models.resolve("c.boom"), "BOOM"); // not walked: a format not asked for
        ScanSummary only = scan("FakeGGUF");
        assertThat(only.seen()).isEqualTo(1);
        assertThat(only.added()).isEqualTo(1);
        assertThat(only.failed()).isZero();
        assertThat(only.missing()).isZero();
        assertThat(row(st).missingSince()).isNull();
        assertThat(row(gguf).format()).isEqualTo("fakegguf");

        assertThatThrownBy(() -> scan("gguf", "nope")).isInstanceOfSatisfying(TensorsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
            assertThat(e.getMessage()).startsWith("unknown format '")
                    .endsWith(": the loaded formats are safetensors, gguf, pickle, fakegguf, fakepickle, boom");
        });
    }

    @Test
    void contentNoFormatRecognisesFailsWithTheRulesOfTheFormatItsNameClaims() throws Exception {
        Path fake = Files.writeString(models.resolve("broken.fgg"), "this is not a fake gguf at all");
        ScanSummary summary = scan();
        assertThat(summary.failures()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo(fake.toString());
            assertThat(f.reason()).isEqualTo("invalid fakegguf: does not start with FGG1");
        });
        assertThatThrownBy(() -> catalog.inspect(dir.resolve("notes.txt"))).isInstanceOf(TensorsException.class);
        Path notes = Files.writeString(dir.resolve("notes.txt"), "plain words");
        assertThatThrownBy(() -> catalog.inspect(notes)).isInstanceOfSatisfying(TensorsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
            assertThat(e.getMessage()).isEqualTo(notes + ": not a model file tsr can read: its content is none of"
                    + " safetensors, gguf, pickle, fakegguf, fakepickle, boom");
        });
    }

    @Test
    void aFormatWhoseProbeThrowsFailsThatFileNotTheScan() throws Exception {
        Path boom = Files.writeString(models.resolve("x.boom"), "BOOM and more");
        Path st = SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 10_000, Map.of(), 1);
        ScanSummary summary = scan();
        assertThat(summary.added()).isEqualTo(1);
        assertThat(row(st)).isNotNull();
        List<ScanFailure> failures = summary.failures();
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo(boom.toString());
            assertThat(f.reason()).contains("plugin boom (formats.jar) failed in format 'boom' probe").contains("the probe broke");
        });
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("boom").contains("disabled for this run"));
        assertThat(plugins.plugins()).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo("boom");
            assertThat(p.state()).isEqualTo(PluginInfo.State.DISABLED);
        });
    }

    @Test
    void anyFileCanBeHashedAndAutoV3OnlyApplesToSafetensors() throws Exception {
        Path gguf = FakeFormats.gguf(dir.resolve("m.fgg"), 100_000, 1);
        assertThat(catalog.hash(gguf, List.of())).containsOnlyKeys("SHA256", "AutoV2", "CRC32");
        Path other = Files.writeString(dir.resolve("readme.md"), "# not a model\n");
        assertThat(catalog.hash(other, List.of("sha256", "autov3", "blake3"))).containsOnlyKeys("SHA256", "BLAKE3");
        Path st = SafetensorsWriter.writeSized(dir.resolve("s.sft"), 10_000, Map.of(), 2);
        assertThat(catalog.hash(st, List.of())).containsKey("AutoV3");
        assertThat(db).doesNotExist();
    }

    LocalFileRow row(Path file) {
        return catalog.listFiles().stream().filter(r -> r.filePath().equals(file.toString())).findFirst().orElse(null);
    }

    Map<String, String> hashes(Path file) throws Exception {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (String line : query("SELECT hash_type || '=' || hash_value FROM local_file_hashes h JOIN local_files f"
                + " ON f.id = h.local_file_id WHERE f.file_path = '" + file + "'")) {
            String[] kv = line.split("=", 2);
            map.put(kv[0], kv[1]);
        }
        return map;
    }

    List<String> findings(Path file) throws Exception {
        return query("SELECT severity || ':' || message FROM local_file_findings x JOIN local_files f ON f.id = x.local_file_id"
                + " WHERE f.file_path = '" + file + "' ORDER BY position");
    }

    List<String> query(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
