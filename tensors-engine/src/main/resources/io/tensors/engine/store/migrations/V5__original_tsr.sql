-- The original Python tsr's columns, tables and views (both its schema.sql era and its SQLModel era),
-- so that its users' own queries run unchanged on a tsr catalog, and a migrated original catalog keeps
-- every row (io.tensors.engine.store.OriginalCatalog). Forms: timestamps ISO-8601 UTC text, booleans 0/1,
-- models.allow_commercial_use a comma-separated list.

-- ---------------------------------------------------------------- columns the original has and tsr had not
ALTER TABLE models ADD COLUMN tipped_amount_count INTEGER;
ALTER TABLE model_versions ADD COLUMN supports_generation INTEGER;
ALTER TABLE model_versions ADD COLUMN upload_type TEXT;
ALTER TABLE model_versions ADD COLUMN usage_control TEXT;
ALTER TABLE model_versions ADD COLUMN training_status TEXT;
ALTER TABLE model_versions ADD COLUMN training_details TEXT;
ALTER TABLE version_images ADD COLUMN has_positive_prompt INTEGER;
ALTER TABLE version_images ADD COLUMN on_site INTEGER;
ALTER TABLE version_images ADD COLUMN minor INTEGER;
ALTER TABLE version_images ADD COLUMN poi INTEGER;
ALTER TABLE version_images ADD COLUMN availability TEXT;
ALTER TABLE version_images ADD COLUMN remix_of_id INTEGER;

-- ---------------------------------------------------------------- an id on the three keyed tables
-- The original's rows have ids its users query; they may also repeat a (version, position) or
-- (file, type) pair (its early era inserted trained words again on every cache), so these keys are
-- indexes, not constraints: a migrated row is never dropped. tsr deletes a version's rows before it
-- writes them again, so it adds no repeats of its own.
DROP VIEW v_local_files_full;

CREATE TABLE trained_words_v6 (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
    word       TEXT    NOT NULL,
    position   INTEGER
);
INSERT INTO trained_words_v6 (version_id, word, position)
SELECT version_id, word, position FROM trained_words ORDER BY version_id, position;
DROP TABLE trained_words;
ALTER TABLE trained_words_v6 RENAME TO trained_words;
CREATE INDEX idx_trained_words_version ON trained_words (version_id, position);

CREATE TABLE file_hashes_v6 (
    id         INTEGER PRIMARY KEY,
    file_id    INTEGER NOT NULL REFERENCES version_files (id) ON DELETE CASCADE,
    hash_type  TEXT    NOT NULL,
    hash_value TEXT    NOT NULL
);
INSERT INTO file_hashes_v6 (file_id, hash_type, hash_value)
SELECT file_id, hash_type, hash_value FROM file_hashes ORDER BY file_id, hash_type;
DROP TABLE file_hashes;
ALTER TABLE file_hashes_v6 RENAME TO file_hashes;
CREATE INDEX idx_file_hashes_file ON file_hashes (file_id, hash_type);
CREATE INDEX idx_file_hashes_value ON file_hashes (hash_value, hash_type);

CREATE TABLE image_generation_params_v6 (
    id       INTEGER PRIMARY KEY,
    image_id INTEGER NOT NULL REFERENCES version_images (id) ON DELETE CASCADE,
    key      TEXT    NOT NULL,
    value    TEXT                                        -- scalars as text, objects as JSON
);
INSERT INTO image_generation_params_v6 (image_id, key, value)
SELECT image_id, key, value FROM image_generation_params ORDER BY image_id, key;
DROP TABLE image_generation_params;
ALTER TABLE image_generation_params_v6 RENAME TO image_generation_params;
CREATE INDEX idx_image_params_image ON image_generation_params (image_id, key);

-- ---------------------------------------------------------------- the original's other tables
CREATE TABLE image_video_metadata (
    id         INTEGER PRIMARY KEY,
    image_id   INTEGER NOT NULL UNIQUE REFERENCES version_images (id) ON DELETE CASCADE,
    duration   REAL,
    has_audio  INTEGER DEFAULT 0,
    size_bytes INTEGER
);

-- Hugging Face models the original cached; tsr keeps them and does not write them
CREATE TABLE hf_models (
    id             INTEGER PRIMARY KEY,
    repo_id        TEXT NOT NULL UNIQUE,
    author         TEXT,
    model_name     TEXT NOT NULL,
    pipeline_tag   TEXT,
    library_name   TEXT,
    downloads      INTEGER DEFAULT 0,
    likes          INTEGER DEFAULT 0,
    trending_score REAL,
    is_private     INTEGER DEFAULT 0,
    is_gated       INTEGER DEFAULT 0,
    last_modified  TEXT,
    created_at     TEXT,
    cached_at      TEXT,
    updated_at     TEXT
);
CREATE INDEX idx_hf_models_author ON hf_models (author);
CREATE INDEX idx_hf_models_downloads ON hf_models (downloads);

CREATE TABLE hf_model_tags (
    hf_model_id INTEGER NOT NULL REFERENCES hf_models (id) ON DELETE CASCADE,
    tag         TEXT    NOT NULL,
    PRIMARY KEY (hf_model_id, tag)
);

CREATE TABLE hf_safetensor_files (
    id          INTEGER PRIMARY KEY,
    hf_model_id INTEGER NOT NULL REFERENCES hf_models (id) ON DELETE CASCADE,
    filename    TEXT    NOT NULL,
    size_bytes  INTEGER
);
CREATE INDEX idx_hf_files_model ON hf_safetensor_files (hf_model_id, filename);

-- ---------------------------------------------------------------- views
CREATE VIEW v_hf_models AS
SELECT hm.id,
       hm.repo_id,
       hm.author,
       hm.model_name,
       hm.pipeline_tag,
       hm.downloads,
       hm.likes,
       hm.is_gated,
       hm.last_modified,
       group_concat(DISTINCT hmt.tag) AS tags,
       count(DISTINCT hsf.id)         AS safetensor_count
FROM hf_models hm
LEFT JOIN hf_model_tags hmt ON hm.id = hmt.hf_model_id
LEFT JOIN hf_safetensor_files hsf ON hm.id = hsf.hf_model_id
GROUP BY hm.id;

-- V4's view (format and safety) with the original's created_at and updated_at at the end
CREATE VIEW v_local_files_full AS
SELECT lf.id,
       lf.file_path,
       lf.sha256,
       lf.file_size,
       lf.header_size,
       lf.tensor_count,
       lf.missing_since,
       lf.civitai_model_id,
       lf.civitai_version_id,
       m.name            AS model_name,
       m.type            AS model_type,
       mv.name           AS version_name,
       mv.base_model,
       c.username        AS creator,
       (SELECT group_concat(word, ', ')
          FROM (SELECT tw.word FROM trained_words tw
                 WHERE tw.version_id = mv.id ORDER BY tw.position, tw.id)) AS trigger_words,
       lf.format,
       lf.safety,
       lf.created_at,
       lf.updated_at
FROM local_files lf
LEFT JOIN model_versions mv ON mv.civitai_id = lf.civitai_version_id
LEFT JOIN models m ON m.civitai_id = lf.civitai_model_id
LEFT JOIN creators c ON c.id = m.creator_id;
