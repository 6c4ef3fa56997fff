package io.tensors.engine.store;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;

/**
 * A catalog made by the original Python tsr (aladac/tensors), in either of its schema eras: the early one
 * created from its {@code schema.sql} (TEXT and INTEGER columns, three views) and the later one created by
 * SQLModel (VARCHAR, DATETIME and BOOLEAN columns, no views). Recognised by its tables and columns, and
 * migrated in place into a tsr catalog in one transaction, after a byte copy of the file is written beside
 * it. Every row of every table the original fills is kept with its id; values take tsr's forms (timestamps
 * ISO-8601 UTC, booleans 0/1, {@code allow_commercial_use} comma-separated, SHA256 uppercase).
 *
 * <p>Crash safety: the original's file is in rollback-journal mode and the migration runs in that mode, so
 * a kill at any point leaves a hot journal that the next open (by either tool) rolls back: the untouched
 * original, or after the commit the migrated catalog. tsr switches it to WAL only once it is migrated.
 *
 * <p>The original stored neither size nor mtime. A migrated file's row gets its size from the disk (a
 * stat, no read) and {@code mtime_ns = -1} ({@link #UNVERIFIED_MTIME}): the first scan reads each such file
 * once (it needs AutoV1, AutoV3 and CRC32, which the original never computed, and that one read checks the
 * stored SHA256); a file whose SHA256 still matches keeps its row, metadata and CivitAI link.
 */
public final class OriginalCatalog {
    /** The mtime of a row the original cataloged and tsr has not read yet. */
    public static final long UNVERIFIED_MTIME = -1;

    /** The original's tables that tsr's schema also defines, parents before children. */
    static final List<String> TABLES = List.of("local_files", "safetensor_metadata", "creators", "models", "tags",
            "model_tags", "model_versions", "trained_words", "version_files", "file_hashes", "version_images",
            "image_video_metadata", "image_generation_params", "image_resources", "hf_models", "hf_model_tags",
            "hf_safetensor_files");

    private static final Set<String> TIMESTAMPS = Set.of("created_at", "updated_at", "published_at",
            "early_access_ends_at", "scanned_at", "last_modified", "cached_at");
    private static final Set<String> BOOLEANS = Set.of("nsfw", "poi", "minor", "sfw_only", "allow_no_credit",
            "allow_derivatives", "allow_different_license", "supports_generation", "is_primary", "has_meta",
            "has_positive_prompt", "on_site", "has_audio", "is_private", "is_gated");
    private static final String RENAMED = "tsr_original_";

    private OriginalCatalog() {}

    /** Which of the original's schemas a catalog was made with. */
    enum Era {
        SCHEMA_SQL("its schema.sql era"),
        SQLMODEL("its SQLModel era");

        final String label;

        Era(String label) {
            this.label = label;
        }
    }

