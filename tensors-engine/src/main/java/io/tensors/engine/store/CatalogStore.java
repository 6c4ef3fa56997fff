package io.tensors.engine.store;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.logging.LogFactory;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * The catalog database: looks at the file read-only first and refuses anything but a tsr catalog, then
 * opens SQLite for writing (WAL, foreign keys, busy timeout, IMMEDIATE write transactions) or, for
 * queries, read-only; migrates the schema by {@code PRAGMA user_version}, and runs mapper work in short
 * transactions. The only class that hands out mappers.
 */
public final class CatalogStore implements AutoCloseable {
    /** The schema files, applied in order; the index + 1 is the user_version they lead to. */
    static final List<String> MIGRATIONS = List.of("V1__catalog.sql", "V2__search.sql", "V3__hashed_types.sql");

    private static final int BUSY_TIMEOUT_MS = 10_000;

    static {
        // MyBatis would log through java.util.logging to stderr (e.g. a rollback warning after
        // SQLITE_BUSY) next to tsr's one-line error; every failure reaches the user through translate()
        LogFactory.useNoLogging();
    }

    private final Path file;
    private final boolean writable;
    private final PooledDataSource dataSource;
    private final SqlSessionFactory sessions;

    private CatalogStore(Path file, boolean writable, PooledDataSource dataSource, SqlSessionFactory sessions) {
        this.file = file;
        this.writable = writable;
        this.dataSource = dataSource;
        this.sessions = sessions;
    }

    /** Opens the catalog at {@code file} for writing, creating it if needed; see {@link #open(Path, boolean)}. */
    public static CatalogStore open(Path file) {
        return open(file, true);
    }

