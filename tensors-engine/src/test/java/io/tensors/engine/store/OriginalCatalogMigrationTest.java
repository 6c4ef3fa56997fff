package io.tensors.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The original Python tsr's catalogs (both eras) migrated in place: every row kept, its users' queries answered alike. */
class OriginalCatalogMigrationTest {
    private static final Pattern NAIVE_UTC = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)?");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(OriginalCatalogs.Era.class)
    void keepsEveryRowOfEveryTableInTsrsForms(OriginalCatalogs.Era era) throws Exception {
        Path db = dir.resolve("models.db");
        OriginalCatalogs.write(db, era, dir.resolve("pixel.safetensors"), 3);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            // a column a later original might add: kept, not dropped
            s.executeUpdate("ALTER TABLE models ADD COLUMN early_access_deadline TEXT");
            s.executeUpdate("UPDATE models SET early_access_deadline = '2025-12-31' WHERE id = 1");
        }
        Files.write(dir.resolve("pixel.safetensors"), new byte[1234 + 8]);
        byte[] original = Files.readAllBytes(db);
        Map<String, List<Map<String, Object>>> before = OriginalCatalogs.rows(db, OriginalCatalog.TABLES);

        List<String> notices = new ArrayList<>();
        // a query command (opening read-only) migrates too, then reads
        try (CatalogStore store = CatalogStore.open(db, false, notices::add)) {
            List<KnownFile> files = store.read(m -> m.localFiles().knownFiles());
            assertThat(files).hasSize(2);
        }

        assertThat(notices).hasSize(1);
        assertThat(notices.getFirst()).contains("original Python tsr").contains(".before-tsr-");
        Path backup;
        try (var files = Files.list(dir)) {
            backup = files.filter(p -> p.getFileName().toString().startsWith("models.db.before-tsr-")).findFirst().orElseThrow();
        }
        assertThat(Files.readAllBytes(backup)).isEqualTo(original);

        Map<String, List<Map<String, Object>>> after = OriginalCatalogs.rows(db, OriginalCatalog.TABLES);
        for (String table : OriginalCatalog.TABLES) {
            List<Map<String, Object>> rowsBefore = before.get(table);
            List<Map<String, Object>> rowsAfter = after.get(table);
            assertThat(rowsBefore).as(table + " has rows in the fixture").isNotEmpty();
            assertThat(rowsAfter).as(table).hasSameSizeAs(rowsBefore);
            for (Map<String, Object> row : rowsBefore) {
                Map<String, Object> expected = new LinkedHashMap<>();
                row.forEach((column, value) -> expected.put(column, tsrForm(value)));
                assertThat(rowsAfter.stream().map(r -> project(r, expected.keySet())).toList())
                        .as(table).contains(expected);
            }
        }

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertThat(OriginalCatalogs.query(s, "PRAGMA user_version").getFirst().values())
                    .containsExactly(CatalogStore.MIGRATIONS.size());
            // searchable at once: the migration built the full-text index
            assertThat(OriginalCatalogs.query(s, "SELECT rowid FROM model_search WHERE model_search MATCH 'castle OR pixel'"))
                    .hasSize(1);
            assertThat(OriginalCatalogs.query(s, "SELECT count(*) AS n FROM model_search WHERE model_search MATCH 'generated'")
                    .getFirst().get("n")).isEqualTo(3);
            // the original knew SHA256 only; the size comes from a stat, the mtime says "not read by tsr yet"
            assertThat(OriginalCatalogs.query(s, "SELECT hash_type, hash_value FROM local_file_hashes WHERE local_file_id = 1"
                    + " ORDER BY hash_type")).extracting(r -> r.get("hash_type")).containsExactly("AutoV2", "SHA256");
            assertThat(OriginalCatalogs.query(s, "SELECT file_size, mtime_ns FROM local_files ORDER BY id"))
                    .extracting(r -> r.get("file_size") + "/" + r.get("mtime_ns")).containsExactly("1242/-1", "0/-1");
            assertThat(OriginalCatalogs.query(s, "SELECT position FROM version_images ORDER BY id"))
                    .extracting(r -> r.get("position")).containsExactly(0, 1, 0);
        }

        notices.clear();
        try (CatalogStore again = CatalogStore.open(db, true, notices::add)) {
            assertThat(notices).isEmpty();
        }
    }

    /** The documented forms: ISO-8601 UTC timestamps, a comma-separated commercial-use list. */
    static Object tsrForm(Object value) {
        if (value instanceof String s) {
            if (NAIVE_UTC.matcher(s).matches()) {
                return s.replace(' ', 'T') + "Z";
            }
            if (s.startsWith("[")) {
                return s.replaceAll("[\\[\\]' \"]", "");
            }
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        return value;
    }

    static Map<String, Object> project(Map<String, Object> row, Iterable<String> columns) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (String column : columns) {
            p.put(column, tsrForm(row.get(column)));
        }
        return p;
    }
}
