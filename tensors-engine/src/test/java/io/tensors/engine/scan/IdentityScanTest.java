package io.tensors.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tensors.api.CatalogStats;
import io.tensors.api.ErrorCode;
import io.tensors.api.Identity;
import io.tensors.api.ListFilter;
import io.tensors.api.LocalFileRow;
import io.tensors.api.ScanListener;
import io.tensors.api.ScanRequest;
import io.tensors.api.ScanSummary;
import io.tensors.api.SearchQuery;
import io.tensors.api.TensorsException;
import io.tensors.api.TriggerWords;
import io.tensors.engine.DefaultCatalog;
import io.tensors.engine.Settings;
import io.tensors.engine.identity.Identifier;
import io.tensors.engine.identity.RuleSet;
import io.tensors.engine.identity.SampleFiles;
import io.tensors.engine.identity.Samples;
import io.tensors.engine.plugin.PluginRegistry;
import io.tensors.engine.store.CatalogStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scan stores each file's identity; listings, stats, triggers and the local search use it. */
class IdentityScanTest {
    private static final Path FIXTURES = Path.of("../../shared/fixtures/safetensors").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    Path models;
    Path db;
    DefaultCatalog catalog;

    @BeforeEach
    void open() throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        db = dir.resolve("catalog/models.db");
        catalog = new DefaultCatalog(Settings.fromEnvironment(Map.of("HOME", dir.toString()), db),
                PluginRegistry.load(getClass().getClassLoader()));
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private ScanSummary scan() {
        return catalog.scan(new ScanRequest(List.of(models), List.of(), false, 2), ScanListener.NONE);
    }

