package io.tensors.engine.store;

/**
 * One cached file of a CivitAI version, with what a download needs.
 *
 * @param fileId CivitAI's file id, or null
 * @param sha256 CivitAI's SHA256 of the file (upper case), or null when it has none
 * @param downloadUrl the file's URL, else the version's
 */
public record DownloadableFile(Long fileId, String name, Double sizeKb, String format, String fp, String fileType,
        Boolean primaryFile, String downloadUrl, String sha256, long versionId, String versionName, String baseModel,
        long modelId, String modelName, String modelType) {}
