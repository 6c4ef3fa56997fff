package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another program holding the catalog's write lock: exit 3 after the busy timeout, and nothing lost. */
class LockedCatalogIT {
    @TempDir
    Path dir;

    @Test
    void aCatalogLockedByAnotherProgramExitsThreeWithOneLineAndLosesNothing() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 10_000, Map.of(), 1);
        Path db = dir.resolve("models.db");
        assertThat(tsr("db", "scan", models.toString(), "--db", db.toString())).isZero();
        SafetensorsWriter.writeSized(models.resolve("b.safetensors"), 10_000, Map.of(), 2);

        StringWriter err = new StringWriter();
        int exit;
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE"); // another writer, mid-transaction
            exit = Cli.run(new Environment(new PrintWriter(new StringWriter()), new PrintWriter(err, true), Map.of(), false),
                    "db", "scan", models.toString(), "--db", db.toString());
            s.execute("ROLLBACK");
        }
        assertThat(exit).isEqualTo(3);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("tsr: catalog " + db).contains("locked by another program").contains("run the command again");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM local_files")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        assertThat(tsr("db", "scan", models.toString(), "--db", db.toString())).isZero();
    }

    private static int tsr(String... args) {
        return Cli.run(new Environment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), false), args);
    }
}
