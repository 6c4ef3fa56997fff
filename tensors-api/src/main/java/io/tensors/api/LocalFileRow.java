package io.tensors.api;

import java.util.List;
import java.util.Objects;

/**
 * A local file with what the catalog knows of it: one row of the {@code v_local_files_full} view.
 * CivitAI fields are null until the file is linked.
 *
 * @param id the catalog id
 * @param filePath absolute path, never null
 * @param sha256 uppercase SHA256, never null
 * @param fileSize bytes
 * @param headerSize N, the safetensors header length
 * @param tensorCount tensors in the header
 * @param missingSince when the file was found gone (ISO-8601), or null
 * @param civitaiModelId the linked CivitAI model, or null
 * @param civitaiVersionId the linked CivitAI version, or null
 * @param modelName model name, or null
 * @param modelType model type (Checkpoint, LORA...), or null
 * @param versionName version name, or null
 * @param baseModel base model (SD 1.5, SDXL 1.0...), or null
 * @param creator creator's user name, or null
 * @param triggerWords the version's trained words in order, each whole (a word may hold commas);
 *     empty when the file is not linked or the version has none; never null
 * @param format the id of the format its content showed ({@code safetensors}, {@code gguf}...), never null
 * @param safety what loading it could do: {@code safe}, {@code unknown} or {@code dangerous}, never null
 * @param identity what the file is: the CivitAI values when linked, else what its header and tensors say, each
 *     with its source; never null
 */
public record LocalFileRow(
        long id,
        String filePath,
        String sha256,
        long fileSize,
        long headerSize,
        long tensorCount,
        String missingSince,
        Long civitaiModelId,
        Long civitaiVersionId,
        String modelName,
        String modelType,
        String versionName,
        String baseModel,
        String creator,
        List<String> triggerWords,
        String format,
        String safety,
        Identity identity) {
    /** Copies the words. @throws NullPointerException when the path, hash, words, format, safety or identity are null */
    public LocalFileRow {
        Objects.requireNonNull(filePath, "filePath");
        Objects.requireNonNull(sha256, "sha256");
        triggerWords = List.copyOf(triggerWords);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(safety, "safety");
        Objects.requireNonNull(identity, "identity");
    }

    /** A safetensors file's row, as before formats were recorded, whose identity is its CivitAI values alone. */
    public LocalFileRow(long id, String filePath, String sha256, long fileSize, long headerSize, long tensorCount,
            String missingSince, Long civitaiModelId, Long civitaiVersionId, String modelName, String modelType,
            String versionName, String baseModel, String creator, List<String> triggerWords) {
        this(id, filePath, sha256, fileSize, headerSize, tensorCount, missingSince, civitaiModelId, civitaiVersionId,
                modelName, modelType, versionName, baseModel, creator, triggerWords, "safetensors", "safe",
                civitaiOnly(filePath, modelName, modelType, baseModel, triggerWords));
    }

    private static Identity civitaiOnly(String path, String name, String type, String base, List<String> words) {
        Identity.Source civitai = Identity.Source.CIVITAI;
        String fileName = java.nio.file.Path.of(path).getFileName() == null ? path : java.nio.file.Path.of(path).getFileName().toString();
        return new Identity(type, base, name != null ? name : fileName, words == null ? List.of() : words,
                new Identity.Sources(type == null ? null : civitai, base == null ? null : civitai,
                        name != null ? civitai : Identity.Source.FILE_NAME, words == null || words.isEmpty() ? null : civitai));
    }
}
