package io.tensors.engine.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.DownloadListener;
import io.tensors.api.DownloadRequest;
import io.tensors.api.DownloadSummary;
import io.tensors.api.DownloadedFile;
import io.tensors.api.ErrorCode;
import io.tensors.api.LocalFileRow;
import io.tensors.api.ModelSource;
import io.tensors.api.SourceContext;
import io.tensors.api.TensorsException;
import io.tensors.engine.DefaultCatalog;
import io.tensors.engine.Settings;
import io.tensors.engine.plugin.PluginRegistry;
import io.tensors.engine.scan.Scanner;
import io.tensors.engine.store.CatalogStore;
import io.tensors.plugins.testing.SafetensorsWriter;
import io.tensors.plugins.testing.FakeCivitai;
import io.tensors.plugins.testing.FakeCivitai.ServedFile;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads against a real HTTP server on 127.0.0.1: CivitAI's API and download endpoint, redirecting to
 * a storage host on 127.0.0.2, with the catalog a real SQLite file.
 */
class DownloadsTest {
    static final long MODEL = 77;
    static final long VERSION = 772; // FakeCivitai.model: the latest version is id * 10 + 2
    static final String KEY = "secret-key-123";
    static final String STORED = "/files/test_v2.safetensors";

    @TempDir
    Path dir;

    FakeCivitai civitai;
    FakeCivitai storage;
    byte[] bytes;
    String sha256;
    Path library;
    DefaultCatalog catalog;

    @BeforeEach
    void start() throws Exception {
        civitai = new FakeCivitai();
        storage = new FakeCivitai("127.0.0.2");
        bytes = Files.readAllBytes(SafetensorsWriter.writeSized(dir.resolve("source.safetensors"), 3 << 20, Map.of("ss_output_name", "test"), 7));
        sha256 = sha256(bytes);
        civitai.serve(MODEL, FakeCivitai.model(MODEL, "Shiny", sha256, "B".repeat(64)));
        civitai.on("GET", "/api/download/models/" + VERSION, FakeCivitai.redirect(storage.baseUrl() + STORED + "?sig=abc"));
        library = dir.resolve("library");
        catalog = catalog(Map.of());
    }

    DefaultCatalog catalog(Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<String, String>(Map.of("HOME", dir.toString(), "TSR_CIVITAI_URL", civitai.baseUrl().toString(),
                "CIVITAI_API_KEY", KEY, "TSR_HTTP_RETRY_SECONDS", "5", "TSR_HTTP_TIMEOUT_SECONDS", "5"));
        env.putAll(more);
        return new DefaultCatalog(Settings.fromEnvironment(env, dir.resolve("models.db")), PluginRegistry.load(getClass().getClassLoader()));
    }

