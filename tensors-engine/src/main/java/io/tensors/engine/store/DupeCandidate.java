package io.tensors.engine.store;

/** A file on disk, with what duplicate detection needs. */
public record DupeCandidate(long id, String filePath, long fileSize, String sha256, String fileKey, String autov3,
        Long civitaiVersionId, String modelName, String versionName) {}
