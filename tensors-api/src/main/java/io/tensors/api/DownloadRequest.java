package io.tensors.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Catalog#download} fetches and where it puts it.
 *
 * @param versionIds CivitAI version ids, never null (may be empty when another selector is given)
 * @param modelId a CivitAI model id whose version to fetch (the latest for the base model of its files on
 *     disk, else the latest), or null
 * @param hash a hash of a file CivitAI knows (SHA256, AutoV2, AutoV3...), or null
 * @param fileId only this CivitAI file of each version, or null for the primary file
 * @param allFiles every file of each version instead of the primary one
 * @param format only files of this format ({@code safetensors}, {@code pickletensor}, {@code gguf}...), or null
 * @param fp only files of this precision ({@code fp16}, {@code bf16}, {@code fp32}...), or null
 * @param to the library root the layout is relative to, or null for the configured one
 * @param overwrite replace a file of the same name instead of refusing
 * @param parallel how many files at once, at least 1
 * @param outdated also the newest version of every outdated file on disk ({@link Catalog#outdated()}), each
 *     next to the file it replaces
 */
public record DownloadRequest(List<Long> versionIds, Long modelId, String hash, Long fileId, boolean allFiles,
        String format, String fp, Path to, boolean overwrite, int parallel, boolean outdated) {
    /** @throws IllegalArgumentException when parallel is below 1 */
    public DownloadRequest {
        versionIds = List.copyOf(Objects.requireNonNull(versionIds, "versionIds"));
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1");
        }
    }
}
