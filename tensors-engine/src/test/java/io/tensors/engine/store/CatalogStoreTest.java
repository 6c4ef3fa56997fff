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
                    "hash_lookup_misses");
            assertThat(names(c, "view")).containsExactlyInAnyOrder("v_models_with_latest", "v_local_files_full");
            assertThat(single(c, "PRAGMA user_version")).isEqualTo(String.valueOf(CatalogStore.MIGRATIONS.size()));
            assertThat(single(c, "PRAGMA journal_mode")).isEqualTo("wal");
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

    private static List<KnownFile> knownFiles(CatalogStore store) {
        return store.read(m -> m.localFiles().knownFiles());
    }

    private static List<io.tensors.api.LocalFileRow> listFull(CatalogStore store) {
        return new io.tensors.engine.query.Queries(store).listFiles(io.tensors.api.ListFilter.ALL);
    }

    static FileRecord record(String path, String sha) {
        return new FileRecord(path, sha, 10, 1, 100, 5, "k", Map.of("SHA256", sha), Map.of("a", "b"));
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
