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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * Queries over the catalog for scripts ({@code tsr.sql}) and completion, on a connection of its own that SQLite opens
 * read-only with {@code query_only} on and ATTACH disabled, so no statement can write anything. Before that, a
 * statement that is not one query is refused unprepared: SQLite runs some pragmas while preparing them, and a
 * statement that only changes the connection ({@code PRAGMA query_only = 0}, {@code BEGIN}) writes no file.
 */
public final class ReadOnlySql implements AutoCloseable {
    /** More rows than this is a script bug or a missing LIMIT, not a report. */
    static final int MAX_ROWS = 100_000;
    /** Nor is a result this large (it is copied again on its way into JavaScript). */
    static final long MAX_BYTES = 32L << 20;
    /** Pragmas that take an argument in parentheses to report on it, not to set it. */
    private static final Set<String> QUERY_PRAGMAS = Set.of("TABLE_INFO", "TABLE_XINFO", "TABLE_LIST", "INDEX_INFO",
            "INDEX_XINFO", "INDEX_LIST", "FOREIGN_KEY_LIST", "FOREIGN_KEY_CHECK", "INTEGRITY_CHECK", "QUICK_CHECK");
    /** Pragmas that do something even without an argument. */
    private static final Set<String> ACTION_PRAGMAS = Set.of("OPTIMIZE", "INCREMENTAL_VACUUM", "WAL_CHECKPOINT", "SHRINK_MEMORY");

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
        refuseAnythingButOneQuery(sql);
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            running = statement;
            if (!statement.execute()) {
                throw new TensorsException(ErrorCode.BAD_INPUT, "tsr.sql is read-only: " + firstWord(sql) + " refused (only queries run)");
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            long bytes = 0;
            try (ResultSet rs = statement.getResultSet()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    if (rows.size() == MAX_ROWS) {
                        throw new TensorsException(ErrorCode.BAD_INPUT, "tsr.sql: more than " + MAX_ROWS + " rows; add a LIMIT or aggregate in SQL");
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        Object value = rs.getObject(c);
                        if (value instanceof byte[] b) {
                            value = HexFormat.of().formatHex(b);
                        }
                        bytes += value instanceof String text ? text.length() : 8;
                        row.put(meta.getColumnLabel(c), value);
                    }
                    if (bytes > MAX_BYTES) {
                        throw new TensorsException(ErrorCode.BAD_INPUT, "tsr.sql: the result passed " + (MAX_BYTES >> 20) + " MiB at row "
                                + (rows.size() + 1) + "; add a LIMIT, select fewer or shorter columns (substr), or aggregate in SQL");
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
        List<String> tokens = tokens(sql);
        return tokens.isEmpty() || !isWord(tokens.getFirst()) ? "the statement" : tokens.getFirst();
    }

    /**
     * Refuses, by its tokens and before SQLite sees it, anything but one SELECT, VALUES, WITH ... SELECT, EXPLAIN of
     * one of those, or a PRAGMA that reads (SQLite's authorizer, which would say this exactly, is not reachable
     * through JDBC).
     */
    static void refuseAnythingButOneQuery(String sql) {
        List<String> tokens = tokens(sql);
        int statements = 0;
        for (int start = 0; start < tokens.size(); start++) {
            int end = tokens.subList(start, tokens.size()).indexOf(";");
            end = end < 0 ? tokens.size() : start + end;
            if (end > start) {
                refuseUnlessQuery(tokens.subList(start, end));
                statements++;
            }
            start = end;
        }
        if (statements > 1) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "tsr.sql runs one statement per call: split the query at its ';'");
        }
    }

    private static void refuseUnlessQuery(List<String> statement) {
        String verb = statement.getFirst();
        switch (verb) {
            case "SELECT", "VALUES" -> {
                // a query
            }
            case "WITH" -> {
                // the statement's own verb is the first one outside the parentheses of the common table expressions
                int depth = 0;
                for (String token : statement) {
                    depth += token.equals("(") ? 1 : token.equals(")") ? -1 : 0;
                    if (depth == 0 && Set.of("SELECT", "VALUES", "INSERT", "UPDATE", "DELETE", "REPLACE").contains(token)) {
                        if (!token.equals("SELECT") && !token.equals("VALUES")) {
                            throw refused(token);
                        }
                        return;
                    }
                }
                throw refused(verb);
            }
            case "EXPLAIN" -> {
                int from = statement.size() > 2 && statement.get(1).equals("QUERY") && statement.get(2).equals("PLAN") ? 3 : 1;
                if (from == statement.size()) {
                    throw refused(verb);
                }
                refuseUnlessQuery(statement.subList(from, statement.size()));
            }
            case "PRAGMA" -> {
                int at = statement.size() > 3 && statement.get(2).equals(".") ? 3 : 1;
                String name = at < statement.size() ? statement.get(at) : "";
                String next = at + 1 < statement.size() ? statement.get(at + 1) : null;
                String lower = name.toLowerCase(Locale.ROOT);
                if (!isWord(name) || ACTION_PRAGMAS.contains(name)) {
                    throw new TensorsException(ErrorCode.BAD_INPUT, "tsr.sql is read-only: PRAGMA refused: "
                            + (isWord(name) ? lower + " does something; " : "") + "a pragma can only be read here (PRAGMA name)");
                }
                if (next != null && !(next.equals("(") && QUERY_PRAGMAS.contains(name))) {
                    throw new TensorsException(ErrorCode.BAD_INPUT, "tsr.sql is read-only: PRAGMA refused: " + lower
                            + " can be read here (PRAGMA " + lower + "), not set");
                }
            }
            default -> throw refused(isWord(verb) ? verb : "the statement");
        }
    }

    private static TensorsException refused(String verb) {
        return new TensorsException(ErrorCode.BAD_INPUT, "tsr.sql is read-only: " + verb + " refused (only queries run)");
    }

    private static boolean isWord(String token) {
        return !token.isEmpty() && isWordChar(token.charAt(0));
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }

    /**
     * SQL as SQLite reads it, for {@link #refuseAnythingButOneQuery}: bare words upper-cased, quoted strings and
     * identifiers as {@code "'"} (never a keyword), every other character on its own; comments and spaces dropped.
     */
    static List<String> tokens(String sql) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && sql.startsWith("--", i)) {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
                char quote = c == '[' ? ']' : c;
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == quote) {
                        if (quote != ']' && j + 1 < n && sql.charAt(j + 1) == quote) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                tokens.add("'");
                i = j + 1;
            } else if (isWordChar(c)) {
                int j = i;
                while (j < n && isWordChar(sql.charAt(j))) {
                    j++;
                }
                tokens.add(sql.substring(i, j).toUpperCase(Locale.ROOT));
                i = j;
            } else {
                tokens.add(String.valueOf(c));
                i++;
            }
        }
        return tokens;
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
            CatalogFile.check(file); // scripts see tsr catalogs only, and look before they read
            Connection c = config.createConnection(CatalogFile.readOnlyUrl(file));
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
