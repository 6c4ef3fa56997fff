package io.tensors.engine.store;

import java.nio.file.Path;

/** A process that opens (and so migrates) the catalog named by its argument, for a test to kill it. */
public final class MigrateMain {
    private MigrateMain() {}

    public static void main(String[] args) {
        try (CatalogStore store = CatalogStore.open(Path.of(args[0]), true, line -> {
            System.err.println(line);
            System.err.flush();
        })) {
            System.err.println("migrated");
        }
    }
}
