-- Every model format, not only safetensors. A file's format is the one its content showed (not its
-- name); rows from before V4 were all read as safetensors, which data-only files are: safe.
ALTER TABLE local_files ADD COLUMN format TEXT NOT NULL DEFAULT 'safetensors';
-- what loading the file could do: 'safe', 'unknown' (a pickle importing globals tsr does not know)
-- or 'dangerous' (a pickle importing globals that run commands, open files or load code)
ALTER TABLE local_files ADD COLUMN safety TEXT NOT NULL DEFAULT 'safe'
    CHECK (safety IN ('safe', 'unknown', 'dangerous'));
CREATE INDEX idx_local_files_safety ON local_files (safety) WHERE safety <> 'safe';

-- the globals a pickle imports (module.name), in first-seen order
CREATE TABLE local_file_imports (
    local_file_id INTEGER NOT NULL REFERENCES local_files (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT    NOT NULL,
    PRIMARY KEY (local_file_id, position)
) WITHOUT ROWID;
CREATE INDEX idx_local_file_imports_name ON local_file_imports (name);

-- what a user should be told about a file (a dangerous import, a mislabelled name), worst first
CREATE TABLE local_file_findings (
    local_file_id INTEGER NOT NULL REFERENCES local_files (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    severity      TEXT    NOT NULL,                  -- 'danger' or 'warning'
    message       TEXT    NOT NULL,
    PRIMARY KEY (local_file_id, position)
) WITHOUT ROWID;

-- safetensor_metadata keeps its name and holds every format's metadata (GGUF keys, pickle facts)

DROP VIEW v_local_files_full;
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
                 WHERE tw.version_id = mv.id ORDER BY tw.position)) AS trigger_words,
       lf.format,
       lf.safety
FROM local_files lf
LEFT JOIN model_versions mv ON mv.civitai_id = lf.civitai_version_id
LEFT JOIN models m ON m.civitai_id = lf.civitai_model_id
LEFT JOIN creators c ON c.id = m.creator_id;