    /**
     * @param connection any connection to the database
     * @return the original's era when the database is the original tsr's catalog (user_version 0, a
     *     {@code local_files} table with {@code file_path} and {@code sha256} but none of tsr's size and
     *     mtime columns, and {@code safetensor_metadata} or {@code model_versions}), else null
     */
    static Era recognise(Connection connection) throws SQLException {
        if (CatalogFile.userVersion(connection) != 0) {
            return null;
        }
        Set<String> tables = new LinkedHashSet<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        if (!tables.contains("local_files") || !(tables.contains("safetensor_metadata") || tables.contains("model_versions"))) {
            return null;
        }
        String pathType = null;
        Set<String> columns = new LinkedHashSet<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, type FROM pragma_table_info('local_files')")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
                if (rs.getString(1).equals("file_path")) {
                    pathType = rs.getString(2);
                }
            }
        }
        if (!columns.contains("file_path") || !columns.contains("sha256") || columns.contains("mtime_ns")
                || columns.contains("file_size")) {
            return null;
        }
        return "VARCHAR".equalsIgnoreCase(pathType) ? Era.SQLMODEL : Era.SCHEMA_SQL;
    }

    /**
     * Migrates the original's catalog at {@code file} in place, after copying it to
     * {@code <name>.before-tsr-<date>} beside it. Does nothing when, once locked, it is no longer the
     * original's (another tsr migrated it meanwhile).
     *
     * @param notices told one line once the copy is written
     * @throws TensorsException UNUSABLE_STATE when the copy cannot be written or the catalog is locked
     */
    static void migrateInPlace(Path file, Consumer<String> notices) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(CatalogFile.BUSY_TIMEOUT_MS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                if (rs.next() && "wal".equalsIgnoreCase(rs.getString(1))) {
                    // an earlier tsr switched it and refused it; back to the original's own mode, which the
                    // crash safety below relies on (and which writes the WAL's content into the file)
                    try (Statement back = c.createStatement()) {
                        back.execute("PRAGMA journal_mode = DELETE");
                    }
                }
            }
            c.setAutoCommit(false); // BEGIN IMMEDIATE: no other writer from here to the commit
            Era era = recognise(c);
            if (era == null) {
                c.rollback();
                return;
            }
            Path backup = backup(file);
            notices.accept("catalog " + file + " was made by the original Python tsr (" + era.label
                    + "): migrating it in place; the file as it was is kept as " + backup
                    + " (the original tsr can go on using that copy)");
            migrate(c, Instant.now().toString());
            c.commit();
        } catch (SQLException e) {
            throw CatalogErrors.translate(file, e);
        }
    }

    /**
     * Makes {@code copy} (a copy of an original catalog, which nobody else uses) a tsr catalog; no backup.
     */
    static void migrateCopy(Path copy) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(CatalogFile.BUSY_TIMEOUT_MS);
        try (Connection c = config.createConnection("jdbc:sqlite:" + copy)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = DELETE");
            }
            c.setAutoCommit(false);
            migrate(c, Instant.now().toString());
            c.commit();
        } catch (SQLException e) {
            throw CatalogErrors.translate(copy, e);
        }
    }

    /** The byte copy, under the write lock the caller holds: written under a temporary name, then renamed. */
    private static Path backup(Path file) {
        String base = file.getFileName() + ".before-tsr-" + LocalDate.now(ZoneOffset.UTC);
        Path target = file.resolveSibling(base);
        for (int n = 2; Files.exists(target); n++) {
            target = file.resolveSibling(base + "-" + n);
        }
        Path part = file.resolveSibling(target.getFileName() + ".part");
        try {
            Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // the one line below says what failed; a stray .part file is harmless
            }
            throw new TensorsException(ErrorCode.UNUSABLE_STATE, "cannot write the copy " + target + " of the original tsr's"
                    + " catalog before migrating it (" + e.getMessage() + "); the catalog was left unchanged: free some"
                    + " space or make its folder writable, or use another catalog with --db", e);
        }
    }

    /** The migration proper, inside the caller's transaction, foreign keys off (the original left some orphans). */
    private static void migrate(Connection c, String now) throws SQLException {
        Set<String> present = new LinkedHashSet<>();
        List<String> drops = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_master")) {
            while (rs.next()) {
                String type = rs.getString(1);
                String name = rs.getString(2);
                if (type.equals("table") && TABLES.contains(name)) {
                    present.add(name);
                } else if (type.equals("view") || type.equals("trigger")
                        || type.equals("index") && rs.getString(4) != null && TABLES.contains(rs.getString(3))) {
                    drops.add("DROP " + type.toUpperCase(Locale.ROOT) + " IF EXISTS \"" + name + "\"");
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (String drop : drops) {
                s.executeUpdate(drop);
            }
            for (String table : present) {
                s.executeUpdate("ALTER TABLE " + table + " RENAME TO " + RENAMED + table);
            }
        }
        for (Migration migration : CatalogStore.MIGRATIONS) {
            migration.apply(c);
        }
        for (String table : TABLES) {
            if (present.contains(table)) {
                copy(c, table, now);
            }
        }
        try (Statement s = c.createStatement()) {
            // the original knew only SHA256; AutoV2 is its first 10 characters
            s.executeUpdate("INSERT INTO local_file_hashes (local_file_id, hash_type, hash_value)"
                    + " SELECT id, 'SHA256', sha256 FROM local_files WHERE sha256 <> ''"
                    + " UNION ALL SELECT id, 'AutoV2', substr(sha256, 1, 10) FROM local_files WHERE length(sha256) >= 10");
            for (String table : present) {
                s.executeUpdate("DROP TABLE " + RENAMED + table);
            }
        }
        sizesFromDisk(c);
        SearchIndex.rebuild(c);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("PRAGMA user_version = " + CatalogStore.MIGRATIONS.size());
        }
    }

    /** Copies one table's rows, every column both schemas have, in tsr's forms. */
    private static void copy(Connection c, String table, String now) throws SQLException {
        Set<String> from = columns(c, RENAMED + table);
        Set<String> to = columns(c, table);
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String column : from) {
            if (!to.contains(column)) {
                // a column this tsr does not know (a later original's): kept as it is, not dropped
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("ALTER TABLE " + table + " ADD COLUMN \"" + column.replace("\"", "\"\"") + "\"");
                }
            }
            names.add("\"" + column.replace("\"", "\"\"") + "\"");
            values.add(value(table, column));
        }
        switch (table) {
            case "local_files" -> {
                for (String column : List.of("created_at", "updated_at")) {
                    int i = names.indexOf("\"" + column + "\"");
                    if (i < 0) {
                        names.add(column);
                        values.add("'" + now + "'");
                    } else {
                        values.set(i, "coalesce(" + values.get(i) + ", '" + now + "')");
                    }
                }
                names.addAll(List.of("file_size", "mtime_ns", "hashed_types"));
                values.addAll(List.of("0", Long.toString(UNVERIFIED_MTIME), "'AutoV2,SHA256'"));
            }
            case "version_images" -> {
                if (!names.contains("\"position\"")) {
                    names.add("position");
                    values.add("row_number() OVER (PARTITION BY version_id ORDER BY id) - 1");
                }
            }
            default -> { }
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO " + table + " (" + String.join(", ", names) + ") SELECT "
                    + String.join(", ", values) + " FROM " + RENAMED + table + ordering(from));
        }
    }

    private static String ordering(Set<String> columns) {
        return columns.contains("id") ? " ORDER BY id" : "";
    }

    /** The SQL giving one column's value in tsr's form. */
    static String value(String table, String column) {
        String c = "\"" + column + "\"";
        if (TIMESTAMPS.contains(column)) {
            // 'YYYY-MM-DD HH:MM:SS[.ffffff]' (SQLite's datetime('now'), SQLAlchemy) is UTC without a zone
            return "CASE WHEN typeof(" + c + ") = 'text' AND " + c
                    + " GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][ T][0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'"
                    + " AND substr(" + c + ", 20) NOT GLOB '*[Zz+-]*'"
                    + " THEN substr(" + c + ", 1, 10) || 'T' || substr(" + c + ", 12) || 'Z' ELSE " + c + " END";
        }
        if (BOOLEANS.contains(column)) {
            return "CASE WHEN " + c + " IS NULL THEN NULL"
                    + " WHEN lower(CAST(" + c + " AS TEXT)) IN ('1', 'true', 't', 'yes') THEN 1"
                    + " WHEN lower(CAST(" + c + " AS TEXT)) IN ('0', 'false', 'f', 'no', '') THEN 0 ELSE " + c + " END";
        }
        if (table.equals("models") && column.equals("allow_commercial_use")) {
            // the original wrote Python's str() of CivitAI's list: "['Image', 'RentCivit']"
            return "CASE WHEN " + c + " GLOB '[[]*' THEN replace(replace(replace(replace(replace(" + c
                    + ", '[', ''), ']', ''), '''', ''), '\"', ''), ' ', '') ELSE " + c + " END";
        }
        if (table.equals("local_files") && column.equals("sha256")) {
            return "upper(" + c + ")";
        }
        return c;
    }

    /** Sizes from a stat of each file that is there (no read); a file not there keeps 0 until a scan sees it. */
    private static void sizesFromDisk(Connection c) throws SQLException {
        List<long[]> sizes = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, file_path FROM local_files")) {
            while (rs.next()) {
                try {
                    Path p = Path.of(rs.getString(2));
                    if (Files.isRegularFile(p)) {
                        sizes.add(new long[] {rs.getLong(1), Files.size(p)});
                    }
                } catch (IOException | RuntimeException e) {
                    // an odd path or an unreadable folder: the first scan decides
                }
            }
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE local_files SET file_size = ? WHERE id = ?")) {
            for (long[] size : sizes) {
                update.setLong(1, size[1]);
                update.setLong(2, size[0]);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private static Set<String> columns(Connection c, String table) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
