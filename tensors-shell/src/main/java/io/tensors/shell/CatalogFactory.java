package io.tensors.shell;

import io.tensors.api.Catalog;
import io.tensors.api.PluginInfo;
import io.tensors.engine.Engine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Where the commands' catalogs and plugin list come from: the engine, or in a test a small fake. */
interface CatalogFactory {
    /** @return the absolute path of the catalog file {@code db} names (null: TSR_DB, else the default) */
    Path location(Path db);

    /** @return the catalog {@code db} names (null: TSR_DB, else the default), not yet opened */
    Catalog open(Path db);

    /** @return as {@link #open(Path)}, with this CivitAI API key in place of CIVITAI_API_KEY and the config's */
    default Catalog open(Path db, String apiKey) {
        return open(db);
    }

    /** @return every plugin, loaded, failed or disabled since */
    List<PluginInfo> plugins();

    /** The engine's catalogs; plugin problems go to {@code warnings}, one line each. */
    static CatalogFactory engine(Map<String, String> env, Consumer<String> warnings) {
        Engine engine = new Engine(env, CatalogFactory.class.getClassLoader(), warnings);
        return new CatalogFactory() {
            @Override
            public Path location(Path db) {
                return engine.location(db);
            }

            @Override
            public Catalog open(Path db) {
                return engine.open(db);
            }

            @Override
            public Catalog open(Path db, String apiKey) {
                return engine.open(db, apiKey);
            }

            @Override
            public List<PluginInfo> plugins() {
                return engine.plugins();
            }
        };
    }
}