    @AfterEach
    void stop() {
        catalog.close();
        civitai.close();
        storage.close();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    DownloadRequest version(long id) {
        return new DownloadRequest(List.of(id), null, null, null, false, null, null, library, false, 2, false);
    }

    Path target() {
        return library.resolve("loras/test_v2.safetensors");
    }

    ServedFile served() {
        ServedFile file = new ServedFile(bytes, "\"v1\"", "attachment; filename=\"test_v2.safetensors\"");
        storage.on("GET", STORED, file);
        return file;
    }

    @Test
    void aVersionLandsInItsKindsFolderVerifiedCatalogedAndLinkedWithTheHashesAScanGives() throws Exception {
        served();
        DownloadSummary summary = catalog.download(version(VERSION), DownloadListener.NONE);

        DownloadedFile file = summary.files().getFirst();
        assertThat(file.status()).as(String.valueOf(file.reason())).isEqualTo("downloaded");
        assertThat(Path.of(file.path())).isEqualTo(target());
        assertThat(target()).hasBinaryContent(bytes);
        assertThat(file.sha256()).isEqualTo(sha256);
        assertThat(file.received()).isEqualTo(bytes.length);
        assertThat(file.resumedFrom()).isZero();
        assertThat(Files.exists(target().resolveSibling("test_v2.safetensors.part"))).isFalse();
        assertThat(Files.exists(target().resolveSibling("test_v2.safetensors.part.json"))).isFalse();

        LocalFileRow row = catalog.listFiles().getFirst();
        assertThat(row.filePath()).isEqualTo(target().toString());
        assertThat(row.civitaiModelId()).isEqualTo(MODEL);
        assertThat(row.civitaiVersionId()).isEqualTo(VERSION);
        // the hashes computed on the way in are the ones a read of the finished file gives
        Map<String, String> fromDisk = catalog.hash(target(), Scanner.DEFAULT_HASHES);
        List<Map<String, Object>> stored = catalog.sql("SELECT hash_type, hash_value FROM local_file_hashes ORDER BY hash_type", List.of());
        Map<String, String> cataloged = new java.util.TreeMap<>();
        stored.forEach(r -> cataloged.put((String) r.get("hash_type"), (String) r.get("hash_value")));
        assertThat(cataloged).isEqualTo(new java.util.TreeMap<>(fromDisk));
        assertThat(catalog.sql("SELECT value FROM safetensor_metadata WHERE key = 'ss_output_name'", List.of()))
                .extracting(r -> r.get("value")).containsExactly("test");
    }

    @Test
    void theKeyGoesToCivitaiOnlyNeverToTheStorageHostTheRedirectNames() throws Exception {
        served();
        catalog.download(version(VERSION), DownloadListener.NONE);

        assertThat(civitai.seen("GET", "/api/download/models/" + VERSION)).singleElement()
                .satisfies(s -> assertThat(s.header("Authorization")).isEqualTo("Bearer " + KEY));
        assertThat(storage.seen("GET", STORED)).isNotEmpty();
        assertThat(storage.authorizations()).isEmpty();
    }

    @Test
    void aBodyCutShortResumesWithRangeAndIfRangeAndEachByteComesOnce() throws Exception {
        ServedFile file = served().cutAfter(1_000_000, 2);
        DownloadedFile result = catalog.download(version(VERSION), DownloadListener.NONE).files().getFirst();

        assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo("downloaded");
        assertThat(target()).hasBinaryContent(bytes);
        // each attempt asks from the byte the part ends at (the client may drop bytes it had buffered when the
        // connection broke: they are asked for again)
        List<String> ranges = file.ranges();
        assertThat(ranges).hasSize(3);
        assertThat(ranges.getFirst()).isNull();
        long second = Long.parseLong(ranges.get(1).replaceAll("\\D", ""));
        long third = Long.parseLong(ranges.get(2).replaceAll("\\D", ""));
        assertThat(second).isBetween(1L, 1_000_000L);
        assertThat(third).isBetween(second + 1, second + 1_000_000L);
        assertThat(storage.seen("GET", STORED)).extracting(s -> s.header("If-Range")).containsExactly(null, "\"v1\"", "\"v1\"");
        assertThat(result.received()).as("every byte written once").isEqualTo(bytes.length);
        assertThat(result.resumedFrom()).as("nothing re-read within one run").isZero();
    }

    /** A first run that stops after {@code keep} bytes (the body breaks, then CivitAI refuses), leaving the part. */
    long leavePart(long keep) throws Exception {
        ServedFile cut = new ServedFile(bytes, "\"v1\"", null).cutAfter(keep, 1);
        storage.on("GET", STORED, cut, FakeCivitai.json(403, "{\"error\":\"Forbidden\"}"));
        DownloadedFile first = catalog.download(version(VERSION), DownloadListener.NONE).files().getFirst();
        assertThat(first.status()).isEqualTo("failed");
        assertThat(first.reason()).contains("HTTP 403").contains("early access");
        Path part = target().resolveSibling("test_v2.safetensors.part");
        assertThat(part).exists();
        assertThat(target().resolveSibling("test_v2.safetensors.part.json")).exists();
        assertThat(catalog.listFiles()).isEmpty();
        return Files.size(part);
    }

    @Test
    void aSecondRunResumesThePartAnEarlierRunLeftReadingItsBytesOnce() throws Exception {
        long kept = leavePart(1_234_567);
        assertThat(kept).isPositive();
        ServedFile file = served();

        DownloadedFile result = catalog.download(version(VERSION), DownloadListener.NONE).files().getFirst();
        assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo("downloaded");
        assertThat(file.ranges()).containsExactly("bytes=" + kept + "-");
        assertThat(result.resumedFrom()).isEqualTo(kept);
        assertThat(result.received()).isEqualTo(bytes.length - kept);
        assertThat(target()).hasBinaryContent(bytes);
        assertThat(catalog.listFiles().getFirst().sha256()).isEqualTo(sha256);
    }

    @Test
    void aChangedEtagRestartsFromZeroAndTheNewBytesAreVerified() throws Exception {
        byte[] old = Files.readAllBytes(SafetensorsWriter.writeSized(dir.resolve("old.safetensors"), 3 << 20, Map.of(), 99));
        ServedFile cut = new ServedFile(old, "\"v0\"", null).cutAfter(1_000_000, 1);
        storage.on("GET", STORED, cut, FakeCivitai.json(403, "{}"));
        assertThat(catalog.download(version(VERSION), DownloadListener.NONE).files().getFirst().status()).isEqualTo("failed");
        long kept = Files.size(target().resolveSibling("test_v2.safetensors.part"));

        ServedFile now = served(); // the file was replaced: another ETag, the bytes CivitAI's SHA256 is of
        DownloadedFile result = catalog.download(version(VERSION), DownloadListener.NONE).files().getFirst();

        assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo("downloaded");
        assertThat(storage.seen("GET", STORED).getLast().header("If-Range")).isEqualTo("\"v0\"");
        assertThat(now.ranges()).containsExactly("bytes=" + kept + "-");
        assertThat(result.resumedFrom()).as("the old bytes are not hashed").isZero();
        assertThat(result.received()).isEqualTo(bytes.length);
        assertThat(target()).hasBinaryContent(bytes);
    }

    @Test
    void aServerThatIgnoresTheRangeRestartsCleanlyFromZero() throws Exception {
        long kept = leavePart(500_000);
        ServedFile file = served().ignoreRange();
        DownloadedFile result = catalog.download(version(VERSION), DownloadListener.NONE).files().getFirst();
        assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo("downloaded");
        assertThat(file.ranges()).containsExactly("bytes=" + kept + "-");
        assertThat(result.received()).isEqualTo(bytes.length);
        assertThat(target()).hasBinaryContent(bytes);
    }

    @Test
    void a416ForAPartAsLongAsTheFileRestartsFromZero() throws Exception {
        leavePart(500_000);
        Path part = target().resolveSibling("test_v2.safetensors.part");
        Files.write(part, bytes); // the whole file in the part, as when a run died before the rename
        ServedFile file = served();
        DownloadedFile result = catalog.download(version(VERSION), DownloadListener.NONE).files().getFirst();
        assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo("downloaded");
        assertThat(file.ranges()).containsExactly("bytes=" + bytes.length + "-", null);
        assertThat(target()).hasBinaryContent(bytes);
    }

    @Test
    void aWrongSha256FailsKeepsTheBytesAsBadAndCatalogsNothing() throws Exception {
        civitai.serve(MODEL, FakeCivitai.model(MODEL, "Shiny", "A".repeat(64), "B".repeat(64)));
        served();
        DownloadSummary summary = catalog.download(version(VERSION), DownloadListener.NONE);
        DownloadedFile result = summary.files().getFirst();

        assertThat(summary.failed()).isEqualTo(1);
        assertThat(result.reason()).contains("SHA256 mismatch").contains("A".repeat(64)).contains(sha256).contains(".bad");
        assertThat(target().resolveSibling("test_v2.safetensors.bad")).hasBinaryContent(bytes);
        assertThat(target()).doesNotExist();
        assertThat(target().resolveSibling("test_v2.safetensors.part")).doesNotExist();
        assertThat(catalog.listFiles()).isEmpty();
    }

    @Test
    void busyAnswersAreRetriedBeforeTheBodyStarts() throws Exception {
        ServedFile file = new ServedFile(bytes, "\"v1\"", null);
        storage.on("GET", STORED, FakeCivitai.json(429, "{}", "Retry-After", "0"), FakeCivitai.json(503, "{}", "Retry-After", "0"), file);
        DownloadedFile result = catalog.download(version(VERSION), DownloadListener.NONE).files().getFirst();
        assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo("downloaded");
        assertThat(storage.seen("GET", STORED)).hasSize(3);
    }

    @Test
    void redirectsToAnotherSchemeOrAPrivateAddressAreNotFollowed() throws Exception {
        civitai.on("GET", "/api/download/models/" + VERSION, FakeCivitai.redirect("file:///etc/passwd"));
        assertThat(catalog.download(version(VERSION), DownloadListener.NONE).files().getFirst().reason())
                .contains("redirected to a file URL").doesNotContain(KEY);

        civitai.on("GET", "/api/download/models/" + VERSION, FakeCivitai.redirect("http://10.11.12.13/files/x"));
        assertThat(catalog.download(version(VERSION), DownloadListener.NONE).files().getFirst().reason())
                .contains("redirected to a private address").contains("10.11.12.13");
    }

    @Test
    void withoutAKeyA401SaysToSetOne() throws Exception {
        catalog.close();
        catalog = catalog(Map.of("CIVITAI_API_KEY", " "));
        civitai.on("GET", "/api/download/models/" + VERSION, FakeCivitai.json(401, "{\"error\":\"Unauthorized\"}"));
        assertThat(catalog.download(version(VERSION), DownloadListener.NONE).files().getFirst().reason())
                .contains("HTTP 401").contains("set CIVITAI_API_KEY");
    }

    @Test
    void anUnsafeNameFromContentDispositionStaysInTheFolderAsAPlainName() throws Exception {
        storage.on("GET", STORED, new ServedFile(bytes, "\"v1\"", "attachment; filename=\"../../.evil\\u0007name.safetensors\""));
        DownloadedFile result = catalog.download(version(VERSION), DownloadListener.NONE).files().getFirst();
        assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo("downloaded");
        assertThat(Path.of(result.path()).getParent()).isEqualTo(library.resolve("loras"));
        assertThat(Path.of(result.path()).getFileName().toString()).doesNotContain("/").doesNotStartWith(".");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("evil\\u0007name.safetensors");
        }
    }

