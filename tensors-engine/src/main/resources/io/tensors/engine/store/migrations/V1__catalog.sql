-- The catalog: local files, the CivitAI cache and the views over them.
-- Timestamps are ISO-8601 UTC text. Hash values are uppercase hex, typed as CivitAI names them.

-- ---------------------------------------------------------------- local files
CREATE TABLE local_files (
    id                 INTEGER PRIMARY KEY,
    file_path          TEXT    NOT NULL UNIQUE,          -- absolute
    sha256             TEXT    NOT NULL,
    header_size        INTEGER,                          -- N, without the 8 length bytes
    tensor_count       INTEGER,                          -- not counting __metadata__
    civitai_model_id   INTEGER,
    civitai_version_id INTEGER,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    file_size          INTEGER NOT NULL,
    mtime_ns           INTEGER NOT NULL,
    file_key           TEXT,                             -- device+inode where the OS gives one
    missing_since      TEXT,
    last_seen_at       TEXT
);
CREATE INDEX idx_local_files_sha256 ON local_files (sha256);
CREATE INDEX idx_local_files_file_key ON local_files (file_key);
CREATE INDEX idx_local_files_version ON local_files (civitai_version_id);

CREATE TABLE local_file_hashes (
    local_file_id INTEGER NOT NULL REFERENCES local_files (id) ON DELETE CASCADE,
    hash_type     TEXT    NOT NULL,
    hash_value    TEXT    NOT NULL,
    PRIMARY KEY (local_file_id, hash_type)
) WITHOUT ROWID;
CREATE INDEX idx_local_file_hashes_value ON local_file_hashes (hash_value, hash_type);

CREATE TABLE safetensor_metadata (
    id            INTEGER PRIMARY KEY,
    local_file_id INTEGER NOT NULL REFERENCES local_files (id) ON DELETE CASCADE,
    key           TEXT    NOT NULL,
    value         TEXT,
    UNIQUE (local_file_id, key)
);

-- ---------------------------------------------------------------- CivitAI cache
CREATE TABLE creators (
    id        INTEGER PRIMARY KEY,
    username  TEXT NOT NULL UNIQUE,
    image_url TEXT
);

CREATE TABLE models (
    id                      INTEGER PRIMARY KEY,
    civitai_id              INTEGER NOT NULL UNIQUE,
    name                    TEXT    NOT NULL,
    description             TEXT,                        -- HTML as CivitAI sends it
    type                    TEXT    NOT NULL,
    nsfw                    INTEGER,
    creator_id              INTEGER REFERENCES creators (id),
    download_count          INTEGER,
    thumbs_up_count         INTEGER,
    thumbs_down_count       INTEGER,
    comment_count           INTEGER,
    favorite_count          INTEGER,
    rating_count            INTEGER,
    rating                  REAL,
    poi                     INTEGER,
    minor                   INTEGER,
    sfw_only                INTEGER,
    nsfw_level              INTEGER,
    availability            TEXT,
    mode                    TEXT,                        -- Archived | TakenDown | null
    allow_no_credit         INTEGER,
    allow_commercial_use    TEXT,                        -- comma-separated list
    allow_derivatives       INTEGER,
    allow_different_license INTEGER,
    supports_generation     INTEGER,
    created_at              TEXT,
    updated_at              TEXT,
    source                  TEXT    NOT NULL DEFAULT 'civitai',
    cached_at               TEXT,
    gone_since              TEXT                         -- the source now answers 404
);
CREATE INDEX idx_models_type ON models (type);
CREATE INDEX idx_models_creator ON models (creator_id);

CREATE TABLE model_versions (
    id                    INTEGER PRIMARY KEY,
    civitai_id            INTEGER NOT NULL UNIQUE,
    model_id              INTEGER NOT NULL REFERENCES models (id) ON DELETE CASCADE,
    name                  TEXT    NOT NULL,
    base_model            TEXT,
    base_model_type       TEXT,
    download_url          TEXT,
    version_index         INTEGER,                       -- 0 = latest
    description           TEXT,
    status                TEXT,
    availability          TEXT,
    nsfw_level            INTEGER,
    early_access_ends_at  TEXT,
    created_at            TEXT,
    updated_at            TEXT,
    published_at          TEXT,
    download_count        INTEGER,
    thumbs_up_count       INTEGER,
    thumbs_down_count     INTEGER,
    rating_count          INTEGER,
    rating                REAL,
    air                   TEXT
);
CREATE INDEX idx_model_versions_model ON model_versions (model_id, version_index);
CREATE INDEX idx_model_versions_base ON model_versions (base_model);

