package io.tensors.engine.store;

import io.tensors.api.LocalFileRow;
import io.tensors.api.OutdatedFile;
import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Read-only questions about the catalog (list, triggers, prompts, dupes, outdated, stats). SQL in QueryMapper.xml. */
public interface QueryMapper {
    /**
     * @param type case-insensitive model type, or null
     * @param base case-insensitive base model, or null
     * @param linked true / false / null (both)
     * @param missing true / false / null (both)
     * @param sort NAME, SIZE or PATH
     */
    List<LocalFileRow> listFiles(@Param("type") String type, @Param("base") String base,
            @Param("linked") Boolean linked, @Param("missing") Boolean missing, @Param("sort") String sort,
            @Param("unsafe") boolean unsafe);

    List<FileMatch> filesByPath(@Param("paths") Collection<String> paths);

    /** Files with a stored hash starting with {@code prefix} (uppercase hex). */
    List<FileMatch> filesByHashPrefix(@Param("prefix") String prefix);

    /** @return the words in order; empty when the version is not cached or has none */
    List<String> trainedWords(@Param("versionId") long civitaiVersionId);

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
