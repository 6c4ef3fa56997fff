package io.tensors.api;

import java.util.List;

/**
 * Identifies local files as CivitAI model versions and fetches whole models. Created per command by
 * its {@link ModelSourceFactory}; used by one thread at a time.
 */
public interface ModelSource {
    /** @return the id of the factory that made it ({@code civitai}, {@code sidecar}) */
    String id();

    /** @return true when the source uses the network (it is skipped with --offline, and its misses are remembered) */
    boolean remote();

    /**
     * Identifies files, in bulk where the service allows it. A source tries the hash types it
     * supports in its own order of preference (CivitAI: SHA256, then AutoV3).
     *
     * @param files the files, never null
     * @return one result per file, in the same order, never null
     */
    List<LookupResult> lookup(List<FileQuery> files);

    /**
     * Fetches a model with all its versions.
     *
     * @param modelId the CivitAI model id
     * @return the model, a definite not-found, a failure, or {@link FetchResult.Unsupported} (the
     *     default)
     */
    default FetchResult fetchModel(long modelId) {
        return new FetchResult.Unsupported();
    }
}
