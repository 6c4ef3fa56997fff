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
     * @param unidentified only files whose kind and architecture are unknown
     */
    List<ListedFile> listFiles(@Param("type") String type, @Param("base") String base,
            @Param("linked") Boolean linked, @Param("missing") Boolean missing, @Param("sort") String sort,
            @Param("unidentified") boolean unidentified);

    /**
     * Local files on disk matching search terms and filters (see QueryMapper.xml), by display name.
     *
     * @param match a trigram MATCH expression for the terms of 3 characters or more, or null
     * @param likes LIKE patterns for the shorter terms ({@code \} escapes)
     * @param allLikes every term as a LIKE pattern, for the linked model's and version's names
     * @param excluded LIKE patterns the file must not match
     */
    List<ListedFile> searchFiles(@Param("match") String match, @Param("likes") List<String> likes,
            @Param("allLikes") List<String> allLikes, @Param("excluded") List<String> excluded, @Param("type") String type, @Param("base") String base,
            @Param("tag") String tag, @Param("creator") String creator, @Param("nsfw") Boolean nsfw, @Param("limit") int limit);

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
}
