package io.tensors.engine.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One step of the catalog schema: a SQL file under {@code migrations/}, optionally followed by Java work
 * that SQL cannot do. Runs inside the migration's transaction; {@link CatalogStore#MIGRATIONS} orders them.
 *
 * @param name the SQL file's name, e.g. {@code V1__catalog.sql}
 */
record Migration(String name, Step step) {

    /** Work on the migrating connection, inside its transaction. */
    @FunctionalInterface
    interface Step {
        void apply(Connection connection) throws SQLException;
    }

    /** The SQL file {@code migrations/name} beside this class. */
    static Migration sql(String name) {
        return new Migration(name, connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(resource("migrations/" + name));
            }
        });
    }

    /** This migration, then {@code next} in the same transaction. */
    Migration then(Step next) {
        return new Migration(name, connection -> {
            step.apply(connection);
            next.apply(connection);
        });
    }

    void apply(Connection connection) throws SQLException {
        step.apply(connection);
    }

    private static String resource(String name) {
        try (InputStream in = Migration.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema resource " + name, e);
        }
    }
}
