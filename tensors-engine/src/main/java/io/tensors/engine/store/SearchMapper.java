package io.tensors.engine.store;

import io.tensors.api.ModelHit;
import io.tensors.api.SearchQuery;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Update;
import org.apache.ibatis.annotations.Param;

/**
 * The full-text index of the CivitAI cache ({@code model_search}, migration V2) and the search over it.
 * SQL in SearchMapper.xml, except what is indexed for a model, defined once by {@link #INDEX_FROM_TABLES}:
 * {@link #deleteEntry} + {@link #insertEntry} refresh one model with it, and the full rebuild
 * ({@link SearchIndex}) indexes every model with it.
 * Turning user text into a safe MATCH expression is {@code io.tensors.engine.search}'s job.
 */
public interface SearchMapper {

    /**
     * Indexes models from the tables: name, description without HTML, tags, trained words of every
     * version, creator, version names. Append a WHERE on {@code m.id} for one model.
     */
    /**
     * A model's rowid in the index: the most downloaded models come first in rowid order (the high 32
     * bits count down from the download count), its {@code models.id} is the low 32 bits. A query
     * reads matches in rowid order, so it can stop after the most popular ones (see search).
     */
    String SEARCH_ROWID = "((2147483647 - min(coalesce(download_count, 0), 2147483647)) << 32) | id";

    /** Bits of the index rowid that hold {@code models.id}. */
    long MODEL_ID_BITS = 0xFFFFFFFFL;

    String INDEX_FROM_TABLES = """
            INSERT INTO model_search (rowid, name, description, tags, trigger_words, creator, version_names)
            SELECT m.search_rowid,
                   m.name,
                   m.description_text,
                   (SELECT group_concat(t.name, ', ')
                      FROM model_tags mt JOIN tags t ON t.id = mt.tag_id
                     WHERE mt.model_id = m.id),
                   (SELECT group_concat(tw.word, ', ')
                      FROM model_versions v JOIN trained_words tw ON tw.version_id = v.id
                     WHERE v.model_id = m.id),
                   c.username,
                   (SELECT group_concat(v.name, ', ') FROM model_versions v WHERE v.model_id = m.id)
              FROM models m
              LEFT JOIN creators c ON c.id = m.creator_id
            """;

    /**
     * Indexes models for substring search (migration V5's {@code model_substring}, trigram): what a user may type
     * part of, names, tags, trained words, creator and version names, one per line. Append a WHERE on {@code m.id}
     * for one model.
     */
    String SUBSTRINGS_FROM_TABLES = """
            INSERT INTO model_substring (rowid, text)
            SELECT m.search_rowid,
                   concat_ws(char(10), m.name,
                       (SELECT group_concat(t.name, char(10))
                          FROM model_tags mt JOIN tags t ON t.id = mt.tag_id
                         WHERE mt.model_id = m.id),
                       (SELECT group_concat(tw.word, char(10))
                          FROM model_versions v JOIN trained_words tw ON tw.version_id = v.id
                         WHERE v.model_id = m.id),
                       c.username,
                       (SELECT group_concat(v.name, char(10)) FROM model_versions v WHERE v.model_id = m.id))
              FROM models m
              LEFT JOIN creators c ON c.id = m.creator_id
            """;

    /** Removes the model's substring index row, if any; before {@link #assignSearchRowid}. */
    @org.apache.ibatis.annotations.Delete("DELETE FROM model_substring WHERE rowid = (SELECT search_rowid FROM models WHERE id = #{modelId})")
    int deleteSubstringEntry(@Param("modelId") long modelId);

    /** Indexes the model with {@link #SUBSTRINGS_FROM_TABLES}; after {@link #assignSearchRowid}. */
    @Insert(SUBSTRINGS_FROM_TABLES + " WHERE m.id = #{modelId}")
    int insertSubstringEntry(@Param("modelId") long modelId);

    /** Removes the model's short-term row, if any; before {@link #assignSearchRowid}. */
    @org.apache.ibatis.annotations.Delete("DELETE FROM model_grams WHERE rowid = (SELECT search_rowid FROM models WHERE id = #{modelId})")
    int deleteGramsEntry(@Param("modelId") long modelId);

    /** Indexes the model's short terms ({@link ShortGrams}); after {@link #insertSubstringEntry}. */
    @org.apache.ibatis.annotations.InsertProvider(type = ShortGrams.class, method = "ofModel")
    int insertGramsEntry(@Param("modelId") long modelId);

    /** Stores the description without HTML (what the index reads). */
    int setDescriptionText(@Param("modelId") long modelId, @Param("text") String text);

    /** Removes the model's index row, if any. */
    int deleteEntry(@Param("modelId") long modelId);

    /** Gives the model its index rowid from its current download count; after {@link #deleteEntry}. */
    @Update("UPDATE models SET search_rowid = " + SEARCH_ROWID + " WHERE id = #{modelId}")
    int assignSearchRowid(@Param("modelId") long modelId);

    /** Indexes the model with {@link #INDEX_FROM_TABLES}; call {@link #deleteEntry} and {@link #assignSearchRowid} first. */
    @Insert(INDEX_FROM_TABLES + " WHERE m.id = #{modelId}")
    int insertEntry(@Param("modelId") long modelId);

    /**
     * The best hits for an FTS5 MATCH expression, filters applied before the limit.
     *
     * @param match a MATCH expression built by {@code SearchSyntax}
     * @param q the filters and limit (its text is not used here)
     * @param basePrefix a LIKE pattern for the base model ({@code \} escapes), or null
     * @param filtered whether any filter is set (joins the hits to models before the limit)
     * @param window how many filtered matches, most downloaded first, are ranked
     */
    List<ModelHit> search(@Param("match") String match, @Param("q") SearchQuery q,
            @Param("basePrefix") String basePrefix, @Param("filtered") boolean filtered, @Param("window") int window);

    /**
     * The models holding every term as a substring, most downloaded first; with no terms, every model the filters match.
     *
     * @param match a trigram MATCH expression for the terms of 3 characters or more, or null
     * @param grams a short-term index MATCH expression (ShortGrams) for terms of 1 or 2 letters outside ASCII, or null
     * @param likes LIKE patterns for the other shorter terms ({@code \} escapes)
     * @param excluded LIKE patterns a model must not match
     * @param q the filters and the limit
     * @param basePrefix a LIKE pattern for the base model, or null
     * @param seen CivitAI model ids to leave out (the word search's hits)
     */
    List<ModelHit> substringSearch(@Param("match") String match, @Param("grams") String grams, @Param("likes") List<String> likes,
            @Param("excluded") List<String> excluded, @Param("q") SearchQuery q, @Param("basePrefix") String basePrefix,
            @Param("seen") java.util.Collection<Long> seen);
}
