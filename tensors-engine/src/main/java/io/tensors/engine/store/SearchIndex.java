package io.tensors.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Builds the whole search index from the tables: fills {@code models.description_text} (HTML removed)
 * where it is missing, then indexes every model with {@link SearchMapper#INDEX_FROM_TABLES}. Run by the
 * schema migration to V2 (catalogs that already had cached models) inside the migration's transaction;
 * usable on any catalog at V2 or later (bulk loads). Per-model upkeep is ModelWriter's.
 */
public final class SearchIndex {
    private static final int BATCH = 1000;

    private SearchIndex() {}

    /** Rebuilds the index on {@code connection}, inside whatever transaction it is in. */
    public static void rebuild(Connection connection) throws SQLException {
        // paged by id, so no read cursor is open over the rows being updated
        try (PreparedStatement read = connection.prepareStatement("SELECT id, description FROM models"
                        + " WHERE id > ? AND description IS NOT NULL AND description_text IS NULL ORDER BY id LIMIT " + BATCH);
                PreparedStatement write = connection.prepareStatement(
                        "UPDATE models SET description_text = ? WHERE id = ?")) {
            long after = Long.MIN_VALUE;
            while (true) {
                int pending = 0;
                read.setLong(1, after);
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getLong(1);
                        write.setString(1, HtmlText.of(rows.getString(2)));
                        write.setLong(2, after);
                        write.addBatch();
                        pending++;
                    }
                }
                if (pending == 0) {
                    break;
                }
                write.executeBatch();
            }
        }
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("INSERT INTO model_search (model_search) VALUES ('delete-all')");
            s.executeUpdate("UPDATE models SET search_rowid = " + SearchMapper.SEARCH_ROWID);
            s.executeUpdate(SearchMapper.INDEX_FROM_TABLES);
            s.executeUpdate("INSERT INTO model_search (model_search) VALUES ('optimize')");
        }
        if (hasSubstringIndex(connection)) {
            rebuildSubstrings(connection);
        }
    }

    /** Rebuilds the substring and short-term indexes (migration V6) from the tables and the current search rowids. */
    public static void rebuildSubstrings(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("DELETE FROM model_substring");
            s.executeUpdate(SearchMapper.SUBSTRINGS_FROM_TABLES);
        }
        ShortGrams.rebuild(connection);
    }

    private static boolean hasSubstringIndex(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery("SELECT 1 FROM sqlite_master WHERE name = 'model_substring'")) {
            return r.next();
        }
    }
}