    /**
     * Opens and migrates the catalog at {@code file}. It is looked at read-only first: a database that is not a
     * tsr catalog (another program's, the original Python tsr's, a schema version this tsr does not know) is
     * refused and left exactly as it was, journal mode included.
     *
     * @param write true for commands that change the catalog (the file is created if needed); false opens an
     *     existing catalog read-only, so a read-only file or folder can still be queried (an older schema is
     *     still upgraded first, which needs writing)
     * @throws TensorsException BAD_INPUT when reading and there is no catalog file; UNUSABLE_STATE when the
     *     file is not a catalog this tsr can use, is locked, or must be written and cannot be
     */
    public static CatalogStore open(Path file, boolean write) {
        Path absolute = file.toAbsolutePath();
        if (!write && !Files.isRegularFile(absolute)) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "no catalog at " + absolute
                    + ": run 'tsr db scan DIR' first, or check --db / TSR_DB");
        }
        int version = check(absolute);
        boolean writable = write || version < MIGRATIONS.size();
        if (writable) {
            prepareForWriting(absolute, write ? null : "its schema must be upgraded from version " + version
                    + " to " + MIGRATIONS.size() + " first");
        }
        PooledDataSource dataSource = new PooledDataSource("org.sqlite.JDBC",
                writable ? "jdbc:sqlite:" + absolute : readOnlyUrl(absolute), sqliteProperties(writable));
        dataSource.setPoolMaximumActiveConnections(4);
        dataSource.setPoolMaximumIdleConnections(2);
        Configuration configuration = new Configuration(
                new Environment("catalog", new JdbcTransactionFactory(), dataSource));
        configuration.setArgNameBasedConstructorAutoMapping(true);
        configuration.setMapUnderscoreToCamelCase(true);
        configuration.setCacheEnabled(false);
        configuration.addMapper(LocalFileMapper.class);
        configuration.addMapper(ModelMapper.class);
        configuration.addMapper(VersionMapper.class);
        configuration.addMapper(VersionFileMapper.class);
        configuration.addMapper(ImageMapper.class);
        configuration.addMapper(LinkMapper.class);
        configuration.addMapper(SearchMapper.class);
        configuration.addMapper(QueryMapper.class);
        CatalogStore store = new CatalogStore(absolute, writable, dataSource,
                new SqlSessionFactoryBuilder().build(configuration));
        try {
            store.migrate();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private static Properties sqliteProperties(boolean writable) {
        Properties p = new Properties();
        if (writable) {
            p.setProperty("journal_mode", "WAL");
            p.setProperty("synchronous", "NORMAL");
            p.setProperty("transaction_mode", "IMMEDIATE");
        } else {
            p.setProperty("open_mode", Integer.toString(SQLiteOpenMode.READONLY.flag | SQLiteOpenMode.OPEN_URI.flag));
        }
        p.setProperty("foreign_keys", "true");
        p.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
        return p;
    }

    /**
     * The read-only look before anything is written: the schema version and the tables decide whether this is
     * a tsr catalog. A file that does not exist yet or is empty is a new catalog (version 0).
     *
     * @return the catalog's schema version, 0 to {@link #MIGRATIONS}{@code .size()}
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
        } catch (SQLException e) {
            throw translate(file, e);
        }
        refuseVersion(file, version);
        if (version == 0 && objects == 0) {
            return 0;
        }
        if (version == 0 && tables.contains("local_files")
                && (tables.contains("safetensor_metadata") || tables.contains("model_versions"))) {
            throw new TensorsException(ErrorCode.UNUSABLE_STATE, "catalog " + file + " was made by the original"
                    + " Python tsr; importing it is not supported yet, and it was left unchanged: use --db or TSR_DB"
                    + " to pick another catalog");
        }
        if (version == 0 || !tables.contains("local_files")) {
            throw new TensorsException(ErrorCode.UNUSABLE_STATE, file + " is not a tsr catalog (another program's"
                    + " SQLite database), so tsr leaves it unchanged: use --db or TSR_DB to pick a catalog file");
        }
        return version;
    }

    private static void refuseVersion(Path file, int version) {
        int latest = MIGRATIONS.size();
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
    private static void prepareForWriting(Path file, String why) {
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

    /** @return the database file */
    public Path file() {
        return file;
    }

    /** @return whether this store was opened for writing (a read-only one refuses every write) */
    public boolean writable() {
        return writable;
    }

    /** Runs read-only mapper work outside an explicit transaction. */
    public <T> T read(Function<Mappers, T> work) {
        try (SqlSession session = sessions.openSession(true)) {
            return work.apply(new Mappers(session));
        } catch (PersistenceException e) {
            throw translate(e);
        }
    }

    /**
     * Runs mapper work in one IMMEDIATE transaction with the batch executor; commits when it
     * returns, rolls back when it throws.
     */
    public <T> T write(Function<Mappers, T> work) {
        try (SqlSession session = sessions.openSession(ExecutorType.BATCH, false)) {
            T result = work.apply(new Mappers(session));
            session.commit(true);
            return result;
        } catch (PersistenceException e) {
            throw translate(e);
        }
    }

    private void migrate() {
        try (Connection connection = dataSource.getConnection()) {
            int current = userVersion(connection);
            int latest = MIGRATIONS.size();
            refuseVersion(file, current);
            if (current == latest) {
                return;
            }
            connection.setAutoCommit(false); // BEGIN IMMEDIATE: one migrator at a time
            current = userVersion(connection); // another process may have migrated meanwhile
            refuseVersion(file, current);
            try (Statement statement = connection.createStatement()) {
                for (int v = current; v < latest; v++) {
                    statement.executeUpdate(resource("migrations/" + MIGRATIONS.get(v)));
                    if (MIGRATIONS.get(v).equals("V2__search.sql")) {
                        SearchIndex.rebuild(connection); // descriptions need HTML removed in Java, then the FTS index
                    }
                }
                statement.executeUpdate("PRAGMA user_version = " + latest);
            }
            connection.commit();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private static int userVersion(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String resource(String name) {
        try (InputStream in = CatalogStore.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema resource " + name, e);
        }
    }

    private TensorsException translate(Exception e) {
        return translate(file, e);
    }

    private static TensorsException translate(Path file, Exception e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        if (cause instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                    || code.name().startsWith("SQLITE_BUSY")) {
                return new TensorsException(ErrorCode.UNUSABLE_STATE, "catalog " + file
                        + " stayed locked by another program for " + BUSY_TIMEOUT_MS / 1000
                        + " s: wait for it to finish and run the command again", e);
            }
            if (code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT
                    || code.name().startsWith("SQLITE_CORRUPT")) {
                return new TensorsException(ErrorCode.UNUSABLE_STATE, "catalog " + file + " is not a valid tensors catalog ("
                        + (code == SQLiteErrorCode.SQLITE_NOTADB ? "not a database" : "damaged")
                        + "): restore it from a backup or use another --db", e);
            }
            if (code.name().startsWith("SQLITE_READONLY")) {
                return new TensorsException(ErrorCode.UNUSABLE_STATE, "catalog " + file
                        + " is read-only here (its file, folder or -shm file cannot be written): check their permissions"
                        + " or use another --db", e);
            }
            if (code.name().startsWith("SQLITE_CANTOPEN")) {
                return new TensorsException(ErrorCode.UNUSABLE_STATE, "catalog " + file
                        + " cannot be opened: check its permissions and its folder's, or use another --db", e);
            }
            if (code == SQLiteErrorCode.SQLITE_FULL || code == SQLiteErrorCode.SQLITE_IOERR
                    || code.name().startsWith("SQLITE_IOERR")) {
                return new TensorsException(ErrorCode.FAILED, "catalog " + file
                        + " could not be written (" + code.name() + "): free disk space and run the command again; nothing committed was lost", e);
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String detail = root.getMessage() != null ? root.getMessage() : root.toString();
        return new TensorsException(ErrorCode.INTERNAL, "catalog " + file + ": " + firstLine(detail), e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown database error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        dataSource.forceCloseAll();
    }
}