CREATE TABLE trained_words (
    version_id INTEGER NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
    word       TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (version_id, position)
) WITHOUT ROWID;

CREATE TABLE version_files (
    id                  INTEGER PRIMARY KEY,
    civitai_id          INTEGER UNIQUE,
    version_id          INTEGER NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
    name                TEXT,
    size_kb             REAL,
    format              TEXT,
    fp                  TEXT,
    size_type           TEXT,                            -- full | pruned
    type                TEXT,                            -- Model, VAE, Training Data...
    is_primary          INTEGER,
    download_url        TEXT,
    pickle_scan_result  TEXT,
    pickle_scan_message TEXT,
    virus_scan_result   TEXT,
    virus_scan_message  TEXT,
    scanned_at          TEXT
);
CREATE INDEX idx_version_files_version ON version_files (version_id);

CREATE TABLE file_hashes (
    file_id    INTEGER NOT NULL REFERENCES version_files (id) ON DELETE CASCADE,
    hash_type  TEXT    NOT NULL,
    hash_value TEXT    NOT NULL,
    PRIMARY KEY (file_id, hash_type)
) WITHOUT ROWID;
CREATE INDEX idx_file_hashes_value ON file_hashes (hash_value, hash_type);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE model_tags (
    model_id INTEGER NOT NULL REFERENCES models (id) ON DELETE CASCADE,
    tag_id   INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (model_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX idx_model_tags_tag ON model_tags (tag_id);

CREATE TABLE version_images (
    id          INTEGER PRIMARY KEY,
    civitai_id  INTEGER,
    version_id  INTEGER NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    url         TEXT    NOT NULL,
    type        TEXT,                                    -- image | video
    width       INTEGER,
    height      INTEGER,
    nsfw_level  INTEGER,
    hash        TEXT,                                    -- blurhash
    has_meta    INTEGER,
    UNIQUE (version_id, position)
);

CREATE TABLE image_generation_params (
    image_id INTEGER NOT NULL REFERENCES version_images (id) ON DELETE CASCADE,
    key      TEXT    NOT NULL,
    value    TEXT,                                       -- scalars as text, objects as JSON
    PRIMARY KEY (image_id, key)
) WITHOUT ROWID;

CREATE TABLE image_resources (
    id       INTEGER PRIMARY KEY,
    image_id INTEGER NOT NULL REFERENCES version_images (id) ON DELETE CASCADE,
    name     TEXT,
    type     TEXT,
    hash     TEXT,
    weight   REAL
);
CREATE INDEX idx_image_resources_image ON image_resources (image_id);

-- ---------------------------------------------------------------- provenance and negative cache
CREATE TABLE source_responses (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,                           -- civitai, sidecar...
    resource    TEXT NOT NULL,                           -- models/123, model-versions/by-hash/ABC
    status      INTEGER NOT NULL,
    body        TEXT NOT NULL,                           -- the last good response
    fetched_at  TEXT NOT NULL,
    UNIQUE (source, resource)
);

CREATE TABLE hash_lookup_misses (
    hash_type  TEXT NOT NULL,
    hash_value TEXT NOT NULL,
    source     TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    PRIMARY KEY (hash_value, hash_type, source)
) WITHOUT ROWID;

-- ---------------------------------------------------------------- views
CREATE VIEW v_models_with_latest AS
SELECT m.id,
       m.civitai_id,
       m.name,
       m.type,
       m.nsfw,
       c.username        AS creator,
       mv.name           AS latest_version,
       mv.civitai_id     AS latest_version_id,
       mv.base_model,
       m.download_count,
       m.thumbs_up_count
FROM models m
LEFT JOIN creators c ON c.id = m.creator_id
LEFT JOIN model_versions mv ON mv.model_id = m.id AND mv.version_index = 0;

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
                 WHERE tw.version_id = mv.id ORDER BY tw.position)) AS trigger_words
FROM local_files lf
LEFT JOIN model_versions mv ON mv.civitai_id = lf.civitai_version_id
LEFT JOIN models m ON m.civitai_id = lf.civitai_model_id
LEFT JOIN creators c ON c.id = m.creator_id;
