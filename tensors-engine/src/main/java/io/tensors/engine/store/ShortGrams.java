package io.tensors.engine.store;

/**
 * The short-term indexes (migration V6's {@code model_grams} and {@code file_grams}, FTS5 unicode61): a row holds every
 * character and every pair of adjacent characters outside ASCII of one substring row's text, space-separated, so a
 * search term of one or two such characters ({@code 细节}, {@code ミク}), which trigrams cannot index, is found by
 * one index lookup. Rows with no such character have no row: the index stays small, and a short ASCII term, which
 * matches many rows, is found by a scan that stops at the limit. Built in SQL, so every writer builds it alike.
 */
public final class ShortGrams {
    private ShortGrams() {}

    /**
     * @param grams the gram table
     * @param source the substring table its rows come from ({@code model_substring}, {@code file_search})
     * @param where which source rows, as an SQL condition on {@code rowid}
     * @return an INSERT of the grams of those rows that hold a character outside ASCII
     */
    static String insert(String grams, String source, String where) {
        return "INSERT INTO " + grams + " (rowid, grams)\n"
                + "WITH RECURSIVE c(id, s, i) AS (\n"
                + "    SELECT rowid, lower(text), 1 FROM " + source + "\n"
                + "     WHERE " + where + " AND text GLOB '*[^' || char(1) || '-' || char(127) || ']*'\n"
                + "    UNION ALL SELECT id, s, i + 1 FROM c WHERE i < length(s))\n"
                + "SELECT id, group_concat(g, ' ') FROM (\n"
                + "    SELECT DISTINCT id, g FROM (\n"
                + "        SELECT id, substr(s, i, 1) AS g FROM c WHERE unicode(substr(s, i, 1)) > 127\n"
                + "        UNION ALL\n"
                + "        SELECT id, substr(s, i, 2) FROM c\n"
                + "         WHERE unicode(substr(s, i, 1)) > 127 AND unicode(substr(s, i + 1, 1)) > 127))\n"
                + " GROUP BY id";
    }

    /** For SearchMapper.insertGramsEntry: the grams of one model's substring row. */
    public static String ofModel() {
        return insert("model_grams", "model_substring", "rowid = (SELECT search_rowid FROM models WHERE id = #{modelId})");
    }

    /** For IdentityMapper.insertGrams: the grams of one file's search row. */
    public static String ofFile() {
        return insert("file_grams", "file_search", "rowid = #{id}");
    }

    /** Fills both gram tables again from their substring tables. */
    static void rebuild(java.sql.Connection connection) throws java.sql.SQLException {
        try (java.sql.Statement s = connection.createStatement()) {
            s.executeUpdate("DELETE FROM model_grams");
            s.executeUpdate(insert("model_grams", "model_substring", "1"));
            s.executeUpdate("DELETE FROM file_grams");
            s.executeUpdate(insert("file_grams", "file_search", "1"));
        }
    }
}
