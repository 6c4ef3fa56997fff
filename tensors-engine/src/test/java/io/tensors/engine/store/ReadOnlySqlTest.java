package io.tensors.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** tsr.sql's connection: only queries run, and what is refused never reaches SQLite. */
class ReadOnlySqlTest {
    @TempDir
    Path dir;

    ReadOnlySql sql;

    @BeforeEach
    void setUp() {
        Path db = dir.resolve("catalog.db");
        CatalogStore.open(db).close();
        sql = new ReadOnlySql(() -> db);
    }

    @AfterEach
    void tearDown() {
        sql.close();
    }

    Object single(String query) {
        return sql.query(query, List.of()).getFirst().values().iterator().next();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "PRAGMA query_only = 0", "pragma QUERY_ONLY=false", "PRAGMA main.query_only = OFF", " /* x */ PRAGMA query_only=0;",
        "PRAGMA writable_schema = 1", "PRAGMA writable_schema=ON", "PRAGMA cache_size(7)", "PRAGMA cache_size = 7",
        "EXPLAIN PRAGMA query_only = 0", "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA optimize"})
    void aPragmaThatSetsOrActsIsRefusedBeforeItRuns(String pragma) {
        Object cacheSize = single("PRAGMA cache_size");
        assertThatThrownBy(() -> sql.query(pragma, List.of()))
                .isInstanceOfSatisfying(TensorsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT))
                .hasMessageStartingWith("tsr.sql is read-only: PRAGMA refused").hasMessageContaining("be read here");
        assertThat(single("PRAGMA query_only")).isEqualTo(1);
        assertThat(single("PRAGMA writable_schema")).isEqualTo(0);
        assertThat(single("PRAGMA cache_size")).isEqualTo(cacheSize);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "WITH x AS (SELECT 1) DELETE FROM local_files", "WITH \"select\" AS (SELECT 1) INSERT INTO local_files SELECT * FROM \"select\"",
        "BEGIN", "BEGIN IMMEDIATE", "SAVEPOINT s", "VACUUM", "ANALYZE", "REINDEX", "DETACH main", "CREATE TEMP TABLE t (x)",
        "EXPLAIN DELETE FROM local_files", "REPLACE INTO local_files DEFAULT VALUES"})
    void anythingButAQueryIsRefusedBeforeItRuns(String statement) {
        assertThatThrownBy(() -> sql.query(statement, List.of()))
                .isInstanceOf(TensorsException.class).hasMessageStartingWith("tsr.sql is read-only: ")
                .hasMessageEndingWith(" refused (only queries run)");
        // a BEGIN that ran would leave a transaction open: the next BEGIN would fail inside SQLite instead
        assertThatThrownBy(() -> sql.query("BEGIN", List.of())).hasMessage("tsr.sql is read-only: BEGIN refused (only queries run)");
    }

    @Test
    void oneStatementPerCall() {
        assertThatThrownBy(() -> sql.query("SELECT 1; SELECT 2", List.of()))
                .isInstanceOf(TensorsException.class).hasMessageContaining("one statement per call");
        assertThatThrownBy(() -> sql.query("SELECT 1; DELETE FROM local_files", List.of()))
                .hasMessage("tsr.sql is read-only: DELETE refused (only queries run)");
    }

    @Test
    void queriesAndPragmasThatReadStillRun() {
        assertThat(sql.query("PRAGMA table_info(local_files)", List.of())).extracting(r -> r.get("name")).contains("mtime_ns");
        assertThat(sql.query("PRAGMA main.table_info('local_files')", List.of())).isNotEmpty();
        assertThat(single("PRAGMA user_version")).isNotNull();
        assertThat(single("SELECT count(*) FROM pragma_table_info('local_files')")).isNotEqualTo(0);
        assertThat(single("  -- a comment; with a semicolon\n /* and; another */ select ';' AS s;  ")).isEqualTo(";");
        assertThat(single("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT sum(i) FROM n"))
                .isEqualTo(6);
        assertThat(single("VALUES ('delete')")).isEqualTo("delete");
        assertThat(sql.query("EXPLAIN QUERY PLAN SELECT * FROM local_files WHERE id = ?", List.of(1L))).isNotEmpty();
        assertThat(single("SELECT [select] FROM (SELECT 2 AS [select])")).isEqualTo(2);
        assertThat(single("SELECT 9007199254740993")).isEqualTo(9007199254740993L);
    }

    @Test
    void aResultIsBoundedByBytesAsWellAsRows() {
        String wide = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) SELECT i, printf('%.*c', 20000, 'x') AS pad FROM n";
        assertThat(sql.query(wide, List.of(100L))).hasSize(100);
        assertThatThrownBy(() -> sql.query(wide, List.of(99_999L)))
                .isInstanceOfSatisfying(TensorsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT))
                .hasMessageStartingWith("tsr.sql: the result passed " + ReadOnlySql.MAX_BYTES / (1 << 20) + " MiB")
                .hasMessageContaining("add a LIMIT");
        assertThat(sql.query("SELECT 1 AS one", List.of())).containsExactly(Map.of("one", 1));
    }
}
