-- Offline full-text search over the CivitAI cache (`tsr db search`): an FTS5 index kept in step with
-- the cached models.
--
-- Design:
-- * models.description_text holds the description with its HTML removed. SQL cannot strip HTML well,
--   so tsr fills it (io.tensors.engine.store.HtmlText): ModelWriter on every model write, and for
--   catalogs that already had models, the Java step CatalogStore runs right after this file
--   (io.tensors.engine.store.SearchIndex.rebuild).
-- * SearchMapper.INDEX_FROM_TABLES (Java) is the ONE definition of what is indexed for a model: name,
--   plain-text description, tags, trained words of all versions, creator, version names. The per-model
--   refresh and the full rebuild both use it, so they cannot disagree. (Not a view: the catalog's views
--   are the seed's.)
-- * model_search is contentless with contentless_delete=1 (SQLite >= 3.43; tsr bundles a newer one): the text already lives in
--   the tables, the index stores only the inverted lists, and a row is deleted by rowid alone (an
--   external-content table would need the OLD values to delete, which are gone once tags or versions
--   changed). rowid = models.search_rowid (popularity order, see below). bm25 works on it; highlight/snippet do not (not needed).
-- * tokenizer unicode61 with remove_diacritics 2 (café = cafe); prefix indexes of 2 and 3 characters
--   make short prefix queries ("an"*) cheap.
-- * ModelWriter refreshes a model's row in the same transaction as the model write; a model row
--   deleted by anything else takes its index row with it (trigger below).

ALTER TABLE models ADD COLUMN description_text TEXT;        -- description without HTML, for search
-- the model's rowid in model_search: most downloaded first, then models.id in the low 32 bits
-- (SearchMapper.SEARCH_ROWID), so a query can rank only the most popular matches of a very common word
ALTER TABLE models ADD COLUMN search_rowid INTEGER;

CREATE VIRTUAL TABLE model_search USING fts5(
    name, description, tags, trigger_words, creator, version_names,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER models_search_delete AFTER DELETE ON models
BEGIN
    DELETE FROM model_search WHERE rowid = old.search_rowid;
END;
