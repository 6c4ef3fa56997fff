package io.tensors.engine.store;

import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/**
 * The CivitAI cache: creators, models, versions and everything under them, plus the raw responses.
 * SQL in ModelMapper.xml. The rows below are already normalized (hash values uppercase, nsfw levels
 * as bitmasks); deciding what goes in them is {@code io.tensors.engine.civitai.ModelIngest}'s job.
 * Child rows go in one static single-row statement each: under the store's BATCH executor consecutive
 * calls become one JDBC batch (one prepare), which is far cheaper than MyBatis {@code <foreach>} rows.
 */
public interface ModelMapper {

    /** One {@code models} row as CivitAI describes it; null means "not in the response". */
    record ModelRow(long civitaiId, String name, String description, String type, Boolean nsfw,
            Long downloadCount, Long thumbsUpCount, Long thumbsDownCount, Long commentCount, Long favoriteCount,
            Long ratingCount, Double rating, Boolean poi, Boolean minor, Boolean sfwOnly, Integer nsfwLevel,
            String availability, String mode, Boolean allowNoCredit, String allowCommercialUse,
            Boolean allowDerivatives, Boolean allowDifferentLicense, Boolean supportsGeneration, String createdAt,
            String updatedAt) {}

    /** The few model fields a standalone version body carries in its {@code model{}} object. */
    record ModelStub(long civitaiId, String name, String type, Boolean nsfw, Boolean poi, String mode) {}

    /** A model row's id and the name it has after the write. */
    record StoredModel(long id, String name) {}

    /** One {@code model_versions} row. */
    record VersionRow(long civitaiId, String name, String baseModel, String baseModelType, String downloadUrl,
            Integer versionIndex, String description, String status, String availability, Integer nsfwLevel,
            String earlyAccessEndsAt, String createdAt, String updatedAt, String publishedAt, Long downloadCount,
            Long thumbsUpCount, Long thumbsDownCount, Long ratingCount, Double rating, String air) {}

    /** A row id and the CivitAI id it stores. */
    record StoredKey(long id, Long civitaiId) {}

    record WordRow(long versionId, String word, int position) {}

    /** One {@code version_files} row. */
    record FileRow(Long civitaiId, String name, Double sizeKb, String format, String fp, String sizeType,
            String type, boolean primary, String downloadUrl, String pickleScanResult, String pickleScanMessage,
            String virusScanResult, String virusScanMessage, String scannedAt) {}

    record VersionFile(long versionId, FileRow f) {}

    /** A file row without a CivitAI id, found again by its name inside its version. */
    record UnnumberedFile(long id, String name) {}

    record HashRow(long fileId, String type, String value) {}

    /** One {@code version_images} row, keyed by its position in the version's {@code images[]}. */
    record ImageRow(Long civitaiId, int position, String url, String type, Integer width, Integer height,
            Integer nsfwLevel, String hash, boolean hasMeta) {}

    record VersionImage(long versionId, ImageRow i) {}

    record StoredImage(long id, long versionId, int position) {}

    record ParamRow(long imageId, String key, String value) {}

    /** One {@code image_resources} row; {@code id} reuses an existing row (stable ids), null inserts. */
    record ResourceRow(Long id, long imageId, String name, String type, String hash, Double weight) {}

    record StoredResourceId(long imageId, long id) {}

    /** Generation params already cached for an image, found again by version and url. */
    record CachedParam(long versionId, String url, String key, String value) {}

    record CachedResource(long versionId, String url, String name, String type, String hash, Double weight) {}

    /** Inserts the creator or refreshes its image; returns its id. */
    long upsertCreator(@Param("username") String username, @Param("imageUrl") String imageUrl);

    /** Inserts or overwrites the model (clearing gone_since); returns its id and name. */
    StoredModel upsertModel(@Param("m") ModelRow model, @Param("creatorId") Long creatorId,
            @Param("source") String source, @Param("cachedAt") String cachedAt);

    /** Creates a model known only from a version body; an existing model is left as it is. */
    StoredModel ensureModel(@Param("m") ModelStub model, @Param("source") String source);

    int markGone(@Param("civitaiId") long civitaiModelId, @Param("when") String when);

    int saveResponse(@Param("source") String source, @Param("resource") String resource,
            @Param("status") int status, @Param("body") String body, @Param("fetchedAt") String fetchedAt);

    int deleteModelTags(@Param("modelId") long modelId);

    int insertTags(@Param("names") Collection<String> names);

    int linkTags(@Param("modelId") long modelId, @Param("names") Collection<String> names);

    /** Inserts or overwrites a version from a model's {@code modelVersions[]}. */
    int upsertVersion(@Param("modelId") long modelId, @Param("v") VersionRow version);

    /** Inserts a version from a standalone body, or fills in what it says and keeps what it lacks (index...). */
    int mergeVersion(@Param("modelId") long modelId, @Param("v") VersionRow version);

    List<StoredKey> versionIds(@Param("civitaiIds") Collection<Long> civitaiIds);

    /** Sets {@code version_index} NULL on the model's versions other than {@code keep}: no longer listed, never the latest. */
    int unlistOtherVersions(@Param("modelId") long modelId, @Param("keep") Collection<Long> keepIds);

    /**
     * Deletes the model's versions other than {@code keep} (their files, images... cascade), except
     * those a local file is linked to.
     */
    int deleteOtherVersions(@Param("modelId") long modelId, @Param("keep") Collection<Long> keepIds);

    int deleteTrainedWords(@Param("versionIds") Collection<Long> versionIds);

    int insertTrainedWord(WordRow word);

    /** Inserts or updates a file that has a CivitAI id. */
    int upsertFile(VersionFile file);

    /** The row ids of the versions' files that have a CivitAI id. */
    List<StoredKey> fileIds(@Param("versionIds") Collection<Long> versionIds);

    /** Inserts a file without a CivitAI id; returns its row id. */
    long insertFile(@Param("versionId") long versionId, @Param("f") FileRow file);

    int updateFile(@Param("id") long id, @Param("versionId") long versionId, @Param("f") FileRow file);

    List<UnnumberedFile> unnumberedFiles(@Param("versionId") long versionId);

    int deleteOtherFiles(@Param("versionIds") Collection<Long> versionIds, @Param("keep") Collection<Long> keepIds);

    int deleteHashes(@Param("versionIds") Collection<Long> versionIds);

    int insertHash(HashRow hash);

    /** Inserts or updates an image by (version, position). */
    int upsertImage(VersionImage image);

    List<StoredImage> imageIds(@Param("versionIds") Collection<Long> versionIds);

    int deleteOtherImages(@Param("versionIds") Collection<Long> versionIds, @Param("keep") Collection<Long> keepIds);

    int deleteParams(@Param("versionIds") Collection<Long> versionIds);

    int insertParam(ParamRow param);

    /** Existing resource ids of the versions' images, oldest first, so a rewrite can reuse them. */
    List<StoredResourceId> resourceIds(@Param("versionIds") Collection<Long> versionIds);

    /** Overwrites the resource row {@code id} in place, or inserts a new row when {@code id} is null. */
    int upsertResource(ResourceRow resource);

    int deleteResources(@Param("ids") Collection<Long> ids);

    /** The versions' cached params by image url, to keep when a new body has no meta for that image. */
    List<CachedParam> cachedParams(@Param("versionIds") Collection<Long> versionIds);

    List<CachedResource> cachedResources(@Param("versionIds") Collection<Long> versionIds);
}
