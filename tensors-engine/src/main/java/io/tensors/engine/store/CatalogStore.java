package io.tensors.engine.store;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import io.tensors.engine.search.SearchIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
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
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The catalog database: opens SQLite (WAL, foreign keys, busy timeout, IMMEDIATE write
 * transactions), migrates the schema by {@code PRAGMA user_version}, and runs mapper work in short
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
    private final PooledDataSource dataSource;
    private final SqlSessionFactory sessions;

    private CatalogStore(Path file, PooledDataSource dataSource, SqlSessionFactory sessions) {
        this.file = file;
        this.dataSource = dataSource;
        this.sessions = sessions;
    }

    /**
     * Opens (creating it if needed) and migrates the catalog at {@code file}.
     *
     * @throws TensorsException UNUSABLE_STATE when the catalog is newer than this program, locked, or
     *     not a database
     */
    public static CatalogStore open(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            Path parent = absolute.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.UNUSABLE_STATE,
                    "cannot create the catalog folder for " + absolute + ": " + e.getMessage()
                            + "; choose another place with --db or TSR_DB", e);
        }
        PooledDataSource dataSource = new PooledDataSource("org.sqlite.JDBC", "jdbc:sqlite:" + absolute, sqliteProperties());
        dataSource.setPoolMaximumActiveConnections(4);
        dataSource.setPoolMaximumIdleConnections(2);
        Configuration configuration = new Configuration(
                new Environment("catalog", new JdbcTransactionFactory(), dataSource));
        configuration.setArgNameBasedConstructorAutoMapping(true);
        configuration.setMapUnderscoreToCamelCase(true);
        configuration.setCacheEnabled(false);
        configuration.addMapper(LocalFileMapper.class);
        configuration.addMapper(ModelMapper.class);
        configuration.addMapper(LinkMapper.class);
        configuration.addMapper(SearchMapper.class);
        configuration.addMapper(QueryMapper.class);
        CatalogStore store = new CatalogStore(absolute, dataSource,
                new SqlSessionFactoryBuilder().build(configuration));
        try {
            store.migrate();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private static Properties sqliteProperties() {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "NORMAL");
        p.setProperty("foreign_keys", "true");
        p.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
        p.setProperty("transaction_mode", "IMMEDIATE");
        return p;
    }

    /** @return the database file */
    public Path file() {
        return file;
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
            if (current > latest) {
                throw new TensorsException(ErrorCode.UNUSABLE_STATE,
                        "catalog " + file + " has schema version " + current + " but this tsr knows only up to "
                                + latest + ": upgrade tsr, or use another catalog with --db");
            }
            if (current == latest) {
                return;
            }
            connection.setAutoCommit(false); // BEGIN IMMEDIATE: one migrator at a time
            current = userVersion(connection); // another process may have migrated meanwhile
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
                return new TensorsException(ErrorCode.UNUSABLE_STATE, "catalog " + file
                        + " is not a valid tensors catalog (" + code.name() + "): restore it from a backup or use another --db", e);
            }
            if (code == SQLiteErrorCode.SQLITE_READONLY || code == SQLiteErrorCode.SQLITE_CANTOPEN
                    || code.name().startsWith("SQLITE_READONLY") || code.name().startsWith("SQLITE_CANTOPEN")) {
                return new TensorsException(ErrorCode.UNUSABLE_STATE, "catalog " + file
                        + " cannot be opened for writing (" + code.name() + "): check its permissions or use another --db", e);
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
