package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.plugins.testing.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 in the middle of a scan leaves a valid catalog, and the next scan picks up where it stopped. */
class KilledScanIT {
    static final int FILES = 64;

    @TempDir
    Path dir;

    @Test
    void aScanKilledMidwayLeavesAValidCatalogAndTheNextScanFinishesTheWork() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        for (int i = 0; i < FILES; i++) {
            SafetensorsWriter.writeSized(models.resolve("m" + i + ".safetensors"), 8 << 20, Map.of(), i);
        }
        Path db = dir.resolve("models.db");
        String java = ProcessHandle.current().info().command().orElse("java");
        // BLAKE3 on one thread is slow enough (~180 MB/s) that the kill lands after the first commits
        Process scan = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "db", "scan", models.toString(),
                "--db", db.toString(), "--hashes", "sha256,blake3", "--threads", "1", "--json")
                .redirectErrorStream(true).redirectOutput(dir.resolve("scan.log").toFile()).start();
        long committed = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (committed == 0 && scan.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            committed = Files.exists(db) ? count(db) : 0;
        }
        assertThat(scan.isAlive()).as("the scan was still running after its first commit").isTrue();
        scan.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no clean close
        assertThat(committed).isBetween(1L, (long) FILES - 1);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
        long survived = count(db);
        assertThat(survived).isGreaterThanOrEqualTo(committed);

        var out = new java.io.StringWriter();
        int exit = Cli.run(new Environment(new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()),
                Map.of(), false), "db", "scan", models.toString(), "--db", db.toString(), "--hashes", "sha256,blake3", "--json");
        assertThat(exit).isZero();
        var summary = CliTest.JSON.readTree(out.toString());
        assertThat(summary.get("unchanged").asLong()).isEqualTo(survived);
        assertThat(summary.get("added").asLong()).isEqualTo(FILES - survived);
        assertThat(count(db)).isEqualTo(FILES);
        assertThat(query(db, "SELECT count(*) FROM local_file_hashes WHERE hash_type = 'BLAKE3'")).isEqualTo(FILES);
    }

    static long count(Path db) throws Exception {
        return query(db, "SELECT count(*) FROM local_files");
    }

    static long query(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.setQueryTimeout(5);
            try (ResultSet rs = s.executeQuery(sql)) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (java.sql.SQLException e) {
            return 0; // not created yet
        }
    }

}
