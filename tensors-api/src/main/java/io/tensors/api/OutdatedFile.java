package io.tensors.api;

/**
 * A local file whose model has a newer cached version for the same base model: one published later
 * (CivitAI's {@code publishedAt}, else its {@code createdAt}; the list position only breaks ties).
 *
 * @param fileId the catalog id
 * @param filePath the path
 * @param modelId the CivitAI model id
 * @param modelName the model's name
 * @param modelType the model's type
 * @param baseModel the base model shared by the local and the latest version, or null when neither has one
 * @param localVersionId the CivitAI version the file is linked to
 * @param localVersionName its name
 * @param localPublishedAt when it was published (ISO-8601 as CivitAI wrote it; its creation time when
 *     CivitAI gave no publication time), or null
 * @param latestVersionId the newest cached version of the model for that base model
 * @param latestVersionName its name
 * @param latestPublishedAt when it was published, as {@code localPublishedAt}, or null
 * @param latestDownloadUrl where CivitAI serves its primary file, or null when the cache has no URL
 * @param latestPageUrl its page on CivitAI ({@code BASE/models/MODEL?modelVersionId=VERSION}, BASE
 *     being the configured CivitAI URL), never null
 * @param newerVersions how many cached versions for that base model are newer than the local one
 */
public record OutdatedFile(
        long fileId,
        String filePath,
        long modelId,
        String modelName,
        String modelType,
        String baseModel,
        long localVersionId,
        String localVersionName,
        String localPublishedAt,
        long latestVersionId,
        String latestVersionName,
        String latestPublishedAt,
        String latestDownloadUrl,
        String latestPageUrl,
        int newerVersions) {}