    @Test
    void aFileOfTheSameNameIsNotReplacedWithoutOverwrite() throws Exception {
        served();
        Files.createDirectories(target().getParent());
        Files.writeString(target(), "mine");
        DownloadedFile result = catalog.download(version(VERSION), DownloadListener.NONE).files().getFirst();
        assertThat(result.reason()).contains("exists").contains("--overwrite");
        assertThat(target()).hasContent("mine");
        assertThat(storage.seen()).isEmpty();

        DownloadRequest overwrite = new DownloadRequest(List.of(VERSION), null, null, null, false, null, null, library, true, 1, false);
        assertThat(catalog.download(overwrite, DownloadListener.NONE).files().getFirst().status()).isEqualTo("downloaded");
        assertThat(target()).hasBinaryContent(bytes);
    }

    @Test
    void aModelIdTakesItsLatestVersionAndAHashFindsItsVersion() throws Exception {
        served();
        DownloadRequest byModel = new DownloadRequest(List.of(), MODEL, null, null, false, null, null, library, false, 1, false);
        assertThat(catalog.download(byModel, DownloadListener.NONE).files()).singleElement()
                .satisfies(f -> assertThat(f.versionId()).isEqualTo(VERSION));
        Files.delete(target());
        DownloadRequest byHash = new DownloadRequest(List.of(), null, sha256.toLowerCase(), null, false, null, null, library, false, 1, false);
        assertThat(catalog.download(byHash, DownloadListener.NONE).files()).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo("downloaded"));
    }

    @Test
    void aFormatNoFileHasIsRefusedNamingTheFilesThereAre() {
        DownloadRequest gguf = new DownloadRequest(List.of(VERSION), null, null, null, false, "gguf", null, library, false, 1, false);
        assertThatThrownBy(() -> catalog.download(gguf, DownloadListener.NONE)).isInstanceOf(TensorsException.class)
                .hasMessageContaining("no file in format gguf").hasMessageContaining("test_v2.safetensors (SafeTensor, fp16, primary)")
                .satisfies(e -> assertThat(((TensorsException) e).code()).isEqualTo(ErrorCode.BAD_INPUT));
        DownloadRequest bogus = new DownloadRequest(List.of(VERSION), null, null, null, false, "zip", null, library, false, 1, false);
        assertThatThrownBy(() -> catalog.download(bogus, DownloadListener.NONE)).hasMessageContaining("safetensors");
    }

    // --- a full disk: a tmpfs cannot be mounted in tests, so the part's storage is a disk that fills up

    /** The disk: real files, refusing to hold more than {@code capacity} bytes in the part, as ENOSPC does. */
    static PartStorage fillsUpAt(long capacity, long reportedFree) {
        return new PartStorage() {
            @Override
            public Writer open(Path part) throws IOException {
                Writer disk = PartStorage.DISK.open(part);
                return new Writer() {
                    @Override
                    public void write(ByteBuffer b, long position) throws IOException {
                        if (position + b.remaining() > capacity) {
                            ByteBuffer fits = b.slice(b.position(), (int) Math.max(0, capacity - position));
                            disk.write(fits, position);
                            throw new IOException("No space left on device");
                        }
                        disk.write(b, position);
                    }

                    @Override
                    public void truncate(long size) throws IOException {
                        disk.truncate(size);
                    }

                    @Override
                    public void force() throws IOException {
                        disk.force();
                    }

                    @Override
                    public void close() throws IOException {
                        disk.close();
                    }
                };
            }

            @Override
            public long usableSpace(Path folder) {
                return reportedFree;
            }
        };
    }

    Downloads downloads(CatalogStore store, PartStorage storage) {
        PluginRegistry plugins = PluginRegistry.load(getClass().getClassLoader());
        HttpClient http = HttpClient.newHttpClient();
        List<ModelSource> sources = new ArrayList<>();
        plugins.modelSources().stream().filter(f -> f.remote()).forEach(f -> sources.add(f.create(new SourceContext(
                civitai.baseUrl(), KEY, false, http, Duration.ofSeconds(5), Duration.ofSeconds(5)))));
        List<String> ids = new ArrayList<>(Scanner.DEFAULT_HASHES);
        return new Downloads(store, sources, plugins.resolveHashes(ids), new io.tensors.engine.format.Formats(plugins.formats()),
                new Downloads.Setup(civitai.baseUrl(), null, dir, Duration.ofSeconds(5)), Clock.systemUTC(), storage);
    }

    @Test
    void aFullDiskFailsCleanlyKeepingThePartAndTheNextRunResumesIt() throws Exception {
        served();
        try (CatalogStore store = CatalogStore.open(dir.resolve("models.db"))) {
            DownloadedFile result = downloads(store, fillsUpAt(1_500_000, Long.MAX_VALUE)).download(version(VERSION), List.of(),
                    DownloadListener.NONE).files().getFirst();
            assertThat(result.status()).isEqualTo("failed");
            assertThat(result.reason()).contains("the disk is full").contains(".part is kept").contains("resume");
            Path part = target().resolveSibling("test_v2.safetensors.part");
            assertThat(Files.size(part)).isEqualTo(1_500_000);
            assertThat(target()).doesNotExist();

            DownloadedFile again = downloads(store, PartStorage.DISK).download(version(VERSION), List.of(), DownloadListener.NONE)
                    .files().getFirst();
            assertThat(again.status()).as(String.valueOf(again.reason())).isEqualTo("downloaded");
            assertThat(again.resumedFrom()).isEqualTo(1_500_000);
            assertThat(target()).hasBinaryContent(bytes);
        }
    }

    @Test
    void tooLittleFreeSpaceIsRefusedBeforeAnyByteIsAskedFor() throws Exception {
        served();
        try (CatalogStore store = CatalogStore.open(dir.resolve("models.db"))) {
            DownloadedFile result = downloads(store, fillsUpAt(Long.MAX_VALUE, 1000)).download(version(VERSION), List.of(),
                    DownloadListener.NONE).files().getFirst();
            assertThat(result.reason()).contains("not enough free space").contains("--to");
            assertThat(storage.seen()).isEmpty();
        }
    }
}