    private static Samples.Sample sample(String prefix) {
        return Samples.all().stream().filter(s -> s.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    private Path write(String samplePrefix, String fileName) throws Exception {
        return SampleFiles.write(sample(samplePrefix), models.resolve(fileName));
    }

    private LocalFileRow row(String fileName) {
        return catalog.listFiles().stream().filter(r -> r.filePath().endsWith(fileName)).findFirst().orElseThrow();
    }

    @Test
    void unlinkedFilesShowWhatTheirHeaderAndTensorsSay() throws Exception {
        write("sd1 lora kohya (Hatsune", "Hatsune Miku v2.safetensors");
        write("sdxl lora kohya", "sdxl_style.safetensors");
        write("sd1 loha", "lycoris/loha.safetensors");
        write("sd vae", "vae-ft-mse.safetensors");
        write("nothing known", "mystery.safetensors");
        scan();

        LocalFileRow miku = row("Hatsune Miku v2.safetensors");
        assertThat(miku.modelName()).isNull(); // CivitAI knows nothing: its fields stay empty
        Identity id = miku.identity();
        assertThat(id.kind()).isEqualTo("lora");
        assertThat(id.architecture()).isEqualTo("SD 1.x");
        assertThat(id.displayName()).isEqualTo("Hatsune Miku v2");
        assertThat(id.sources()).isEqualTo(new Identity.Sources(Identity.Source.TENSORS, Identity.Source.TENSORS,
                Identity.Source.HEADER, Identity.Source.GUESSED));
        assertThat(id.triggerWords()).containsExactly("hatsune miku", "1girl", "twintails");

        assertThat(row("mystery.safetensors").identity().displayName()).isEqualTo("mystery");
        assertThat(row("mystery.safetensors").identity().sources().displayName()).isEqualTo(Identity.Source.FILE_NAME);

        assertThat(names(new ListFilter("lora", null, null, null, ListFilter.Sort.PATH))).containsExactly(
                "Hatsune Miku v2.safetensors", "sdxl_style.safetensors");
        assertThat(names(new ListFilter("LYCORIS", null, null, null, ListFilter.Sort.PATH))).containsExactly("loha.safetensors");
        assertThat(names(new ListFilter(null, "sd 1", null, null, ListFilter.Sort.PATH))).containsExactly(
                "Hatsune Miku v2.safetensors", "loha.safetensors");
        assertThat(names(new ListFilter(null, "xl", null, null, ListFilter.Sort.PATH))).containsExactly("sdxl_style.safetensors");
        assertThat(names(new ListFilter(null, null, null, null, ListFilter.Sort.PATH, false, true))).containsExactly("mystery.safetensors");

        CatalogStats stats = catalog.stats();
        assertThat(stats.byType()).extracting(CatalogStats.Bucket::name).contains("lora", "loha", "vae", null);
        assertThat(stats.byType()).filteredOn(b -> "lora".equals(b.name())).singleElement()
                .extracting(CatalogStats.Bucket::files).isEqualTo(2L);
        assertThat(stats.byBaseModel()).extracting(CatalogStats.Bucket::name).contains("SD 1.x", "SDXL");

        TriggerWords words = catalog.triggers(models.resolve("Hatsune Miku v2.safetensors").toString());
        assertThat(words.words()).containsExactly("hatsune miku", "1girl", "twintails");
        assertThat(words.source()).isEqualTo(Identity.Source.GUESSED);
        assertThatThrownBy(() -> catalog.triggers(models.resolve("mystery.safetensors").toString()))
                .isInstanceOfSatisfying(TensorsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED))
                .hasMessageContaining("names no trigger words").hasMessageContaining("tsr db link");
    }

    @Test
    void aTriggerPhraseInTheHeaderIsTheFilesTriggerWords() throws Exception {
        write("sd1 lora header says lora", "add_detail.safetensors");
        scan();
        TriggerWords words = catalog.triggers(models.resolve("add_detail.safetensors").toString());
        assertThat(words.words()).containsExactly("add detail");
        assertThat(words.source()).isEqualTo(Identity.Source.HEADER);
        assertThat(row("add_detail.safetensors").identity().displayName()).isEqualTo("Detail Tweaker LoRA (细节调整LoRA)");
    }

    @Test
    void theLocalSearchFindsSubstringsInEveryScript() throws Exception {
        write("sd1 lora kohya (Hatsune", "Hatsune Miku v2.safetensors");
        write("sd1 lora header says lora", "add_detail.safetensors");
        write("sd1 embedding (EasyNegative)", "EasyNegative.safetensors");
        write("sdxl lora kohya", "初音ミク/miku_xl.safetensors");
        scan();
        assertThat(found("miku")).containsExactly("Hatsune Miku v2.safetensors", "miku_xl.safetensors");
        assertThat(found("easy")).containsExactly("EasyNegative.safetensors");
        assertThat(found("weaker")).containsExactly("add_detail.safetensors");
        assertThat(found("细节")).containsExactly("add_detail.safetensors");
        assertThat(found("ミク")).containsExactly("miku_xl.safetensors"); // the folder's name
        assertThat(found("调整")).containsExactly("add_detail.safetensors"); // short, in the header's title
        assertThat(found("调")).containsExactly("add_detail.safetensors");
        assertThat(found("twintails")).containsExactly("Hatsune Miku v2.safetensors"); // a caption tag
        assertThat(found("miku -xl")).containsExactly("Hatsune Miku v2.safetensors");
        assertThat(found("easy OR weaker")).containsExactlyInAnyOrder("EasyNegative.safetensors", "add_detail.safetensors");
        // filters apply before the limit, and alone list what they match
        assertThat(catalog.searchFiles(new SearchQuery("miku", "lora", "sdxl", null, null, null, 1)))
                .extracting(r -> Path.of(r.filePath()).getFileName().toString()).containsExactly("miku_xl.safetensors");
        assertThat(catalog.searchFiles(new SearchQuery("", "embedding", null, null, null, null, 20)))
                .extracting(r -> Path.of(r.filePath()).getFileName().toString()).containsExactly("EasyNegative.safetensors");
    }

    @Test
    void aRescanDoesNotReadAFileToIdentifyItAndChangedRulesIdentifyFromTheCatalog() throws Exception {
        Path file = write("nothing known", "acme.safetensors");
        scan();
        assertThat(row("acme.safetensors").identity().unidentified()).isTrue();

        // the bytes become unreadable garbage of the same size and mtime: only a read could notice
        FileTime mtime = Files.getLastModifiedTime(file);
        byte[] garbage = new byte[(int) Files.size(file)];
        Files.write(file, garbage);
        Files.setLastModifiedTime(file, mtime);

        ScanSummary again = scan();
        assertThat(again.unchanged()).isEqualTo(1);
        assertThat(again.bytesHashed()).isZero();

        // a plugin's rule names it: the next scan identifies it again from the stored digest, not from the garbage
        Identifier more = new Identifier(RuleSet.parse(List.of(RuleSet.builtInText(),
                "acme | upscaler | Acme | has some.random.weight")));
        try (CatalogStore store = CatalogStore.open(db)) {
            var plugins = io.tensors.engine.plugin.PluginRegistry.load(getClass().getClassLoader());
            ScanSummary third = new Scanner(store, plugins.resolveHashes(List.of("SHA256")),
                    new io.tensors.engine.format.Formats(plugins.formats()), Scanner.PLUGIN_WAIT, more)
                    .scan(new ScanRequest(List.of(models), List.of(), false, 1), ScanListener.NONE);
            assertThat(third.bytesHashed()).isZero();
            assertThat(third.failed()).isZero();
        }
        Identity identity = row("acme.safetensors").identity();
        assertThat(identity.kind()).isEqualTo("upscaler");
        assertThat(identity.architecture()).isEqualTo("Acme");
    }

    @Test
    void aRowFromBeforeIdentitiesIsIdentifiedFromItsHeaderOnceWithoutHashing() throws Exception {
        write("flux lora kohya", "flux_style.safetensors");
        scan();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM file_identity"); // as a catalog migrated from V3 has it
        }
        assertThat(row("flux_style.safetensors").identity().kind()).isNull();
        ScanSummary again = scan();
        assertThat(again.bytesHashed()).isZero();
        assertThat(row("flux_style.safetensors").identity().architecture()).isEqualTo("Flux.1");
    }

