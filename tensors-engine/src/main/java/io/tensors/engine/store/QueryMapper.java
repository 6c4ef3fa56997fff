package io.tensors.engine.store;

import io.tensors.api.LocalFileRow;
import io.tensors.api.OutdatedFile;
import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Read-only questions about the catalog (list, triggers, prompts, dupes, outdated, stats). SQL in QueryMapper.xml. */
public interface QueryMapper {
    /** A local file found by path or hash; {@code hashType}/{@code hashValue} say which hash matched (null for a path). */
    record FileMatch(long id, String filePath, Long civitaiVersionId, String hashType, String hashValue) {}

    /** A file on disk, with what duplicate detection needs. */
    record DupeCandidate(long id, String filePath, long fileSize, String sha256, String fileKey, String autov3,
            Long civitaiVersionId, String modelName, String versionName) {}

    /** A cached version of a model. */
    record CachedVersion(long id, long civitaiId, String name) {}

    /** An example image with parameters or resources. */
    record PromptImage(long id, long versionId, String versionName, String url, Integer width, Integer height) {}

    /** One generation parameter of an image. */
    record ImageParam(long imageId, String key, String value) {}

    /** One resource of an image. */
    record ImageRes(long imageId, String name, String type, Double weight, String hash) {}

    /** A statistics line. */
    record Bucket(String name, long files, long bytes) {}

    /** Totals by state. */
    record StateTotals(long files, long bytes, long linked, long linkedBytes, long unlinked, long unlinkedBytes,
            long missing, long missingBytes) {}

    /**
     * @param type case-insensitive model type, or null
     * @param base case-insensitive base model, or null
     * @param linked true / false / null (both)
     * @param missing true / false / null (both)
     * @param sort NAME, SIZE or PATH
     */
    List<LocalFileRow> listFiles(@Param("type") String type, @Param("base") String base,
            @Param("linked") Boolean linked, @Param("missing") Boolean missing, @Param("sort") String sort);

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

    List<Bucket> bytesByType();

    List<Bucket> bytesByBaseModel();
}
