-- What each local file is, from the file itself (io.tensors.engine.identity), and a substring search over the local
-- files and the cached models (`tsr db search`).
--
-- * file_identity: one row per local file, written with the file by the scan. tensor_digest is what the rules look
--   at in the tensors (TensorDigest: names with number segments folded, counts, a few shapes; deflated), so a changed
--   rule set identifies every file again from the catalog (with its safetensor_metadata rows), without reading it.
--   NULL: cataloged before this version (the next scan reads the header once); empty: the header could not be read.
--   rules: the fingerprint of the rule set that made the row. Sources are 'header', 'tensors', 'file name', 'guessed'.
-- * v_file_identity: the identity listings use. CivitAI, when the file is linked, wins and says so ('civitai').
-- * file_search and model_substring: FTS5 trigram indexes (substring matches in every script: "weaker" finds
--   "Tweaker"; queries under 3 characters use LIKE on the same tables). file_search rowid = local_files.id;
--   model_substring rowid = models.search_rowid, next to model_search (V2), and holds name, tags, trained words,
--   creator and version names (no descriptions: a substring of a description matches too much).
-- * model_grams and file_grams: the characters and adjacent pairs outside ASCII of those rows (ShortGrams), for terms
--   of one or two characters (细节, ミク) that trigrams cannot index; same rowids.

CREATE TABLE file_identity (
    local_file_id        INTEGER PRIMARY KEY REFERENCES local_files (id) ON DELETE CASCADE,
    kind                 TEXT,                 -- lora, loha, checkpoint... (identity.Kinds)
    kind_group           TEXT,                 -- lycoris for loha, controlnet for t2i-adapter...
    kind_source          TEXT,
    architecture         TEXT,                 -- SD 1.x, SDXL, Pony, Flux.1 D...
    architecture_source  TEXT,
    display_name         TEXT NOT NULL,
    display_name_source  TEXT NOT NULL,
    trigger_words        TEXT,                 -- JSON array
    trigger_words_source TEXT,
    rules                TEXT NOT NULL,
    tensor_digest        BLOB
);
CREATE INDEX idx_file_identity_kind ON file_identity (kind_group, kind);

CREATE VIRTUAL TABLE file_search USING fts5(text, tokenize = 'trigram remove_diacritics 1');
CREATE VIRTUAL TABLE model_substring USING fts5(text, tokenize = 'trigram remove_diacritics 1');
CREATE VIRTUAL TABLE file_grams USING fts5(grams, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE model_grams USING fts5(grams, tokenize = 'unicode61 remove_diacritics 0');

CREATE TRIGGER local_files_search_delete AFTER DELETE ON local_files
BEGIN
    DELETE FROM file_search WHERE rowid = old.id;
    DELETE FROM file_grams WHERE rowid = old.id;
END;

CREATE TRIGGER models_substring_delete AFTER DELETE ON models
BEGIN
    DELETE FROM model_substring WHERE rowid = old.search_rowid;
    DELETE FROM model_grams WHERE rowid = old.search_rowid;
END;

CREATE VIEW v_file_identity AS
SELECT lf.id AS local_file_id,
       coalesce(m.type, fi.kind) AS kind,
       CASE WHEN m.type IS NOT NULL THEN 'civitai' ELSE fi.kind_source END AS kind_source,
       fi.kind_group,
       coalesce(mv.base_model, fi.architecture) AS architecture,
       CASE WHEN mv.base_model IS NOT NULL THEN 'civitai' ELSE fi.architecture_source END AS architecture_source,
       coalesce(m.name, fi.display_name,
                replace(lf.file_path, rtrim(lf.file_path, replace(lf.file_path, '/', '')), '')) AS display_name,
       CASE WHEN m.name IS NOT NULL THEN 'civitai' WHEN fi.display_name IS NOT NULL THEN fi.display_name_source
            ELSE 'file name' END AS display_name_source,
       CASE WHEN EXISTS (SELECT 1 FROM trained_words tw WHERE tw.version_id = mv.id)
            THEN (SELECT json_group_array(word) FROM (SELECT tw.word FROM trained_words tw
                                                       WHERE tw.version_id = mv.id ORDER BY tw.position))
            ELSE fi.trigger_words END AS trigger_words,
       CASE WHEN EXISTS (SELECT 1 FROM trained_words tw WHERE tw.version_id = mv.id) THEN 'civitai'
            ELSE fi.trigger_words_source END AS trigger_words_source
FROM local_files lf
LEFT JOIN model_versions mv ON mv.civitai_id = lf.civitai_version_id
LEFT JOIN models m ON m.civitai_id = lf.civitai_model_id
LEFT JOIN file_identity fi ON fi.local_file_id = lf.id;
CREATE INDEX idx_models_search_rowid ON models (search_rowid);
