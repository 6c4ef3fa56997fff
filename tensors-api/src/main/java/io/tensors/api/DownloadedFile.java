package io.tensors.api;

/**
 * One file of a {@link DownloadSummary}.
 *
 * @param path where the file is (or its {@code .part}/{@code .bad} when it failed), never null
 * @param modelId the CivitAI model id
 * @param versionId the CivitAI version id
 * @param size the file's size in bytes (what arrived when it failed)
 * @param resumedFrom bytes already on disk from an earlier run, read once to resume the hashes
 * @param received bytes that came over the network in this run
 * @param sha256 the SHA256 of the finished file, or null when it did not finish
 * @param status {@code downloaded}, {@code failed} or {@code skipped}
 * @param reason one line when failed or skipped, else null
 */
public record DownloadedFile(String path, long modelId, long versionId, long size, long resumedFrom, long received,
        String sha256, String status, String reason) {}
