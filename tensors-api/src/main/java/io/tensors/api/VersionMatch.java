package io.tensors.api;

/**
 * A model version a source says a file is.
 *
 * @param modelId the CivitAI model id
 * @param versionId the CivitAI model version id
 * @param versionJson the version as CivitAI's {@code /api/v1/model-versions/{id}} returns it (with
 *     {@code modelId}, {@code model}, {@code files}, {@code images}), or null when the source only
 *     knows the ids
 * @param matchedBy the hash type (or "sidecar") that matched
 */
public record VersionMatch(long modelId, long versionId, String versionJson, String matchedBy) {}