    @Test
    void aMovedFileKeepsItsIdentityAndItsNameFollows() throws Exception {
        Path file = write("sd vae", "old name.safetensors");
        scan();
        Files.move(file, models.resolve("new name.safetensors"));
        ScanSummary again = scan();
        assertThat(again.moved()).isEqualTo(1);
        LocalFileRow moved = row("new name.safetensors");
        assertThat(moved.identity().kind()).isEqualTo("vae");
        assertThat(moved.identity().displayName()).isEqualTo("new name");
        assertThat(found("new name")).containsExactly("new name.safetensors");
        assertThat(found("old name")).isEmpty();
    }

    @Test
    void theRealFixtureLorasAreRecognised() throws Exception {
        assumeThat(Files.isDirectory(FIXTURES)).as("the shared fixtures at " + FIXTURES + " are absent").isTrue();
        try (var files = Files.list(FIXTURES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".safetensors")).toList()) {
                Files.copy(f, models.resolve(f.getFileName()));
            }
        }
        scan();
        for (String lokr : List.of("lycoris_smart_falcon_4_lokr_kohya.safetensors", "lycoris_smart_falcon_8_lokr_kohya.safetensors",
                "lycoris_smart_falcon_16_lokr_kohya.safetensors")) {
            Identity id = row(lokr).identity();
            assertThat(id.kind()).as(lokr).isEqualTo("lokr");
            assertThat(id.architecture()).as(lokr).isEqualTo("SD 1.x");
            assertThat(id.sources().displayName()).isEqualTo(Identity.Source.HEADER); // ss_output_name
        }
        assertThat(row("lycoris_smart_falcon_16_lokr_kohya.safetensors").identity().displayName()).isEqualTo("smart_falcon_16_lokr");
        for (String clone : List.of("cloneofsimo_lora_disney.safetensors", "cloneofsimo_analog_svd_rank4.safetensors")) {
            Identity id = row(clone).identity();
            assertThat(id.kind()).as(clone).isEqualTo("lora");
            assertThat(id.architecture()).as(clone).isEqualTo("SD 1.x");
        }
        assertThat(names(new ListFilter("lycoris", null, null, null, ListFilter.Sort.PATH))).hasSize(3);
    }

    private List<String> names(ListFilter filter) {
        return catalog.listFiles(filter).stream().map(r -> Path.of(r.filePath()).getFileName().toString()).toList();
    }

    private List<String> found(String text) {
        return catalog.searchFiles(new SearchQuery(text, null, null, null, null, null, 20)).stream()
                .map(r -> Path.of(r.filePath()).getFileName().toString()).toList();
    }
}
