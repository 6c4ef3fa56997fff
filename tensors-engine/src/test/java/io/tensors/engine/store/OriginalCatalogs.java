package io.tensors.engine.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Catalogs in the original Python tsr's two schemas, written here statement by statement: its early
 * {@code schema.sql} (TEXT/INTEGER columns, three views) and the DDL SQLAlchemy emits for its SQLModel
 * classes (VARCHAR/DATETIME/BOOLEAN/FLOAT, ix_ indexes, no views), each with rows in every table as the
 * original writes them (datetime('now') text in the first, SQLAlchemy's microsecond text in the second,
 * Python's str() of the commercial-use list, 0/1 booleans, a trained word stored twice by a second cache).
 */
final class OriginalCatalogs {
    private OriginalCatalogs() {}

    enum Era { SCHEMA_SQL, SQLMODEL }

    static final String SCHEMA_SQL = """
            CREATE TABLE local_files (id INTEGER PRIMARY KEY, file_path TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL,
                header_size INTEGER, tensor_count INTEGER, civitai_model_id INTEGER, civitai_version_id INTEGER,
                created_at TEXT DEFAULT (datetime('now')), updated_at TEXT DEFAULT (datetime('now')));
            CREATE INDEX idx_local_files_sha256 ON local_files(sha256);
            CREATE INDEX idx_local_files_civitai_model ON local_files(civitai_model_id);
            CREATE TABLE safetensor_metadata (id INTEGER PRIMARY KEY, local_file_id INTEGER NOT NULL, key TEXT NOT NULL,
                value TEXT, FOREIGN KEY (local_file_id) REFERENCES local_files(id) ON DELETE CASCADE, UNIQUE(local_file_id, key));
            CREATE INDEX idx_safetensor_metadata_file ON safetensor_metadata(local_file_id);
            CREATE TABLE creators (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, image_url TEXT);
            CREATE TABLE models (id INTEGER PRIMARY KEY, civitai_id INTEGER UNIQUE NOT NULL, name TEXT NOT NULL,
                description TEXT, type TEXT NOT NULL, nsfw INTEGER DEFAULT 0, poi INTEGER DEFAULT 0, minor INTEGER DEFAULT 0,
                sfw_only INTEGER DEFAULT 0, nsfw_level INTEGER, availability TEXT, allow_no_credit INTEGER,
                allow_commercial_use TEXT, allow_derivatives INTEGER, allow_different_license INTEGER,
                supports_generation INTEGER DEFAULT 0, creator_id INTEGER, download_count INTEGER DEFAULT 0,
                thumbs_up_count INTEGER DEFAULT 0, thumbs_down_count INTEGER DEFAULT 0, comment_count INTEGER DEFAULT 0,
                tipped_amount_count INTEGER DEFAULT 0, created_at TEXT, updated_at TEXT,
                FOREIGN KEY (creator_id) REFERENCES creators(id));
            CREATE INDEX idx_models_civitai ON models(civitai_id);
            CREATE INDEX idx_models_type ON models(type);
            CREATE INDEX idx_models_name ON models(name);
            CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            CREATE TABLE model_tags (model_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, PRIMARY KEY (model_id, tag_id),
                FOREIGN KEY (model_id) REFERENCES models(id) ON DELETE CASCADE, FOREIGN KEY (tag_id) REFERENCES tags(id) ON DELETE CASCADE);
            CREATE TABLE model_versions (id INTEGER PRIMARY KEY, civitai_id INTEGER UNIQUE NOT NULL, model_id INTEGER NOT NULL,
                name TEXT NOT NULL, description TEXT, base_model TEXT, base_model_type TEXT, nsfw_level INTEGER, status TEXT,
                availability TEXT, upload_type TEXT, usage_control TEXT, air TEXT, training_status TEXT, training_details TEXT,
                early_access_ends_at TEXT, download_count INTEGER DEFAULT 0, thumbs_up_count INTEGER DEFAULT 0,
                thumbs_down_count INTEGER DEFAULT 0, supports_generation INTEGER DEFAULT 0, download_url TEXT, created_at TEXT,
                published_at TEXT, updated_at TEXT, version_index INTEGER,
                FOREIGN KEY (model_id) REFERENCES models(id) ON DELETE CASCADE);
            CREATE INDEX idx_model_versions_civitai ON model_versions(civitai_id);
            CREATE INDEX idx_model_versions_model ON model_versions(model_id);
            CREATE INDEX idx_model_versions_base ON model_versions(base_model);
            CREATE TABLE trained_words (id INTEGER PRIMARY KEY, version_id INTEGER NOT NULL, word TEXT NOT NULL, position INTEGER,
                FOREIGN KEY (version_id) REFERENCES model_versions(id) ON DELETE CASCADE);
            CREATE INDEX idx_trained_words_version ON trained_words(version_id);
            CREATE TABLE version_files (id INTEGER PRIMARY KEY, civitai_id INTEGER UNIQUE NOT NULL, version_id INTEGER NOT NULL,
                name TEXT NOT NULL, type TEXT, size_kb REAL, format TEXT, size_type TEXT, fp TEXT, is_primary INTEGER DEFAULT 0,
                pickle_scan_result TEXT, pickle_scan_message TEXT, virus_scan_result TEXT, virus_scan_message TEXT,
                scanned_at TEXT, download_url TEXT, FOREIGN KEY (version_id) REFERENCES model_versions(id) ON DELETE CASCADE);
            CREATE INDEX idx_version_files_version ON version_files(version_id);
            CREATE TABLE file_hashes (id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, hash_type TEXT NOT NULL,
                hash_value TEXT NOT NULL, FOREIGN KEY (file_id) REFERENCES version_files(id) ON DELETE CASCADE, UNIQUE(file_id, hash_type));
            CREATE INDEX idx_file_hashes_file ON file_hashes(file_id);
            CREATE INDEX idx_file_hashes_value ON file_hashes(hash_value);
            CREATE TABLE version_images (id INTEGER PRIMARY KEY, civitai_id INTEGER, version_id INTEGER NOT NULL, url TEXT NOT NULL,
                type TEXT, nsfw_level INTEGER, width INTEGER, height INTEGER, hash TEXT, has_meta INTEGER DEFAULT 0,
                has_positive_prompt INTEGER DEFAULT 0, on_site INTEGER DEFAULT 0, minor INTEGER DEFAULT 0, poi INTEGER DEFAULT 0,
                availability TEXT, remix_of_id INTEGER, FOREIGN KEY (version_id) REFERENCES model_versions(id) ON DELETE CASCADE);
            CREATE INDEX idx_version_images_version ON version_images(version_id);
            CREATE TABLE image_video_metadata (id INTEGER PRIMARY KEY, image_id INTEGER NOT NULL UNIQUE, duration REAL,
                has_audio INTEGER DEFAULT 0, size_bytes INTEGER, FOREIGN KEY (image_id) REFERENCES version_images(id) ON DELETE CASCADE);
            CREATE TABLE image_generation_params (id INTEGER PRIMARY KEY, image_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT,
                FOREIGN KEY (image_id) REFERENCES version_images(id) ON DELETE CASCADE, UNIQUE(image_id, key));
            CREATE INDEX idx_image_params_image ON image_generation_params(image_id);
            CREATE TABLE image_resources (id INTEGER PRIMARY KEY, image_id INTEGER NOT NULL, name TEXT NOT NULL, type TEXT, hash TEXT,
                weight REAL, FOREIGN KEY (image_id) REFERENCES version_images(id) ON DELETE CASCADE);
            CREATE INDEX idx_image_resources_image ON image_resources(image_id);
            CREATE TABLE hf_models (id INTEGER PRIMARY KEY, repo_id TEXT NOT NULL UNIQUE, author TEXT, model_name TEXT NOT NULL,
                pipeline_tag TEXT, library_name TEXT, downloads INTEGER DEFAULT 0, likes INTEGER DEFAULT 0, trending_score REAL,
                is_private INTEGER DEFAULT 0, is_gated INTEGER DEFAULT 0, last_modified TEXT, created_at TEXT,
                cached_at TEXT DEFAULT (datetime('now')), updated_at TEXT DEFAULT (datetime('now')));
            CREATE INDEX idx_hf_models_repo ON hf_models(repo_id);
            CREATE INDEX idx_hf_models_author ON hf_models(author);
            CREATE INDEX idx_hf_models_downloads ON hf_models(downloads);
            CREATE TABLE hf_model_tags (hf_model_id INTEGER NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (hf_model_id, tag),
                FOREIGN KEY (hf_model_id) REFERENCES hf_models(id) ON DELETE CASCADE);
            CREATE INDEX idx_hf_model_tags_model ON hf_model_tags(hf_model_id);
            CREATE TABLE hf_safetensor_files (id INTEGER PRIMARY KEY, hf_model_id INTEGER NOT NULL, filename TEXT NOT NULL,
                size_bytes INTEGER, FOREIGN KEY (hf_model_id) REFERENCES hf_models(id) ON DELETE CASCADE, UNIQUE(hf_model_id, filename));
            CREATE INDEX idx_hf_files_model ON hf_safetensor_files(hf_model_id);
            CREATE VIEW v_models_with_latest AS SELECT m.id, m.civitai_id, m.name, m.type, m.nsfw, c.username as creator,
                mv.name as latest_version, mv.base_model, m.download_count, m.thumbs_up_count
              FROM models m LEFT JOIN creators c ON m.creator_id = c.id
              LEFT JOIN model_versions mv ON mv.model_id = m.id AND mv.version_index = 0;
            CREATE VIEW v_hf_models AS SELECT hm.id, hm.repo_id, hm.author, hm.model_name, hm.pipeline_tag, hm.downloads, hm.likes,
                hm.is_gated, hm.last_modified, GROUP_CONCAT(DISTINCT hmt.tag) as tags, COUNT(DISTINCT hsf.id) as safetensor_count
              FROM hf_models hm LEFT JOIN hf_model_tags hmt ON hm.id = hmt.hf_model_id
              LEFT JOIN hf_safetensor_files hsf ON hm.id = hsf.hf_model_id GROUP BY hm.id;
            CREATE VIEW v_local_files_full AS SELECT lf.id, lf.file_path, lf.sha256, lf.header_size, lf.tensor_count,
                lf.civitai_model_id, lf.civitai_version_id, m.name as model_name, m.type as model_type, mv.name as version_name,
                mv.base_model, c.username as creator, lf.created_at, lf.updated_at
              FROM local_files lf LEFT JOIN models m ON lf.civitai_model_id = m.civitai_id
              LEFT JOIN model_versions mv ON lf.civitai_version_id = mv.civitai_id LEFT JOIN creators c ON m.creator_id = c.id;
            """;

    /** What SQLAlchemy's create_all emits for the SQLModel classes (tables in dependency order, then indexes). */
    static final String SQLMODEL = """
            CREATE TABLE local_files (id INTEGER NOT NULL, file_path VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
                header_size INTEGER, tensor_count INTEGER, civitai_model_id INTEGER, civitai_version_id INTEGER,
                created_at DATETIME, updated_at DATETIME, PRIMARY KEY (id), UNIQUE (file_path));
            CREATE INDEX ix_local_files_sha256 ON local_files (sha256);
            CREATE INDEX ix_local_files_civitai_model_id ON local_files (civitai_model_id);
            CREATE TABLE creators (id INTEGER NOT NULL, username VARCHAR NOT NULL, image_url VARCHAR, PRIMARY KEY (id), UNIQUE (username));
            CREATE TABLE tags (id INTEGER NOT NULL, name VARCHAR NOT NULL, PRIMARY KEY (id), UNIQUE (name));
            CREATE TABLE hf_models (id INTEGER NOT NULL, repo_id VARCHAR NOT NULL, author VARCHAR, model_name VARCHAR NOT NULL,
                pipeline_tag VARCHAR, library_name VARCHAR, downloads INTEGER NOT NULL, likes INTEGER NOT NULL, trending_score FLOAT,
                is_private BOOLEAN NOT NULL, is_gated BOOLEAN NOT NULL, last_modified DATETIME, created_at DATETIME,
                cached_at DATETIME, updated_at DATETIME, PRIMARY KEY (id));
            CREATE UNIQUE INDEX ix_hf_models_repo_id ON hf_models (repo_id);
            CREATE INDEX ix_hf_models_author ON hf_models (author);
            CREATE INDEX ix_hf_models_downloads ON hf_models (downloads);
            CREATE TABLE safetensor_metadata (id INTEGER NOT NULL, local_file_id INTEGER NOT NULL, key VARCHAR NOT NULL,
                value VARCHAR, PRIMARY KEY (id), FOREIGN KEY(local_file_id) REFERENCES local_files (id));
            CREATE INDEX ix_safetensor_metadata_local_file_id ON safetensor_metadata (local_file_id);
            CREATE TABLE models (id INTEGER NOT NULL, civitai_id INTEGER NOT NULL, name VARCHAR NOT NULL, description VARCHAR,
                type VARCHAR NOT NULL, nsfw BOOLEAN NOT NULL, poi BOOLEAN NOT NULL, minor BOOLEAN NOT NULL, sfw_only BOOLEAN NOT NULL,
                nsfw_level INTEGER, availability VARCHAR, allow_no_credit BOOLEAN, allow_commercial_use VARCHAR,
                allow_derivatives BOOLEAN, allow_different_license BOOLEAN, supports_generation BOOLEAN NOT NULL, creator_id INTEGER,
                download_count INTEGER NOT NULL, thumbs_up_count INTEGER NOT NULL, thumbs_down_count INTEGER NOT NULL,
                comment_count INTEGER NOT NULL, tipped_amount_count INTEGER NOT NULL, created_at DATETIME, updated_at DATETIME,
                PRIMARY KEY (id), FOREIGN KEY(creator_id) REFERENCES creators (id));
            CREATE UNIQUE INDEX ix_models_civitai_id ON models (civitai_id);
            CREATE INDEX ix_models_name ON models (name);
            CREATE INDEX ix_models_type ON models (type);
            CREATE TABLE hf_model_tags (hf_model_id INTEGER NOT NULL, tag VARCHAR NOT NULL, PRIMARY KEY (hf_model_id, tag),
                FOREIGN KEY(hf_model_id) REFERENCES hf_models (id));
            CREATE INDEX ix_hf_model_tags_hf_model_id ON hf_model_tags (hf_model_id);
            CREATE TABLE hf_safetensor_files (id INTEGER NOT NULL, hf_model_id INTEGER NOT NULL, filename VARCHAR NOT NULL,
                size_bytes INTEGER, PRIMARY KEY (id), FOREIGN KEY(hf_model_id) REFERENCES hf_models (id));
            CREATE INDEX ix_hf_safetensor_files_hf_model_id ON hf_safetensor_files (hf_model_id);
            CREATE TABLE model_tags (model_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, PRIMARY KEY (model_id, tag_id),
                FOREIGN KEY(model_id) REFERENCES models (id), FOREIGN KEY(tag_id) REFERENCES tags (id));
            CREATE TABLE model_versions (id INTEGER NOT NULL, civitai_id INTEGER NOT NULL, model_id INTEGER NOT NULL,
                name VARCHAR NOT NULL, description VARCHAR, base_model VARCHAR, base_model_type VARCHAR, nsfw_level INTEGER,
                status VARCHAR, availability VARCHAR, upload_type VARCHAR, usage_control VARCHAR, air VARCHAR,
                training_status VARCHAR, training_details VARCHAR, early_access_ends_at DATETIME, download_count INTEGER NOT NULL,
                thumbs_up_count INTEGER NOT NULL, thumbs_down_count INTEGER NOT NULL, supports_generation BOOLEAN NOT NULL,
                download_url VARCHAR, created_at DATETIME, published_at DATETIME, updated_at DATETIME, version_index INTEGER,
                PRIMARY KEY (id), FOREIGN KEY(model_id) REFERENCES models (id));
            CREATE UNIQUE INDEX ix_model_versions_civitai_id ON model_versions (civitai_id);
            CREATE INDEX ix_model_versions_model_id ON model_versions (model_id);
            CREATE INDEX ix_model_versions_base_model ON model_versions (base_model);
            CREATE TABLE trained_words (id INTEGER NOT NULL, version_id INTEGER NOT NULL, word VARCHAR NOT NULL, position INTEGER,
                PRIMARY KEY (id), FOREIGN KEY(version_id) REFERENCES model_versions (id));
            CREATE INDEX ix_trained_words_version_id ON trained_words (version_id);
            CREATE TABLE version_files (id INTEGER NOT NULL, civitai_id INTEGER NOT NULL, version_id INTEGER NOT NULL,
                name VARCHAR NOT NULL, type VARCHAR, size_kb FLOAT, format VARCHAR, size_type VARCHAR, fp VARCHAR,
                is_primary BOOLEAN NOT NULL, pickle_scan_result VARCHAR, pickle_scan_message VARCHAR, virus_scan_result VARCHAR,
                virus_scan_message VARCHAR, scanned_at DATETIME, download_url VARCHAR, PRIMARY KEY (id), UNIQUE (civitai_id),
                FOREIGN KEY(version_id) REFERENCES model_versions (id));
            CREATE INDEX ix_version_files_version_id ON version_files (version_id);
            CREATE TABLE version_images (id INTEGER NOT NULL, civitai_id INTEGER, version_id INTEGER NOT NULL, url VARCHAR NOT NULL,
                type VARCHAR, nsfw_level INTEGER, width INTEGER, height INTEGER, hash VARCHAR, has_meta BOOLEAN NOT NULL,
                has_positive_prompt BOOLEAN NOT NULL, on_site BOOLEAN NOT NULL, minor BOOLEAN NOT NULL, poi BOOLEAN NOT NULL,
                availability VARCHAR, remix_of_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(version_id) REFERENCES model_versions (id));
            CREATE INDEX ix_version_images_version_id ON version_images (version_id);
            CREATE TABLE file_hashes (id INTEGER NOT NULL, file_id INTEGER NOT NULL, hash_type VARCHAR NOT NULL,
                hash_value VARCHAR NOT NULL, PRIMARY KEY (id), FOREIGN KEY(file_id) REFERENCES version_files (id));
            CREATE INDEX ix_file_hashes_file_id ON file_hashes (file_id);
            CREATE INDEX ix_file_hashes_hash_value ON file_hashes (hash_value);
            CREATE TABLE image_video_metadata (id INTEGER NOT NULL, image_id INTEGER NOT NULL, duration FLOAT,
                has_audio BOOLEAN NOT NULL, size_bytes INTEGER, PRIMARY KEY (id), UNIQUE (image_id),
                FOREIGN KEY(image_id) REFERENCES version_images (id));
            CREATE TABLE image_generation_params (id INTEGER NOT NULL, image_id INTEGER NOT NULL, key VARCHAR NOT NULL,
                value VARCHAR, PRIMARY KEY (id), FOREIGN KEY(image_id) REFERENCES version_images (id));
            CREATE INDEX ix_image_generation_params_image_id ON image_generation_params (image_id);
            CREATE TABLE image_resources (id INTEGER NOT NULL, image_id INTEGER NOT NULL, name VARCHAR NOT NULL, type VARCHAR,
                hash VARCHAR, weight FLOAT, PRIMARY KEY (id), FOREIGN KEY(image_id) REFERENCES version_images (id));
            CREATE INDEX ix_image_resources_image_id ON image_resources (image_id);
            """;

    /**
     * Writes a catalog of the given era at {@code file}: two local files (one linked), two models with
     * versions, files, hashes, trained words (one stored twice), images with params, resources and video
     * metadata, and a Hugging Face model with tags and files.
     *
     * @param extraModels more models (each with a version and a trained word), to make a migration slow
     */
    static void write(Path file, Era era, Path modelFile, int extraModels) throws SQLException {
        String t1 = era == Era.SCHEMA_SQL ? "2025-03-04 05:06:07" : "2025-03-04 05:06:07.123456";
        String t2 = era == Era.SCHEMA_SQL ? "2025-04-01 10:00:00" : "2025-04-01 10:00:00.000001";
        String linked = modelFile.toAbsolutePath().toString();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String ddl : (era == Era.SCHEMA_SQL ? SCHEMA_SQL : SQLMODEL).split(";\\s*\\n")) {
                if (!ddl.isBlank()) {
                    s.executeUpdate(ddl);
                }
            }
            String[] rows = {
                "INSERT INTO local_files VALUES (1, '" + linked.replace("'", "''") + "', '"
                        + "B7A2A3A6E0D0F1C2B3A4958677665544332211000FFEEDDCCBBAA99887766554', 1234, 3, 4201, 9801, '" + t1 + "', '" + t2 + "')",
                "INSERT INTO local_files VALUES (2, '/models/loras/unlinked lora.safetensors', "
                        + "'00AA11BB22CC33DD44EE55FF66778899AABBCCDDEEFF00112233445566778899', 512, 12, NULL, NULL, '" + t1 + "', '" + t1 + "')",
                "INSERT INTO safetensor_metadata VALUES (1, 1, 'ss_output_name', 'pixel_art')",
                "INSERT INTO safetensor_metadata VALUES (2, 1, 'ss_tag_frequency', '{\"img\": {\"pixel\": 3}}')",
                "INSERT INTO safetensor_metadata VALUES (3, 2, 'modelspec.title', 'Unlinked')",
                "INSERT INTO creators VALUES (1, 'pixelmaker', 'https://img.example/p.png')",
                "INSERT INTO creators VALUES (2, 'fluxer', NULL)",
                "INSERT INTO models VALUES (1, 4201, 'Pixel Art XL', '<p>Pixel <b>art</b> for SDXL</p>', 'LORA', 0, 0, 0, 0, 1, 'Public',"
                        + " 1, \"['Image', 'RentCivit']\", 1, 0, 1, 1, 15000, 900, 3, 42, 120, '2024-01-02T03:04:05.000Z', '" + t2 + "')",
                "INSERT INTO models VALUES (2, 777, 'Flux Realism', NULL, 'Checkpoint', 1, 0, 0, 0, 28, 'Public',"
                        + " 0, 'Sell', 0, 1, 0, 2, 500, 20, 1, 5, 0, NULL, '" + t1 + "')",
                "INSERT INTO tags VALUES (1, 'pixel art')",
                "INSERT INTO tags VALUES (2, 'style')",
                "INSERT INTO model_tags VALUES (1, 1)",
                "INSERT INTO model_tags VALUES (1, 2)",
                "INSERT INTO model_tags VALUES (2, 2)",
                "INSERT INTO model_versions VALUES (1, 9801, 1, 'v2.0', '<p>new</p>', 'SDXL 1.0', 'Standard', 1, 'Published', 'Public',"
                        + " 'Created', 'Download', 'urn:air:sdxl:lora:civitai:4201@9801', NULL, NULL, NULL, 9000, 700, 2, 1,"
                        + " 'https://civitai.com/api/download/models/9801', '2024-05-01T00:00:00.000Z', '2024-05-02T00:00:00.000Z', '" + t2 + "', 0)",
                "INSERT INTO model_versions VALUES (2, 9800, 1, 'v1.0', NULL, 'SDXL 1.0', 'Standard', 1, 'Published', 'Public',"
                        + " NULL, NULL, NULL, NULL, NULL, NULL, 6000, 200, 1, 0, 'https://civitai.com/api/download/models/9800',"
                        + " '2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z', NULL, 1)",
                "INSERT INTO model_versions VALUES (3, 7770, 2, 'fp8', NULL, 'Flux.1 D', 'Standard', 28, 'Published', 'Public',"
                        + " NULL, NULL, NULL, NULL, NULL, '2024-09-01T00:00:00.000Z', 500, 20, 1, 0, NULL, NULL, NULL, NULL, 0)",
                "INSERT INTO trained_words VALUES (1, 1, 'pixel art', 0)",
                "INSERT INTO trained_words VALUES (2, 1, 'Thigh clothes, semi-realistic', 1)",
                "INSERT INTO trained_words VALUES (3, 1, 'pixel art', 0)", // the early era's second cache of the model
                "INSERT INTO trained_words VALUES (4, 2, 'pixel', 0)",
                "INSERT INTO version_files VALUES (1, 55001, 1, 'pixel-art-xl.safetensors', 'Model', 132870.5, 'SafeTensor', 'full',"
                        + " 'fp16', 1, 'Success', 'No Pickle imports', 'Success', NULL, '2024-05-01T01:00:00.000Z', 'https://civitai.com/api/download/models/9801')",
                "INSERT INTO version_files VALUES (2, 55002, 3, 'flux-fp8.safetensors', 'Model', 11500000, 'SafeTensor', 'pruned',"
                        + " 'fp8', 1, 'Success', NULL, 'Success', NULL, NULL, NULL)",
                "INSERT INTO file_hashes VALUES (1, 1, 'SHA256', 'B7A2A3A6E0D0F1C2B3A4958677665544332211000FFEEDDCCBBAA99887766554')",
                "INSERT INTO file_hashes VALUES (2, 1, 'AutoV2', 'B7A2A3A6E0')",
                "INSERT INTO file_hashes VALUES (3, 1, 'CRC32', '85114A0D')",
                "INSERT INTO file_hashes VALUES (4, 2, 'SHA256', 'CAFEBABECAFEBABECAFEBABECAFEBABECAFEBABECAFEBABECAFEBABECAFEBABE')",
                "INSERT INTO version_images VALUES (1, 31001, 1, 'https://image.civitai.com/a.jpeg', 'image', 1, 1024, 1024, 'U5Fj',"
                        + " 1, 1, 1, 0, 0, 'Public', NULL)",
                "INSERT INTO version_images VALUES (2, 31002, 1, 'https://image.civitai.com/b.mp4', 'video', 4, 512, 768, NULL,"
                        + " 0, 0, 0, 0, 0, NULL, 31001)",
                "INSERT INTO version_images VALUES (3, 31003, 3, 'https://image.civitai.com/c.jpeg', 'image', 28, 832, 1216, 'LKO2',"
                        + " 1, 1, 0, 0, 0, 'Public', NULL)",
                "INSERT INTO image_video_metadata VALUES (1, 2, 4.5, 1, 2048000)",
                "INSERT INTO image_generation_params VALUES (1, 1, 'prompt', 'pixel art, a castle')",
                "INSERT INTO image_generation_params VALUES (2, 1, 'negativePrompt', 'blurry')",
                "INSERT INTO image_generation_params VALUES (3, 1, 'steps', '30')",
                "INSERT INTO image_generation_params VALUES (4, 1, 'cfgScale', '7.0')",
                "INSERT INTO image_generation_params VALUES (5, 3, 'prompt', 'a photo of a cat')",
                "INSERT INTO image_generation_params VALUES (6, 3, 'seed', '12345')",
                "INSERT INTO image_resources VALUES (1, 1, 'Pixel Art XL', 'lora', 'B7A2A3A6E0', 0.8)",
                "INSERT INTO image_resources VALUES (2, 3, 'Flux Realism', 'model', NULL, NULL)",
                "INSERT INTO hf_models VALUES (1, 'stabilityai/stable-diffusion-xl-base-1.0', 'stabilityai', 'stable-diffusion-xl-base-1.0',"
                        + " 'text-to-image', 'diffusers', 2000000, 6000, 12.5, 0, 0, '2024-03-01 00:00:00', '2023-07-25 00:00:00', '" + t1 + "', '" + t2 + "')",
                "INSERT INTO hf_models VALUES (2, 'black-forest-labs/FLUX.1-dev', 'black-forest-labs', 'FLUX.1-dev', 'text-to-image',"
                        + " 'diffusers', 1500000, 9000, NULL, 0, 1, NULL, NULL, '" + t1 + "', '" + t1 + "')",
                "INSERT INTO hf_model_tags VALUES (1, 'diffusers')",
                "INSERT INTO hf_model_tags VALUES (1, 'text-to-image')",
                "INSERT INTO hf_model_tags VALUES (2, 'diffusers')",
                "INSERT INTO hf_safetensor_files VALUES (1, 1, 'sd_xl_base_1.0.safetensors', 6938078334)",
                "INSERT INTO hf_safetensor_files VALUES (2, 1, 'sd_xl_offset_example-lora_1.0.safetensors', 49553604)",
                "INSERT INTO hf_safetensor_files VALUES (3, 2, 'flux1-dev.safetensors', NULL)",
            };
            for (String row : rows) {
                s.executeUpdate(row);
            }
            for (int i = 0; i < extraModels; i++) {
                long id = 1000 + i;
                s.executeUpdate("INSERT INTO models VALUES (" + id + ", " + (100000 + i) + ", 'Generated model " + i
                        + "', '<p>description " + i + "</p>', 'LORA', 0, 0, 0, 0, 1, 'Public', 1, 'Image', 1, 1, 0, 1, " + i
                        + ", 0, 0, 0, 0, '2024-01-01T00:00:00.000Z', '" + t1 + "')");
                s.executeUpdate("INSERT INTO model_versions VALUES (" + id + ", " + (200000 + i) + ", " + id + ", 'v1', NULL,"
                        + " 'SD 1.5', 'Standard', 1, 'Published', 'Public', NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0,"
                        + " NULL, NULL, NULL, NULL, 0)");
                s.executeUpdate("INSERT INTO trained_words VALUES (" + id + ", " + id + ", 'word" + i + "', 0)");
            }
            c.commit();
        }
    }

    /** Every row of every table, by table name: what a migration must keep. */
    static Map<String, List<Map<String, Object>>> rows(Path file, List<String> tables) throws SQLException {
        Map<String, List<Map<String, Object>>> all = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String table : tables) {
                all.put(table, query(s, "SELECT * FROM " + table));
            }
        }
        return all;
    }

    static List<Map<String, Object>> query(Statement s, String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= n; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
