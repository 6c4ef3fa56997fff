package io.tensors.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kill -9} of a real process migrating the original's catalog, at several points after it said it
 * copied the file (so inside the migration's transaction, or just after it): what is left is the untouched
 * original or the migrated catalog, never a mix, and the next open finishes the job with every row.
 */
class OriginalCatalogCrashTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 100, -1})
    /** @param killAfterMillis how long after the copy line to kill; -1: once the child said it migrated */
    void aKilledMigrationLeavesTheOriginalOrTheMigratedCatalog(int killAfterMillis) throws Exception {
        Path db = dir.resolve("models.db");
        OriginalCatalogs.write(db, OriginalCatalogs.Era.SCHEMA_SQL, dir.resolve("pixel.safetensors"), 5_000);
        Map<String, List<Map<String, Object>>> before = OriginalCatalogs.rows(db, OriginalCatalog.TABLES);

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MigrateMain.class.getName(), db.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null && !line.contains("before-tsr")) {
                // the JVM's own warnings, if any
            }
            assertThat(line).as("the child said it copied the catalog").isNotNull();
            while (killAfterMillis < 0 && line != null && !line.equals("migrated")) {
                line = err.readLine();
            }
            if (killAfterMillis > 0) {
                Thread.sleep(killAfterMillis);
            }
            child.destroyForcibly(); // SIGKILL
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Map<String, List<Map<String, Object>>> left;
        int version;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            version = (Integer) OriginalCatalogs.query(s, "PRAGMA user_version").getFirst().values().iterator().next();
        }
        left = OriginalCatalogs.rows(db, OriginalCatalog.TABLES);
        assertThat(version).isIn(0, CatalogStore.MIGRATIONS.size());
        for (String table : OriginalCatalog.TABLES) {
            assertThat(left.get(table)).as(table + " after the kill").hasSameSizeAs(before.get(table));
        }
        if (version == 0) {
            assertThat(left).isEqualTo(before); // untouched
        }
        if (killAfterMillis == 0) {
            assertThat(version).as("killed inside the migration's transaction").isZero();
        }
        if (killAfterMillis < 0) {
            assertThat(version).as("killed after the commit").isEqualTo(CatalogStore.MIGRATIONS.size());
        }

        CatalogStore.open(db, true).close();
        Map<String, List<Map<String, Object>>> after = OriginalCatalogs.rows(db, OriginalCatalog.TABLES);
        for (String table : OriginalCatalog.TABLES) {
            assertThat(after.get(table)).as(table + " once migrated").hasSameSizeAs(before.get(table));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".part"))).isEmpty();
        }
    }
}
