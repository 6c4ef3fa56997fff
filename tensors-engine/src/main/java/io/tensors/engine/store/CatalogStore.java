package io.tensors.engine.store;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
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
import org.sqlite.SQLiteOpenMode;

/**
 * The catalog database: after {@link CatalogFile}'s read-only look (which refuses anything but a tsr
 * catalog), opens SQLite for writing (WAL, foreign keys, busy timeout, IMMEDIATE write transactions) or, for
 * queries, read-only; migrates the schema by {@code PRAGMA user_version}, and runs mapper work in short
 * transactions. The only class that hands out mappers.
 */
public final class CatalogStore implements AutoCloseable {
    /** The schema steps, applied in order; the index + 1 is the user_version each leads to. */
    static final List<Migration> MIGRATIONS = List.of(
            Migration.sql("V1__catalog.sql"),
            // descriptions need HTML removed in Java before the full-text index is built
            Migration.sql("V2__search.sql").then(SearchIndex::rebuild),
            Migration.sql("V3__hashed_types.sql"),
            Migration.sql("V4__formats.sql"),
            // the original Python tsr's columns, tables and views (OriginalCatalog migrates its catalogs)
            Migration.sql("V5__original_tsr.sql"),
            // file identities and the substring indexes: both filled from what the catalog already holds
            Migration.sql("V6__identity.sql").then(SearchIndex::rebuildSubstrings));

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
        return open(file, write, notice -> { });
    }

    /**
     * As {@link #open(Path, boolean)}; the original Python tsr's catalog is migrated in place first (after a
     * copy beside it), read-only commands included.
     *
     * @param notices told one line when the original's catalog is migrated
     */
    public static CatalogStore open(Path file, boolean write, Consumer<String> notices) {
        Path absolute = file.toAbsolutePath();
        if (!write && !Files.isRegularFile(absolute)) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "no catalog at " + absolute
                    + ": run 'tsr db scan DIR' first, or check --db / TSR_DB");
        }
        int version = CatalogFile.check(absolute);
        if (version == CatalogFile.ORIGINAL) {
            CatalogFile.prepareForWriting(absolute, "it was made by the original Python tsr and must be migrated first");
            OriginalCatalog.migrateInPlace(absolute, notices);
            version = CatalogFile.check(absolute);
        }
        boolean writable = write || version < MIGRATIONS.size();
        if (writable) {
            CatalogFile.prepareForWriting(absolute, write ? null : "its schema must be upgraded from version " + version
                    + " to " + MIGRATIONS.size() + " first");
        }
        PooledDataSource dataSource = new PooledDataSource("org.sqlite.JDBC",
                writable ? "jdbc:sqlite:" + absolute : CatalogFile.readOnlyUrl(absolute), sqliteProperties(writable));
        dataSource.setPoolMaximumActiveConnections(4);
        dataSource.setPoolMaximumIdleConnections(2);
        Configuration configuration = new Configuration(
                new Environment("catalog", new JdbcTransactionFactory(), dataSource));
        configuration.setArgNameBasedConstructorAutoMapping(true);
        configuration.setMapUnderscoreToCamelCase(true);
        configuration.setCacheEnabled(false);
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
        p.setProperty("busy_timeout", Integer.toString(CatalogFile.BUSY_TIMEOUT_MS));
        return p;
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

    /**
     * Runs {@code work} in one IMMEDIATE transaction on a connection with {@code other} attached as {@code src},
     * foreign keys checked at the commit (so children may be written before their parents).
     */
    <T> T inTransactionWith(Path other, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            try (Statement s = connection.createStatement()) {
                s.execute("ATTACH DATABASE '" + other.toString().replace("'", "''") + "' AS src");
            }
            try {
                connection.setAutoCommit(false);
                try (Statement s = connection.createStatement()) {
                    s.execute("PRAGMA defer_foreign_keys = ON");
                }
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
                try (Statement s = connection.createStatement()) {
                    s.execute("DETACH DATABASE src");
                }
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Work on a connection, in a transaction the caller holds. */
    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private void migrate() {
        try (Connection connection = dataSource.getConnection()) {
            int current = CatalogFile.userVersion(connection);
            int latest = MIGRATIONS.size();
            CatalogFile.refuseVersion(file, current);
            if (current == latest) {
                return;
            }
            connection.setAutoCommit(false); // BEGIN IMMEDIATE: one migrator at a time
            current = CatalogFile.userVersion(connection); // another process may have migrated meanwhile
            CatalogFile.refuseVersion(file, current);
            for (int v = current; v < latest; v++) {
                MIGRATIONS.get(v).apply(connection);
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("PRAGMA user_version = " + latest);
            }
            connection.commit();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private TensorsException translate(Exception e) {
        return CatalogErrors.translate(file, e);
    }


    @Override
    public void close() {
        dataSource.forceCloseAll();
    }
}
