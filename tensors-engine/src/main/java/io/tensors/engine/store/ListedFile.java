package io.tensors.engine.store;

import java.util.List;

/**
 * One row of {@code tsr db list}: {@code v_local_files_full} with {@code v_file_identity} (CivitAI wins, the file's
 * own identity fills the rest); query/ turns it into the api's LocalFileRow.
 */
public record ListedFile(long id, String filePath, String sha256, long fileSize, long headerSize, long tensorCount,
        String missingSince, Long civitaiModelId, Long civitaiVersionId, String modelName, String modelType,
        String versionName, String baseModel, String creator, List<String> triggerWords, String format,
        String safety, String kind, String kindSource,
        String architecture, String architectureSource, String displayName, String displayNameSource,
        List<String> identityWords, String identityWordsSource) {}
