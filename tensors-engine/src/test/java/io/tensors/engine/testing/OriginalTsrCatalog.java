package io.tensors.engine.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A catalog as the original Python tsr (aladac/tensors) leaves it: its tables (the same names as some of
 * tsr's, other columns), a few rows, {@code user_version} 0 and the rollback journal of Python's sqlite3.
 */
public final class OriginalTsrCatalog {
    private OriginalTsrCatalog() {}

    /** Writes the catalog at {@code db} (which must not exist yet) and returns it. */
    public static Path write(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String ddl : SCHEMA) {
                s.executeUpdate(ddl);
            }
            s.executeUpdate("INSERT INTO local_files (file_path, sha256, header_size, tensor_count, civitai_model_id, civitai_version_id)"
                    + " VALUES ('/models/lora/analog.safetensors', 'B1A2C3D4E5F60718293A4B5C6D7E8F90112233445566778899AABBCCDDEEFF00', 10213, 192, 4201, 5301)");
            s.executeUpdate("INSERT INTO safetensor_metadata (local_file_id, key, value) VALUES (1, 'ss_network_dim', '4')");
            s.executeUpdate("INSERT INTO creators (username) VALUES ('someone')");
            s.executeUpdate("INSERT INTO models (civitai_id, name, type, creator_id) VALUES (4201, 'Analog Style', 'LORA', 1)");
            s.executeUpdate("INSERT INTO model_versions (civitai_id, model_id, name, base_model, version_index)"
                    + " VALUES (5301, 1, 'v1.0', 'SD 1.5', 0)");
            s.executeUpdate("INSERT INTO trained_words (version_id, word, position) VALUES (1, 'analog style', 0)");
            s.executeUpdate("INSERT INTO version_files (civitai_id, version_id, name, is_primary) VALUES (6301, 1, 'analog.safetensors', 1)");
            s.executeUpdate("INSERT INTO file_hashes (file_id, hash_type, hash_value)"
                    + " VALUES (1, 'SHA256', 'B1A2C3D4E5F60718293A4B5C6D7E8F90112233445566778899AABBCCDDEEFF00')");
        }
        return db;
    }

    private static final String[] SCHEMA = {
        """
        CREATE TABLE local_files (id INTEGER PRIMARY KEY, file_path TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL,
            header_size INTEGER, tensor_count INTEGER, civitai_model_id INTEGER, civitai_version_id INTEGER,
            created_at TEXT DEFAULT (datetime('now')), updated_at TEXT DEFAULT (datetime('now')))""",
        "CREATE INDEX idx_local_files_sha256 ON local_files (sha256)",
        """
        CREATE TABLE safetensor_metadata (id INTEGER PRIMARY KEY, local_file_id INTEGER NOT NULL
            REFERENCES local_files (id) ON DELETE CASCADE, key TEXT NOT NULL, value TEXT, UNIQUE (local_file_id, key))""",
        "CREATE TABLE creators (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, image_url TEXT)",
        """
        CREATE TABLE models (id INTEGER PRIMARY KEY, civitai_id INTEGER UNIQUE NOT NULL, name TEXT NOT NULL,
            description TEXT, type TEXT NOT NULL, nsfw INTEGER DEFAULT 0, creator_id INTEGER REFERENCES creators (id),
            download_count INTEGER DEFAULT 0, tipped_amount_count INTEGER DEFAULT 0, created_at TEXT, updated_at TEXT)""",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
        "CREATE TABLE model_tags (model_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, PRIMARY KEY (model_id, tag_id))",
        """
        CREATE TABLE model_versions (id INTEGER PRIMARY KEY, civitai_id INTEGER UNIQUE NOT NULL, model_id INTEGER NOT NULL
            REFERENCES models (id) ON DELETE CASCADE, name TEXT NOT NULL, base_model TEXT, download_url TEXT,
            created_at TEXT, published_at TEXT, version_index INTEGER)""",
        "CREATE TABLE trained_words (id INTEGER PRIMARY KEY, version_id INTEGER NOT NULL, word TEXT NOT NULL, position INTEGER)",
        """
        CREATE TABLE version_files (id INTEGER PRIMARY KEY, civitai_id INTEGER UNIQUE NOT NULL, version_id INTEGER NOT NULL,
            name TEXT NOT NULL, size_kb REAL, format TEXT, fp TEXT, is_primary INTEGER DEFAULT 0, download_url TEXT)""",
        """
        CREATE TABLE file_hashes (id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL REFERENCES version_files (id),
            hash_type TEXT NOT NULL, hash_value TEXT NOT NULL, UNIQUE (file_id, hash_type))""",
        "CREATE TABLE version_images (id INTEGER PRIMARY KEY, civitai_id INTEGER, version_id INTEGER NOT NULL, url TEXT NOT NULL)",
        "CREATE TABLE image_generation_params (id INTEGER PRIMARY KEY, image_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT)",
        "CREATE TABLE hf_models (id INTEGER PRIMARY KEY, repo_id TEXT NOT NULL UNIQUE, model_name TEXT NOT NULL)",
        """
        CREATE VIEW v_local_files_full AS SELECT lf.id, lf.file_path, lf.sha256, m.name AS model_name, mv.name AS version_name
            FROM local_files lf LEFT JOIN models m ON lf.civitai_model_id = m.civitai_id
            LEFT JOIN model_versions mv ON lf.civitai_version_id = mv.civitai_id""",
    };
}
