package io.tensors.engine.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.CatalogStats;
import io.tensors.api.DuplicateGroup;
import io.tensors.api.DuplicateGroup.Kind;
import io.tensors.api.DuplicateReport;
import io.tensors.api.ErrorCode;
import io.tensors.api.ImagePrompt;
import io.tensors.api.ImageResource;
import io.tensors.api.LinkRequest;
import io.tensors.api.ListFilter;
import io.tensors.api.LocalFileRow;
import io.tensors.api.OutdatedFile;
import io.tensors.api.ProgressListener;
import io.tensors.api.ScanListener;
import io.tensors.api.ScanRequest;
import io.tensors.api.TensorsException;
import io.tensors.engine.DefaultCatalog;
import io.tensors.engine.Settings;
import io.tensors.engine.civitai.ModelIngest;
import io.tensors.engine.plugin.PluginRegistry;
import io.tensors.engine.store.CatalogStore;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query side of the catalog on a real SQLite file: local files written and scanned for real,
 * the cache filled through {@link ModelIngest} from CivitAI-shaped JSON built here, files linked by
 * the real offline link.
 */
class QueriesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    Path models;
    Path db;
    DefaultCatalog catalog;

    @BeforeEach
    void open() throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        db = dir.resolve("models.db");
        catalog = new DefaultCatalog(Settings.fromEnvironment(Map.of("HOME", dir.toString()), db),
                PluginRegistry.load(getClass().getClassLoader()));
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    // ------------------------------------------------------------------ fixtures

    /** A file with one U8 tensor of {@code size} pseudo-random bytes from {@code seed} and the given metadata. */
    Path file(String name, int size, long seed, String meta) throws Exception {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        return SafetensorsWriter.create().metadata("note", meta).tensor("w", "U8", List.of((long) size), data)
                .write(models.resolve(name));
    }

    void scan() {
        catalog.scan(new ScanRequest(List.of(models), List.of(), false, 2), ScanListener.NONE);
    }

    String hash(Path file, String type) {
        return catalog.hash(file, List.of(type)).get(type);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, Object> version(long id, String name, String base, List<String> words, List<Path> files,
            List<Map<String, Object>> images) throws Exception {
        List<Map<String, Object>> fileList = new ArrayList<>();
        for (Path f : files) {
            fileList.add(map("id", id * 10 + fileList.size(), "name", f.getFileName().toString(), "sizeKB", 1.0,
                    "primary", fileList.isEmpty(), "hashes", map("SHA256", sha256(f))));
        }
        return map("id", id, "name", name, "baseModel", base, "publishedAt", "2026-01-0" + (id % 9 + 1) + "T00:00:00.000Z",
                "trainedWords", words, "files", fileList, "images", images);
    }

    static String sha256(Path f) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    /** Caches a model (versions newest first, as CivitAI lists them) through the real ingest. */
    void cache(long id, String name, String type, Map<String, Object>... versions) {
        String body = JSON.writeValueAsString(map("id", id, "name", name, "type", type,
                "creator", map("username", "maker"), "tags", List.of("style"), "modelVersions", List.of(versions)));
        try (CatalogStore store = CatalogStore.open(db)) {
            new ModelIngest(store).ingestModel("civitai", "models/" + id, body, T);
        }
    }

    void link() {
        catalog.link(new LinkRequest(true, false, Duration.ofDays(7)), ProgressListener.NONE);
    }

    void sql(String statement, Object... args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    static TensorsException failure(Runnable r) {
        try {
            r.run();
        } catch (TensorsException e) {
            return e;
        }
        throw new AssertionError("no TensorsException");
    }

    // ------------------------------------------------------------------ list

    @Test
    void listFiltersByTypeBaseLinkAndMissingAndSorts() throws Exception {
        Path lora = file("b-lora.safetensors", 3000, 1, "x");
        Path ckpt = file("a-ckpt.safetensors", 9000, 2, "x");
        Path loose = file("c-loose.safetensors", 5000, 3, "x");
        Path gone = file("d-gone.safetensors", 1000, 4, "x");
        scan();
        cache(100, "Zeta Lora", "LORA", version(1001, "v1", "SD 1.5", List.of("zeta"), List.of(lora), List.of()));
        cache(200, "Alpha Checkpoint", "Checkpoint", version(2001, "v1", "SDXL 1.0", List.of(), List.of(ckpt), List.of()));
        link();
        Files.delete(gone);
        scan();

        assertThat(paths(ListFilter.ALL)).containsExactly(ckpt, lora, loose, gone); // by model name, unlinked last, then path
        assertThat(catalog.listFiles()).isEqualTo(catalog.listFiles(ListFilter.ALL));
        assertThat(paths(new ListFilter("lora", null, null, null, ListFilter.Sort.NAME))).containsExactly(lora);
        assertThat(paths(new ListFilter(null, "sdxl 1.0", null, null, ListFilter.Sort.NAME))).containsExactly(ckpt);
        assertThat(paths(new ListFilter(null, null, true, null, ListFilter.Sort.PATH))).containsExactly(ckpt, lora);
        assertThat(paths(new ListFilter(null, null, false, null, ListFilter.Sort.PATH))).containsExactly(loose, gone);
        assertThat(paths(new ListFilter(null, null, null, true, ListFilter.Sort.PATH))).containsExactly(gone);
        assertThat(paths(new ListFilter(null, null, false, false, ListFilter.Sort.PATH))).containsExactly(loose);
        assertThat(paths(new ListFilter(null, null, null, null, ListFilter.Sort.SIZE))).containsExactly(ckpt, loose, lora, gone);
        assertThat(paths(new ListFilter("TextualInversion", null, null, null, ListFilter.Sort.NAME))).isEmpty();
        LocalFileRow row = catalog.listFiles(new ListFilter("LORA", null, null, null, ListFilter.Sort.NAME)).getFirst();
        assertThat(row.triggerWords()).containsExactly("zeta");
        assertThat(row.baseModel()).isEqualTo("SD 1.5");
    }

    List<Path> paths(ListFilter filter) {
        return catalog.listFiles(filter).stream().map(r -> Path.of(r.filePath())).toList();
    }

    // ------------------------------------------------------------------ triggers

    @Test
    void triggersByPathFullHashPrefixAndTheirFailures() throws Exception {
        Path linked = file("linked.safetensors", 4000, 1, "x");
        Path other = file("other.safetensors", 4000, 2, "x");
        Path unlinked = file("unlinked.safetensors", 4000, 3, "x");
        scan();
        cache(100, "Lantern", "LORA", version(1001, "v1", "SD 1.5", List.of("lanternglow", "warm light, bokeh", "paper lantern"),
                List.of(linked), List.of()));
        cache(200, "Other", "LORA", version(2001, "v1", "SD 1.5", List.of("other"), List.of(other), List.of()));
        link();
        List<String> words = List.of("lanternglow", "warm light, bokeh", "paper lantern");

        assertThat(catalog.triggerWords(linked.toString())).isEqualTo(words);
        String sha = hash(linked, "SHA256");
        assertThat(catalog.triggerWords(sha)).isEqualTo(words);
        assertThat(catalog.triggerWords(sha.toLowerCase())).isEqualTo(words);
        assertThat(catalog.triggerWords(sha.substring(0, 8).toLowerCase())).isEqualTo(words);
        assertThat(catalog.triggerWords(hash(linked, "AutoV2"))).isEqualTo(words);
        assertThat(catalog.triggerWords(hash(linked, "AutoV3"))).isEqualTo(words);
        assertThat(catalog.triggerWords(hash(linked, "CRC32"))).isEqualTo(words);
        assertThat(catalog.triggerWords("  " + hash(linked, "AutoV3").substring(0, 9) + " ")).isEqualTo(words);

        TensorsException unlinkedFailure = failure(() -> catalog.triggerWords(unlinked.toString()));
        assertThat(unlinkedFailure.code()).isEqualTo(ErrorCode.FAILED);
        assertThat(unlinkedFailure.getMessage()).contains(unlinked.toString()).contains("tsr db link");
        assertThat(failure(() -> catalog.triggerWords(hash(unlinked, "SHA256"))).code()).isEqualTo(ErrorCode.FAILED);

        TensorsException tooShort = failure(() -> catalog.triggerWords(sha.substring(0, 7)));
        assertThat(tooShort.code()).isEqualTo(ErrorCode.BAD_INPUT);
        assertThat(tooShort.getMessage()).contains("at least 8");
        TensorsException none = failure(() -> catalog.triggerWords("0123456789abcdef0123"));
        assertThat(none.code()).isEqualTo(ErrorCode.BAD_INPUT);
        assertThat(failure(() -> catalog.triggerWords(models.resolve("nope.safetensors").toString())).code())
                .isEqualTo(ErrorCode.BAD_INPUT);

        // two 32-bit prefixes colliding needs ~65k files; make one collide on purpose
        String crcLinked = hash(linked, "CRC32");
        sql("UPDATE local_file_hashes SET hash_value = ? WHERE hash_type = 'CRC32' AND local_file_id ="
                + " (SELECT id FROM local_files WHERE file_path = ?)", crcLinked + "", other.toString());
        TensorsException ambiguous = failure(() -> catalog.triggerWords(crcLinked));
        assertThat(ambiguous.code()).isEqualTo(ErrorCode.BAD_INPUT);
        assertThat(ambiguous.getMessage()).contains("matches 2 files").contains(linked.toString()).contains(other.toString())
                .doesNotContain("\n");
        // a longer prefix of another hash still tells them apart
        assertThat(catalog.triggerWords(hash(other, "SHA256").substring(0, 12))).containsExactly("other");
    }

    @Test
    void aHashSharedByHardLinksOfOneLinkedFileIsNotAmbiguous() throws Exception {
        Path a = file("a.safetensors", 4000, 1, "x");
        Files.createLink(models.resolve("a-hard.safetensors"), a);
        scan();
        cache(100, "Lantern", "LORA", version(1001, "v1", "SD 1.5", List.of("w"), List.of(a), List.of()));
        link();
        assertThat(catalog.triggerWords(hash(a, "AutoV2"))).containsExactly("w");
    }

    // ------------------------------------------------------------------ prompts

    @Test
    void promptsCarryTheParamsAndResourcesOfImagesWithMeta() throws Exception {
        Map<String, Object> withMeta = map("id", 7001, "url", "https://img.invalid/1.jpeg", "width", 832, "height", 1216,
                "meta", map("prompt", "night market, lanternglow", "negativePrompt", "blurry", "sampler", "DPM++ 2M Karras",
                        "cfgScale", 6.5, "steps", 28, "seed", 3857540070L, "Size", "832x1216", "Clip skip", "2",
                        "resources", List.of(map("name", "lantern_v3", "type", "lora", "weight", 0.8, "hash", "00aa11bb22cc"),
                                map("name", "sd_xl_base", "type", "model", "hash", "31e35c80fc"))));
        Map<String, Object> noMeta = map("id", 7002, "url", "https://img.invalid/2.jpeg", "meta", null);
        Map<String, Object> textNumbers = map("id", 6001, "url", "https://img.invalid/3.jpeg", "width", 512, "height", 768,
                "meta", map("prompt", "old", "steps", "20", "cfgScale", "7", "seed", "n/a"));
        cache(100, "Lantern", "LORA",
                version(1002, "v2", "SDXL 1.0", List.of(), List.of(), List.of(withMeta, noMeta)),
                version(1001, "v1", "SD 1.5", List.of(), List.of(), List.of(textNumbers)));

        List<ImagePrompt> all = catalog.prompts(100, null, 0);
        assertThat(all).hasSize(2);
        assertThat(all.get(0)).isEqualTo(new ImagePrompt(1002, "v2", "https://img.invalid/1.jpeg", "night market, lanternglow",
                "blurry", "DPM++ 2M Karras", 6.5, 28L, 3857540070L, "832x1216",
                List.of(new ImageResource("lantern_v3", "lora", 0.8, "00AA11BB22CC"),
                        new ImageResource("sd_xl_base", "model", null, "31E35C80FC"))));
        assertThat(all.get(1)).isEqualTo(new ImagePrompt(1001, "v1", "https://img.invalid/3.jpeg", "old", null, null, 7.0,
                20L, null, "512x768", List.of()));
        assertThat(catalog.prompts(100, null, 1)).containsExactly(all.get(0));
        assertThat(catalog.prompts(100, 1001L, 10)).containsExactly(all.get(1));

        TensorsException notCached = failure(() -> catalog.prompts(999, null, 0));
        assertThat(notCached.code()).isEqualTo(ErrorCode.FAILED);
        assertThat(notCached.getMessage()).contains("tsr db cache 999");
        TensorsException badVersion = failure(() -> catalog.prompts(100, 555L, 0));
        assertThat(badVersion.code()).isEqualTo(ErrorCode.BAD_INPUT);
        assertThat(badVersion.getMessage()).contains("555").contains("1002 (v2)").contains("1001 (v1)");
    }

    @Test
    void numbersSentAsTextAreRead() {
        assertThat(Queries.whole("20")).isEqualTo(20L);
        assertThat(Queries.whole("20.0")).isEqualTo(20L);
        assertThat(Queries.whole("20.5")).isNull();
        assertThat(Queries.whole("-1")).isEqualTo(-1L);
        assertThat(Queries.decimal("7")).isEqualTo(7.0);
        assertThat(Queries.decimal("NaN")).isNull();
    }

    // ------------------------------------------------------------------ dupes

    @Test
    void dupesCountLinksOnceAndGroupBytesTensorsAndVersions() throws Exception {
        Path a = file("a.safetensors", 5000, 1, "x");
        Path aCopy = Files.copy(a, models.resolve("a-copy.safetensors"));
        Files.createLink(models.resolve("a-hard.safetensors"), a);
        Files.createSymbolicLink(models.resolve("a-sym.safetensors"), a);
        Path onlyLinked = file("solo.safetensors", 3000, 2, "x");
        Files.createLink(models.resolve("solo-hard.safetensors"), onlyLinked);
        Files.createSymbolicLink(models.resolve("solo-sym.safetensors"), onlyLinked);
        Path t1 = file("t1.safetensors", 6000, 3, "one header");
        Path t2 = file("t2.safetensors", 6000, 3, "another, longer header");
        Path fp16 = file("v-fp16.safetensors", 2000, 4, "x");
        Path fp32 = file("v-fp32.safetensors", 4000, 5, "x");
        Path g1 = file("gone1.safetensors", 1000, 6, "x");
        Files.copy(g1, models.resolve("gone2.safetensors"));
        scan();
        cache(400, "Pruned", "Checkpoint", version(4001, "v1", "SD 1.5", List.of(), List.of(fp16, fp32), List.of()));
        link();
        Files.delete(models.resolve("gone2.safetensors"));
        scan();

        DuplicateReport report = catalog.duplicates();
        List<DuplicateGroup> groups = report.groups();
        assertThat(groups).extracting(DuplicateGroup::kind)
                .containsExactly(Kind.SAME_BYTES, Kind.SAME_TENSORS, Kind.SAME_VERSION);

        DuplicateGroup bytes = groups.get(0);
        long aSize = Files.size(a);
        assertThat(bytes.key()).isEqualTo(hash(a, "SHA256"));
        // paths sort byte-wise ('-' before '.'): a-copy is one copy; a-hard stands for its inode, reached also by a-sym and a
        assertThat(bytes.files()).extracting(f -> f.filePath()).containsExactly(aCopy.toString(),
                models.resolve("a-hard.safetensors").toString());
        assertThat(bytes.files().get(0).linkedPaths()).isEmpty();
        assertThat(bytes.files().get(1).linkedPaths()).containsExactly(models.resolve("a-sym.safetensors").toString(),
                a.toString());
        assertThat(bytes.totalBytes()).isEqualTo(2 * aSize);
        assertThat(bytes.reclaimableBytes()).isEqualTo(aSize);

        DuplicateGroup tensors = groups.get(1);
        assertThat(hash(t1, "SHA256")).isNotEqualTo(hash(t2, "SHA256"));
        assertThat(tensors.key()).isEqualTo(hash(t1, "AutoV3")).isEqualTo(hash(t2, "AutoV3"));
        assertThat(tensors.files()).extracting(f -> f.filePath()).containsExactly(t1.toString(), t2.toString());
        assertThat(tensors.reclaimableBytes()).isEqualTo(Math.min(Files.size(t1), Files.size(t2)));

        DuplicateGroup versions = groups.get(2);
        assertThat(versions.key()).isEqualTo("4001");
        assertThat(versions.label()).isEqualTo("Pruned v1");
        assertThat(versions.files()).extracting(f -> f.filePath()).containsExactly(fp16.toString(), fp32.toString());
        assertThat(versions.totalBytes()).isEqualTo(Files.size(fp16) + Files.size(fp32));
        assertThat(versions.reclaimableBytes()).isEqualTo(Files.size(fp16));

        assertThat(report.reclaimableBytes()).isEqualTo(aSize + tensors.reclaimableBytes() + Files.size(fp16));
    }

    @Test
    void overlappingGroupsAreCountedOnceInTheTotal() throws Exception {
        // two copies of one header variant plus another header variant: a bytes group and a tensors group share a file
        Path t1 = file("t1.safetensors", 6000, 3, "one header");
        Files.copy(t1, models.resolve("t1-copy.safetensors"));
        Path t2 = file("t2.safetensors", 6000, 3, "another, longer header");
        scan();
        DuplicateReport report = catalog.duplicates();
        assertThat(report.groups()).extracting(DuplicateGroup::kind).containsExactly(Kind.SAME_BYTES, Kind.SAME_TENSORS);
        DuplicateGroup tensors = report.groups().get(1);
        assertThat(tensors.files()).hasSize(3);
        long total = 2 * Files.size(t1) + Files.size(t2);
        assertThat(report.reclaimableBytes()).isEqualTo(total - Math.max(Files.size(t1), Files.size(t2)));
        assertThat(report.reclaimableBytes()).isLessThan(report.groups().get(0).reclaimableBytes() + tensors.reclaimableBytes());
    }

    @Test
    void noDuplicatesIsAnEmptyReport() throws Exception {
        file("a.safetensors", 1000, 1, "x");
        scan();
        assertThat(catalog.duplicates()).isEqualTo(new DuplicateReport(List.of(), 0));
    }

    // ------------------------------------------------------------------ outdated

    @Test
    void outdatedComparesVersionsOfTheSameBaseModelOnly() throws Exception {
        Path old15 = file("lantern-v1.safetensors", 1000, 1, "x");
        Path sd15OnlyXlUpdate = file("rope-v1.safetensors", 1000, 2, "x");
        Path haveLatest = file("moss-v1.safetensors", 1000, 3, "x");
        Path latestToo = file("moss-v2.safetensors", 1000, 4, "x");
        Path newest = file("lantern-v3.safetensors", 1000, 5, "x");
        Path goneOld = file("fern-v1.safetensors", 1000, 6, "x");
        scan();
        cache(100, "Lantern", "LORA",
                version(1003, "v3 XL", "SDXL 1.0", List.of(), List.of(newest), List.of()),
                version(1002, "v2", "SD 1.5", List.of(), List.of(), List.of()),
                version(1001, "v1", "SD 1.5", List.of(), List.of(old15), List.of()));
        cache(200, "Rope", "LORA",
                version(2002, "v2 XL", "SDXL 1.0", List.of(), List.of(), List.of()),
                version(2001, "v1", "SD 1.5", List.of(), List.of(sd15OnlyXlUpdate), List.of()));
        cache(300, "Moss", "LORA",
                version(3002, "v2", "SD 1.5", List.of(), List.of(latestToo), List.of()),
                version(3001, "v1", "SD 1.5", List.of(), List.of(haveLatest), List.of()));
        cache(500, "Fern", "LORA",
                version(5002, "v2", "SD 1.5", List.of(), List.of(), List.of()),
                version(5001, "v1", "SD 1.5", List.of(), List.of(goneOld), List.of()));
        link();
        Files.delete(goneOld);
        scan();

        List<OutdatedFile> outdated = catalog.outdated();
        assertThat(outdated).hasSize(1);
        OutdatedFile o = outdated.getFirst();
        assertThat(o.filePath()).isEqualTo(old15.toString());
        assertThat(o.modelId()).isEqualTo(100);
        assertThat(o.modelName()).isEqualTo("Lantern");
        assertThat(o.modelType()).isEqualTo("LORA");
        assertThat(o.baseModel()).isEqualTo("SD 1.5");
        assertThat(o.localVersionId()).isEqualTo(1001);
        assertThat(o.localVersionName()).isEqualTo("v1");
        assertThat(o.latestVersionId()).isEqualTo(1002);
        assertThat(o.latestVersionName()).isEqualTo("v2");
        assertThat(o.latestPublishedAt()).startsWith("2026-01-0");
        assertThat(o.newerVersions()).isEqualTo(1);
    }

    /** The version map with its dates replaced: null removes a date. */
    static Map<String, Object> dated(Map<String, Object> version, String publishedAt, String createdAt) {
        version.remove("publishedAt");
        if (publishedAt != null) {
            version.put("publishedAt", publishedAt);
        }
        if (createdAt != null) {
            version.put("createdAt", createdAt);
        }
        version.put("downloadUrl", "https://civitai.com/api/download/models/" + version.get("id"));
        return version;
    }

    @Test
    void newerMeansPublishedLaterNotListedEarlier() throws Exception {
        Path alpha = file("synth-v3alpha.safetensors", 1000, 1, "x");
        Path v2 = file("synth2-v2.safetensors", 1000, 2, "x");
        Path fp32 = file("pastel-fp32.safetensors", 1000, 3, "x");
        Path full = file("pastel2-full.safetensors", 1000, 4, "x");
        Path tieOld = file("tie-b.safetensors", 1000, 5, "x");
        scan();
        // listed V2 first although V3 Alpha was published a week after it: once with V3 Alpha on disk,
        // once (another model of the same shape) with V2 on disk
        for (long id : List.of(100L, 110L)) {
            cache(id, "Synth" + (id == 100 ? "" : "2"), "Checkpoint",
                    dated(version(id * 100 + 44, "V2", "SD 1.5", List.of(), id == 100 ? List.<Path>of() : List.of(v2), List.of()), "2022-11-30T01:14:36.498Z", null),
                    dated(version(id * 100 + 92, "V3 Alpha", "SD 1.5", List.of(), id == 100 ? List.of(alpha) : List.<Path>of(),
                            List.of()), "2022-12-07T10:40:26.799Z", null),
                    dated(version(id * 100 + 5, "V1", "SD 1.5", List.of(), List.of(), List.of()), "2022-11-27T22:29:29.401Z", null));
        }
        // no publishedAt (2023 bodies): createdAt decides; Full came 90 minutes before Pruned FP32
        for (long id : List.of(200L, 210L)) {
            cache(id, "Pastel" + (id == 200 ? "" : "2"), "Checkpoint",
                    dated(version(id * 100 + 23, "Full", "SD 1.5", List.of(), id == 200 ? List.<Path>of() : List.of(full), List.of()),
                            null, "2023-01-26T18:22:05.782Z"),
                    dated(version(id * 100 + 35, "Pruned FP32", "SD 1.5", List.of(), id == 200 ? List.of(fp32) : List.<Path>of(),
                            List.of()), null, "2023-01-26T19:48:22.675Z"));
        }
        // one instant written two ways (text order would call b newer): the list position breaks the tie
        cache(300, "Tie", "LORA",
                dated(version(3002, "a", "SD 1.5", List.of(), List.of(), List.of()), "2024-05-01T00:00:00.000Z", null),
                dated(version(3001, "b", "SD 1.5", List.of(), List.of(tieOld), List.of()), "2024-05-01T00:00:00Z", null));
        link();

        DefaultCatalog elsewhere = new DefaultCatalog(Settings.fromEnvironment(Map.of("HOME", dir.toString(),
                "TSR_CIVITAI_URL", "http://127.0.0.1:9/civitai/"), db), PluginRegistry.load(getClass().getClassLoader()));
        List<OutdatedFile> outdated;
        try (elsewhere) {
            outdated = elsewhere.outdated();
        }
        assertThat(outdated).extracting(OutdatedFile::filePath).containsExactly(full.toString(), v2.toString(), tieOld.toString());
        OutdatedFile pastel = outdated.get(0);
        assertThat(pastel.localVersionName()).isEqualTo("Full");
        assertThat(pastel.localPublishedAt()).isEqualTo("2023-01-26T18:22:05.782Z");
        assertThat(pastel.latestVersionName()).isEqualTo("Pruned FP32");
        assertThat(pastel.latestPublishedAt()).isEqualTo("2023-01-26T19:48:22.675Z");
        OutdatedFile synth = outdated.get(1);
        assertThat(synth.localVersionId()).isEqualTo(11044);
        assertThat(synth.localPublishedAt()).isEqualTo("2022-11-30T01:14:36.498Z");
        assertThat(synth.latestVersionId()).isEqualTo(11092);
        assertThat(synth.latestVersionName()).isEqualTo("V3 Alpha");
        assertThat(synth.latestPublishedAt()).isEqualTo("2022-12-07T10:40:26.799Z");
        assertThat(synth.newerVersions()).isEqualTo(1);
        assertThat(synth.latestDownloadUrl()).isEqualTo("https://civitai.com/api/download/models/11092");
        assertThat(synth.latestPageUrl()).isEqualTo("http://127.0.0.1:9/civitai/models/110?modelVersionId=11092");
        assertThat(outdated.get(2).latestVersionName()).isEqualTo("a");
        assertThat(catalog.outdated().get(1).latestPageUrl()).isEqualTo("https://civitai.com/models/110?modelVersionId=11092");
    }

    /** The real SynthwavePunk and Pastel-Mix bodies, whose list order is not their publication order. */
    @Test
    void realModelsListedOutOfDateOrder() throws Exception {
        String shared = System.getProperty("tsr.shared.dir");
        Path fixtures = shared == null ? null : Path.of(shared, "fixtures", "civitai");
        Assumptions.assumeTrue(fixtures != null && Files.isDirectory(fixtures),
                "../shared/fixtures not present: real CivitAI responses skipped");
        Path synth = file("synthwavepunk.safetensors", 1000, 1, "x");
        Path fp32 = file("pastelmix-fp32.safetensors", 1000, 3, "x");
        scan();
        try (CatalogStore store = CatalogStore.open(db)) {
            ModelIngest ingest = new ModelIngest(store);
            for (String name : List.of("wiki_models_id_1102_synthwavepunk_2023.json", "models_item_5414_pastel_mix_checkpoint_2023.json")) {
                String body = Files.readString(fixtures.resolve(name));
                ingest.ingestModel("civitai", "models/" + JSON.readTree(body).path("id").asLong(), body, T);
            }
        }
        sql("UPDATE local_files SET civitai_model_id = 1102, civitai_version_id = 1292 WHERE file_path = ?", synth.toString());
        sql("UPDATE local_files SET civitai_model_id = 5414, civitai_version_id = 6235 WHERE file_path = ?", fp32.toString());

        // V3 Alpha (listed second) is the newest; of Pastel-Mix's SD 1.5 versions (Full 18:22, Pruned FP32
        // 19:48, Pruned FP16 CKPT 22:09, listed Full, FP16 CKPT, FP32) the FP16 CKPT one is
        List<OutdatedFile> outdated = catalog.outdated();
        assertThat(outdated).extracting(OutdatedFile::filePath).containsExactly(fp32.toString());
        assertThat(outdated.get(0).latestVersionName()).isEqualTo("Pastel-Mix [Pruned FP16 CKPT]");
        assertThat(outdated.get(0).latestPublishedAt()).isEqualTo("2023-01-26T22:09:06.358Z");
        assertThat(outdated.get(0).newerVersions()).isEqualTo(1);

        sql("UPDATE local_files SET civitai_version_id = 1144 WHERE file_path = ?", synth.toString());
        outdated = catalog.outdated();
        assertThat(outdated).extracting(OutdatedFile::filePath).containsExactly(fp32.toString(), synth.toString());
        OutdatedFile v2 = outdated.get(1);
        assertThat(v2.localVersionName()).isEqualTo("V2");
        assertThat(v2.localPublishedAt()).isEqualTo("2022-11-30T01:14:36.498Z");
        assertThat(v2.latestVersionName()).isEqualTo("V3 Alpha");
        assertThat(v2.latestPublishedAt()).isEqualTo("2022-12-07T10:40:26.799Z");
        assertThat(v2.latestDownloadUrl()).isEqualTo("https://civitai.com/api/download/models/1292");
        assertThat(v2.latestPageUrl()).isEqualTo("https://civitai.com/models/1102?modelVersionId=1292");
    }

    // ------------------------------------------------------------------ stats

    @Test
    void statsCountFilesAndBytesByStateTypeAndBase() throws Exception {
        Path lora1 = file("l1.safetensors", 1000, 1, "x");
        Path lora2 = file("l2.safetensors", 2000, 2, "x");
        Path ckpt = file("c.safetensors", 8000, 3, "x");
        Path loose = file("u.safetensors", 500, 4, "x");
        Path gone = file("g.safetensors", 700, 5, "x");
        scan();
        cache(100, "L", "LORA", version(1001, "v1", "SD 1.5", List.of(), List.of(lora1, lora2), List.of()));
        cache(200, "C", "Checkpoint", version(2001, "v1", "SDXL 1.0", List.of(), List.of(ckpt, gone), List.of()));
        link();
        long goneSize = Files.size(gone);
        Files.delete(gone);
        scan();
        long l = Files.size(lora1) + Files.size(lora2);
        long c = Files.size(ckpt);
        long u = Files.size(loose);

        CatalogStats stats = catalog.stats();
        assertThat(stats.total()).isEqualTo(new CatalogStats.Bucket("files on disk", 4, l + c + u));
        assertThat(stats.byState()).containsExactly(new CatalogStats.Bucket("linked", 3, l + c),
                new CatalogStats.Bucket("unlinked", 1, u), new CatalogStats.Bucket("missing", 1, goneSize));
        assertThat(stats.byType()).containsExactly(new CatalogStats.Bucket("Checkpoint", 1, c),
                new CatalogStats.Bucket("LORA", 2, l), new CatalogStats.Bucket(null, 1, u));
        assertThat(stats.byBaseModel()).containsExactly(new CatalogStats.Bucket("SDXL 1.0", 1, c),
                new CatalogStats.Bucket("SD 1.5", 2, l), new CatalogStats.Bucket(null, 1, u));
    }

    @Test
    void statsOfAnEmptyCatalogAreZeros() {
        CatalogStore.open(db).close(); // created empty: the queries refuse a catalog that does not exist
        CatalogStats stats = catalog.stats();
        assertThat(stats.total().files()).isZero();
        assertThat(stats.byState()).extracting(CatalogStats.Bucket::bytes).containsExactly(0L, 0L, 0L);
        assertThat(stats.byType()).isEmpty();
    }

    @Test
    void queriesRefuseAMissingCatalogAndCreateNothing() {
        assertThatThrownBy(() -> catalog.listFiles()).isInstanceOf(io.tensors.api.TensorsException.class)
                .hasMessage("no catalog at " + db.toAbsolutePath() + ": run 'tsr db scan DIR' first, or check --db / TSR_DB");
        assertThat(db).doesNotExist();
    }

    @Test
    void aCatalogThatWasQueriedReadOnlyIsReopenedForWritingWhenAScanFollows() throws Exception {
        CatalogStore.open(db).close();
        assertThat(catalog.listFiles()).isEmpty(); // opens it read-only
        SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 1000, Map.of(), 1);
        assertThat(catalog.scan(new ScanRequest(List.of(models), List.of(), false, 1), ScanListener.NONE).added()).isEqualTo(1);
        assertThat(catalog.listFiles()).hasSize(1);
    }

    @Test
    void exportersComeFromThePlugins() {
        assertThat(catalog.exporters()).extracting(e -> e.id()).contains("json", "jsonl", "csv", "markdown");
    }
}
