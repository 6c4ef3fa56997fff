package io.tensors.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogStoreTest {
    @TempDir
    Path dir;

    @Test
    void createsEverySeedTableAndViewAndSetsTheSchemaVersion() throws Exception {
        Path db = dir.resolve("sub/models.db");
        CatalogStore.open(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertThat(names(c, "table")).contains("local_files", "local_file_hashes", "safetensor_metadata", "creators",
                    "models", "model_versions", "trained_words", "version_files", "file_hashes", "tags", "model_tags",
                    "version_images", "image_generation_params", "image_resources", "source_responses",
                    "hash_lookup_misses", "image_video_metadata", "hf_models", "hf_model_tags", "hf_safetensor_files");
            assertThat(names(c, "view")).containsExactlyInAnyOrder("v_models_with_latest", "v_local_files_full", "v_hf_models",
                    "v_file_identity");
            assertThat(single(c, "PRAGMA user_version")).isEqualTo(String.valueOf(CatalogStore.MIGRATIONS.size()));
            assertThat(single(c, "PRAGMA journal_mode")).isEqualTo("wal");
        }
    }

    @Test
    void everyMapperParsesOnFirstUseAndThreadsUsingOneFirstTogetherBothGetIt() throws Exception {
        try (CatalogStore store = CatalogStore.open(dir.resolve("mappers.db"))) {
            // each accessor parses its XML on first use; a malformed one would fail here
            int files = store.read(m -> {
                m.models();
                m.versions();
                m.versionFiles();
                m.images();
                m.links();
                m.search();
                m.downloads();
                m.identities();
                m.localFiles();
                return m.queries().countLinkedFiles();
            });
            assertThat(files).isZero();
        }
        try (CatalogStore store = CatalogStore.open(dir.resolve("mappers.db"))) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<Integer>> counts = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    counts.add(pool.submit(() -> store.read(m -> m.queries().countLinkedFiles())));
                }
                for (var count : counts) {
                    assertThat(count.get()).isZero();
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void reopeningKeepsRowsAndDoesNotMigrateAgain() throws Exception {
        Path db = dir.resolve("models.db");
        try (CatalogStore store = CatalogStore.open(db)) {
            store.write(m -> m.localFiles().upsertFile(record("/m/a.safetensors", "AA"), "2026-01-01T00:00:00Z"));
        }
        try (CatalogStore store = CatalogStore.open(db)) {
            assertThat(knownFiles(store)).extracting(KnownFile::filePath)
                    .containsExactly("/m/a.safetensors");
        }
    }

    @Test
    void upsertReturnsTheSameIdOnTheUpdatePathAndDropsTheLinkWhenBytesChange() throws Exception {
        Path db = dir.resolve("models.db");
        try (CatalogStore store = CatalogStore.open(db)) {
            long first = store.write(m -> m.localFiles().upsertFile(record("/m/a.safetensors", "AA"), "t1"));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE local_files SET civitai_model_id = 7, civitai_version_id = 8");
            }
            long same = store.write(m -> m.localFiles().upsertFile(record("/m/a.safetensors", "AA"), "t2"));
            long other = store.write(m -> m.localFiles().upsertFile(record("/m/b.safetensors", "BB"), "t2"));
            assertThat(same).isEqualTo(first);
            assertThat(other).isNotEqualTo(first);
            assertThat(listFull(store).getFirst().civitaiVersionId()).isEqualTo(8L);
            store.write(m -> m.localFiles().upsertFile(record("/m/a.safetensors", "CC"), "t3"));
            assertThat(listFull(store))
                    .filteredOn(r -> r.filePath().equals("/m/a.safetensors"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.sha256()).isEqualTo("CC");
                        assertThat(r.civitaiVersionId()).isNull();
                    });
        }
    }

    @Test
    void aFailedWriteRollsBackTheWholeTransaction() {
        Path db = dir.resolve("models.db");
        try (CatalogStore store = CatalogStore.open(db)) {
            assertThatThrownBy(() -> store.write(m -> {
                m.localFiles().upsertFile(record("/m/a.safetensors", "AA"), "t1");
                throw new IllegalStateException("boom");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(knownFiles(store)).isEmpty();
        }
    }

    @Test
    void refusesACatalogWrittenByANewerProgramAndLeavesItAlone() throws Exception {
        Path db = dir.resolve("models.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE future (x)");
            s.executeUpdate("INSERT INTO future VALUES (42)");
            s.executeUpdate("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> CatalogStore.open(db))
                .isInstanceOfSatisfying(TensorsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNUSABLE_STATE);
                    assertThat(e.getMessage()).contains("schema version 99").contains("upgrade tsr");
                });
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertThat(single(c, "SELECT x FROM future")).isEqualTo("42");
            assertThat(names(c, "table")).containsExactly("future");
        }
    }

    @Test
    void refusesAFileThatIsNotADatabaseWithOneLine() throws Exception {
        Path db = dir.resolve("models.db");
        Files.writeString(db, "this is not sqlite, it is a text file that someone named models.db ".repeat(20));
        assertThatThrownBy(() -> CatalogStore.open(db))
                .isInstanceOfSatisfying(TensorsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNUSABLE_STATE);
                    assertThat(e.getMessage()).contains("not a valid tensors catalog").doesNotContain("\n");
                });
    }

    @Test
    void aNegativeSchemaVersionIsAnUnusableStateNotACrash() throws Exception {
        Path db = dir.resolve("models.db");
        CatalogStore.open(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("PRAGMA user_version = -1");
        }
        Snapshot before = Snapshot.of(db);
        for (boolean write : new boolean[] {true, false}) {
            assertThatThrownBy(() -> CatalogStore.open(db, write))
                    .isInstanceOfSatisfying(TensorsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNUSABLE_STATE);
                        assertThat(e.getMessage()).contains("schema version -1").contains("--db").doesNotContain("\n");
                    });
            assertThat(Snapshot.of(db)).isEqualTo(before);
        }
    }

    @Test
    void refusesAnUnrelatedDatabaseAndLeavesItByteForByteUnchanged() throws Exception {
        Path db = dir.resolve("notes.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            s.executeUpdate("INSERT INTO notes (body) VALUES ('keep me')");
        }
        Path versioned = dir.resolve("versioned.db"); // another program that numbers its schema too
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + versioned); Statement s = c.createStatement()) {
            s.executeUpdate("PRAGMA journal_mode = WAL");
            s.executeUpdate("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            s.executeUpdate("PRAGMA user_version = 2");
        }
        for (Path file : List.of(db, versioned)) {
            Snapshot before = Snapshot.of(file);
            for (boolean write : new boolean[] {true, false}) {
                assertThatThrownBy(() -> CatalogStore.open(file, write))
                        .isInstanceOfSatisfying(TensorsException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.UNUSABLE_STATE);
                            assertThat(e.getMessage()).contains(file.toString()).contains("not a tsr catalog")
                                    .contains("--db").doesNotContain("\n");
                        });
                assertThat(Snapshot.of(file)).isEqualTo(before);
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertThat(single(c, "PRAGMA journal_mode")).isEqualTo("delete");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + versioned)) {
            assertThat(single(c, "PRAGMA journal_mode")).isEqualTo("wal");
        }
    }

    @Test
    void aStoreOpenedForReadingCannotWriteAndCreatesNothing() throws Exception {
        Path db = dir.resolve("models.db");
        try (CatalogStore store = CatalogStore.open(db)) {
            store.write(m -> m.localFiles().upsertFile(record("/m/a.safetensors", "AA"), "t1"));
        }
        try (CatalogStore store = CatalogStore.open(db, false)) {
            assertThat(store.writable()).isFalse();
            assertThat(knownFiles(store)).extracting(KnownFile::filePath).containsExactly("/m/a.safetensors");
            assertThatThrownBy(() -> store.write(m -> m.localFiles().upsertFile(record("/m/b.safetensors", "BB"), "t2")))
                    .isInstanceOfSatisfying(TensorsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNUSABLE_STATE));
        }
        Path missing = dir.resolve("none/models.db");
        assertThatThrownBy(() -> CatalogStore.open(missing, false))
                .isInstanceOfSatisfying(TensorsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT));
        assertThat(dir.resolve("none")).doesNotExist();
    }

    @Test
    void anOlderCatalogOpenedForReadingIsUpgradedFirst() throws Exception {
        Path db = dir.resolve("models.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate(resourceText("migrations/" + CatalogStore.MIGRATIONS.getFirst().name()));
            s.executeUpdate("PRAGMA user_version = 1");
        }
        try (CatalogStore store = CatalogStore.open(db, false)) {
            assertThat(knownFiles(store)).isEmpty();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertThat(single(c, "PRAGMA user_version")).isEqualTo(String.valueOf(CatalogStore.MIGRATIONS.size()));
        }
    }

    @Test
    void aVersion3CatalogsRowsAreSafeSafetensorsFilesAfterTheFormatsMigration() throws Exception {
        Path db = dir.resolve("models.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (Migration m : CatalogStore.MIGRATIONS.subList(0, 3)) {
                s.executeUpdate(resourceText("migrations/" + m.name()));
            }
            s.executeUpdate("PRAGMA user_version = 3");
            s.executeUpdate("INSERT INTO local_files (file_path, sha256, file_size, mtime_ns, created_at, updated_at)"
                    + " VALUES ('/m/a.safetensors', 'AB', 10, 1, 'now', 'now')");
        }
        try (CatalogStore store = CatalogStore.open(db, false)) {
            assertThat(knownFiles(store)).hasSize(1);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertThat(single(c, "SELECT format || ',' || safety FROM v_local_files_full")).isEqualTo("safetensors,safe");
            assertThat(single(c, "SELECT count(*) FROM local_file_imports")).isEqualTo("0");
            assertThat(single(c, "SELECT count(*) FROM local_file_findings")).isEqualTo("0");
        }
    }

    /** A database file's bytes and the names of the files beside it (a -wal, -shm or -journal would show). */
    record Snapshot(String sha256, List<String> siblings) {
        static Snapshot of(Path file) throws Exception {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            List<String> names;
            try (var files = Files.list(file.getParent())) {
                String name = file.getFileName().toString();
                names = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(name)).sorted().toList();
            }
            return new Snapshot(java.util.HexFormat.of().formatHex(digest), names);
        }
    }

    private static String resourceText(String name) throws Exception {
        try (var in = CatalogStore.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static List<KnownFile> knownFiles(CatalogStore store) {
        return store.read(m -> m.localFiles().knownFiles());
    }

    private static List<io.tensors.api.LocalFileRow> listFull(CatalogStore store) {
        return new io.tensors.engine.query.Queries(store).listFiles(io.tensors.api.ListFilter.ALL);
    }

    static FileRecord record(String path, String sha) {
        return new FileRecord(path, sha, 10, 1, 100, 5, "k", Map.of("SHA256", sha), Map.of("a", "b"), null);
    }

    private static List<String> names(Connection c, String type) throws Exception {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = '" + type
                        + "' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static String single(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
