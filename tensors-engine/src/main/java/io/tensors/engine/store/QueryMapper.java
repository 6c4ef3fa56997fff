package io.tensors.engine.store;

import io.tensors.api.OutdatedFile;
import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Read-only questions about the catalog (list, triggers, prompts, dupes, outdated, stats). SQL in QueryMapper.xml. */
public interface QueryMapper {
    /**
     * @param type case-insensitive kind or kind group, or null
     * @param base a LIKE pattern for the architecture ({@code \} escapes), or null
     * @param linked true / false / null (both)
     * @param missing true / false / null (both)
     * @param sort NAME, SIZE or PATH
     * @param unsafe only files whose safety is not {@code safe}
     * @param unidentified only files whose kind and architecture are unknown
     */
    List<ListedFile> listFiles(@Param("type") String type, @Param("base") String base,
            @Param("linked") Boolean linked, @Param("missing") Boolean missing, @Param("sort") String sort,
            @Param("unsafe") boolean unsafe, @Param("unidentified") boolean unidentified);

    /**
     * Ids of local files on disk whose own search text holds the terms (see QueryMapper.xml), in id order; with no
     * terms, the files the filters match.
     *
     * @param match a trigram MATCH expression for the terms of 3 characters or more, or null
     * @param grams a short-term index MATCH expression (ShortGrams) for terms of 1 or 2 letters outside ASCII, or null
     * @param likes LIKE patterns for the other shorter terms ({@code \\} escapes)
     * @param excluded LIKE patterns the file must not match
     * @param base a LIKE pattern for the architecture, or null
     */
    List<Long> searchOwnText(@Param("match") String match, @Param("grams") String grams, @Param("likes") List<String> likes,
            @Param("excluded") List<String> excluded, @Param("type") String type, @Param("base") String base,
            @Param("tag") String tag, @Param("creator") String creator, @Param("nsfw") Boolean nsfw, @Param("limit") int limit);

    /**
     * Ids of local files linked to a cached model that holds the terms, most downloaded model first.
     *
     * @param fewLinked whether few files are linked ({@link #countLinkedFiles}): picks the faster plan
     */
    List<Long> searchLinkedModels(@Param("match") String match, @Param("grams") String grams, @Param("likes") List<String> likes,
            @Param("excluded") List<String> excluded, @Param("type") String type, @Param("base") String base,
            @Param("tag") String tag, @Param("creator") String creator, @Param("nsfw") Boolean nsfw, @Param("limit") int limit,
            @Param("fewLinked") boolean fewLinked);

    /** @return how many cataloged files are linked to a CivitAI version */
    int countLinkedFiles();

    /** The listed rows of these files, by display name. */
    List<ListedFile> filesById(@Param("ids") Collection<Long> ids);

    List<FileMatch> filesByPath(@Param("paths") Collection<String> paths);

    /** Files with a stored hash starting with {@code prefix} (uppercase hex). */
    List<FileMatch> filesByHashPrefix(@Param("prefix") String prefix);

    /** @return the words in order; empty when the version is not cached or has none */
    List<String> trainedWords(@Param("versionId") long civitaiVersionId);

    /** @return the trigger words the file's own header gave, or null when it has no identity row */
    StoredWords identityWords(@Param("fileId") long fileId);

    /** @return the model's internal id, or null when it is not cached */
    Long cachedModel(@Param("modelId") long civitaiModelId);

    /** @return the model's cached versions, newest first */
    List<CachedVersion> cachedVersions(@Param("model") long modelRowId);

    /** Images of the model (or of one version row) that carry parameters or resources, newest version first. */
    List<PromptImage> promptImages(@Param("model") long modelRowId, @Param("version") Long versionRowId,
            @Param("limit") int limit);

    List<ImageParam> imageParams(@Param("ids") Collection<Long> imageIds);

    List<ImageRes> imageResources(@Param("ids") Collection<Long> imageIds);

    /** Every file on disk with its AutoV3 and link. */
    List<DupeCandidate> dupeCandidates();

    /** @param site the CivitAI base URL without a trailing slash, for the pages of the newer versions */
    List<OutdatedFile> outdated(@Param("site") String site);

    StateTotals stateTotals();

    List<SizeBucket> bytesByType();

    List<SizeBucket> bytesByBaseModel();

    List<SizeBucket> bytesByFormat();
}
