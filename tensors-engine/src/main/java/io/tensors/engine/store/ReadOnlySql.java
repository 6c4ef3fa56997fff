package io.tensors.engine.store;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * Queries over the catalog for scripts ({@code tsr.sql}) and completion, on a connection of its own that SQLite opens
 * read-only with {@code query_only} on and ATTACH disabled, so no statement can write anything.
 */
public final class ReadOnlySql implements AutoCloseable {
    /** More rows than this is a script bug or a missing LIMIT, not a report. */
    static final int MAX_ROWS = 100_000;

    private final Supplier<Path> catalog;
    private Connection connection;
    private volatile Statement running;

    /** @param catalog where the catalog is, asked on the first query */
    public ReadOnlySql(Supplier<Path> catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * @param params values for the {@code ?} placeholders: String, Long, Double, Boolean or null
     * @return the rows as column name to value, in column order
     * @throws TensorsException BAD_INPUT for a bad query or any attempt to write
     */
    public List<Map<String, Object>> query(String sql, List<Object> params) {
        if (sql == null || sql.isBlank()) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "tsr.sql needs a query, e.g. tsr.sql('SELECT count(*) AS n FROM local_files')");
        }
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            running = statement;
            if (!statement.execute()) {
                throw new TensorsException(ErrorCode.BAD_INPUT, "tsr.sql is read-only: " + firstWord(sql) + " refused (only queries run)");
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = statement.getResultSet()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    if (rows.size() == MAX_ROWS) {
                        throw new TensorsException(ErrorCode.BAD_INPUT, "tsr.sql: more than " + MAX_ROWS + " rows; add a LIMIT or aggregate in SQL");
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        Object value = rs.getObject(c);
                        row.put(meta.getColumnLabel(c), value instanceof byte[] b ? HexFormat.of().formatHex(b) : value);
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            if (message.contains("readonly") || message.contains("read-only") || message.contains("query_only")
                    || message.contains("too many attached")) {
                throw new TensorsException(ErrorCode.BAD_INPUT, "tsr.sql is read-only: " + firstWord(sql) + " refused", e);
            }
            throw new TensorsException(ErrorCode.BAD_INPUT, "tsr.sql: " + plain(message), e);
        } finally {
            running = null;
        }
    }

    /** "insert into t ..." → "INSERT": the statement's verb, for a one-line refusal. */
    static String firstWord(String sql) {
        String word = sql.strip().split("[\\s(;]+", 2)[0];
        return word.isEmpty() ? "the statement" : word.toUpperCase(java.util.Locale.ROOT);
    }

    /** "[SQLITE_ERROR] SQL error or missing database (no such table: x)" → "no such table: x". */
    static String plain(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?s)^\\[SQLITE_\\w+\\][^(]*\\((.*)\\)\\s*$").matcher(message);
        return m.matches() ? m.group(1).strip() : message;
    }

    /** Stops the query in progress, if any (called from another thread on Ctrl-C or a time limit). */
    public void cancel() {
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException ignored) {
                // the statement finished meanwhile
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Path file = catalog.get();
            if (!Files.isRegularFile(file)) {
                throw new TensorsException(ErrorCode.BAD_INPUT, "no catalog at " + file + ": run 'tsr db scan DIR' first");
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(5_000);
            CatalogStore.check(file); // scripts see tsr catalogs only, and look before they read
            Connection c = config.createConnection(CatalogStore.readOnlyUrl(file));
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA query_only = 1");
                }
                // ATTACH could read (or create) other database files: scripts see the catalog only
                c.unwrap(SQLiteConnection.class).setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
            } catch (SQLException | RuntimeException e) {
                try {
                    c.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // read-only: nothing to lose
            }
            connection = null;
        }
    }
}
