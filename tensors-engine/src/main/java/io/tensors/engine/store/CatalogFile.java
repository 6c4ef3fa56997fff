package io.tensors.engine.store;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * The catalog file before it is opened: the read-only look that decides whether it is a tsr catalog (and
 * which schema version), whether it can be written, and how to open it read-only without creating
 * anything beside it.
 */
final class CatalogFile {
    static final int BUSY_TIMEOUT_MS = 10_000;
    /** What {@link #check} answers for the original Python tsr's catalog, which is migrated on open. */
    static final int ORIGINAL = -1;

    private CatalogFile() {}

    /**
     * The read-only look before anything is written: the schema version and the tables decide whether this is
     * a tsr catalog. A file that does not exist yet or is empty is a new catalog (version 0).
     *
     * @return the catalog's schema version, 0 to {@link CatalogStore#MIGRATIONS}{@code .size()}, or {@link #ORIGINAL}
     * @throws TensorsException UNUSABLE_STATE for any database that is not a tsr catalog this program can use
     */
    static int check(Path file) {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return 0;
            }
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.UNUSABLE_STATE, "catalog " + file + " cannot be read: "
                    + e.getMessage() + "; check its permissions or use another --db", e);
        }
        int version;
        Set<String> tables = new HashSet<>();
        int objects = 0; // tables, indexes, views, triggers
        boolean original;
        rollBackHotJournal(file);
        // immutable unless a WAL holds data: the look creates nothing beside another program's database
        try (Connection c = readOnlyConnection(readOnlyUrl(file, true)); Statement s = c.createStatement()) {
            version = userVersion(c);
            try (var rs = s.executeQuery("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
                while (rs.next()) {
                    objects++;
                    if (rs.getString(1).equals("table")) {
                        tables.add(rs.getString(2));
                    }
                }
            }
            original = OriginalCatalog.recognise(c) != null;
        } catch (SQLException e) {
            throw CatalogErrors.translate(file, e);
        }
        refuseVersion(file, version);
        if (version == 0 && objects == 0) {
            return 0;
        }
        if (original) {
            return ORIGINAL;
        }
        if (version == 0 || !tables.contains("local_files")) {
            throw new TensorsException(ErrorCode.UNUSABLE_STATE, file + " is not a tsr catalog (another program's"
                    + " SQLite database), so tsr leaves it unchanged: use --db or TSR_DB to pick a catalog file");
        }
        return version;
    }

    /**
     * A rollback-journal file left by a process killed mid-transaction (a migration of the original's
     * catalog): the immutable look below would not see it, so it is rolled back first, as SQLite does on the
     * next open that can write. Nothing else is changed (the journal mode stays as it was).
     */
    private static void rollBackHotJournal(Path file) {
        Path journal = file.resolveSibling(file.getFileName() + "-journal");
        try {
            if (!Files.exists(journal) || Files.size(journal) == 0 || !Files.isWritable(file)
                    || !Files.isWritable(file.getParent())) {
                return;
            }
        } catch (IOException e) {
            return;
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
            rs.next();
        } catch (SQLException e) {
            throw CatalogErrors.translate(file, e);
        }
    }

    static void refuseVersion(Path file, int version) {
        int latest = CatalogStore.MIGRATIONS.size();
        if (version > latest) {
            throw new TensorsException(ErrorCode.UNUSABLE_STATE,
                    "catalog " + file + " has schema version " + version + " but this tsr knows only up to "
                            + latest + ": upgrade tsr, or use another catalog with --db");
        }
        if (version < 0) {
            throw new TensorsException(ErrorCode.UNUSABLE_STATE, "catalog " + file + " has schema version " + version
                    + ", which no tsr writes: restore it from a backup, or use another catalog with --db");
        }
    }

    /**
     * Creates the catalog's folder and checks that the file and folder can be written (SQLite's journal goes
     * beside the file), so that a read-only catalog fails on one line before anything is tried.
     *
     * @param why why a reading command has to write, or null for a command that writes anyway
     */
    static void prepareForWriting(Path file, String why) {
        Path parent = file.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.UNUSABLE_STATE,
                    "cannot create the catalog folder for " + file + ": " + e.getMessage()
                            + "; choose another place with --db or TSR_DB", e);
        }
        if (!Files.isWritable(parent) || Files.exists(file) && !Files.isWritable(file)) {
            throw new TensorsException(ErrorCode.UNUSABLE_STATE, "catalog " + file + " is read-only ("
                    + (Files.isWritable(parent) ? "the file" : "its folder") + " cannot be written) and "
                    + (why == null ? "this command changes it" : why) + ": make it writable, or use another catalog with --db");
        }
    }

    /**
     * The JDBC URL that opens {@code file} read-only. Reading a WAL database needs its -shm beside it: where
     * this process cannot write (the file or its folder) the file is opened immutable instead, so nothing is
     * created there (a -shm left read-only would block the next writer).
     */
    static String readOnlyUrl(Path file) {
        return readOnlyUrl(file, !(Files.isWritable(file) && Files.isWritable(file.getParent())));
    }

    /**
     * @param immutable whether to open the file immutable (no locks, no -shm); never while its WAL holds data,
     *     which means a writer is at work (or stopped) and the file alone is not the whole database
     */
    private static String readOnlyUrl(Path file, boolean immutable) {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        boolean liveWal;
        try {
            liveWal = Files.exists(wal) && Files.size(wal) > 0;
        } catch (IOException e) {
            liveWal = true;
        }
        return "jdbc:sqlite:" + file.toUri().toASCIIString() + "?mode=ro" + (immutable && !liveWal ? "&immutable=1" : "");
    }

    private static Connection readOnlyConnection(String url) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return config.createConnection(url);
    }

    static int userVersion(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
