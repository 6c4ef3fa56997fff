package io.tensors.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

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

    /**
     * Fetches one version (CivitAI's {@code /api/v1/model-versions/{id}}), to learn its model.
     *
     * @return the version's JSON, a definite not-found, a failure, or {@link FetchResult.Unsupported} (the default)
     */
    default FetchResult fetchVersion(long versionId) {
        return new FetchResult.Unsupported();
    }

    /**
     * One page of the service's model search (CivitAI's {@code /api/v1/models}).
     *
     * @param parameters query parameters in order, each with one or more values, never null
     * @return the page as the service returns it ({@code items} and {@code metadata}), a failure, or
     *     {@link FetchResult.Unsupported} (the default)
     */
    default FetchResult searchModels(Map<String, List<String>> parameters) {
        return new FetchResult.Unsupported();
    }

    /**
     * Starts the transfer of a file. The source follows redirects itself and sends its credentials to its
     * own host only; it retries busy answers (429, 5xx) before the body starts, not a body cut short.
     * Unlike the other methods, it may be called from several threads at once (parallel downloads).
     *
     * @param url the file's download URL on this source, never null
     * @param from the first byte wanted (0 for the whole file)
     * @param ifRange the validator ({@code ETag} or {@code Last-Modified}) the bytes before {@code from}
     *     came with, or null; when it no longer matches the server sends the whole file
     * @return the body, a 416, a failure, or {@link DownloadReply.Unsupported} (the default)
     */
    default DownloadReply download(URI url, long from, String ifRange) {
        return new DownloadReply.Unsupported();
    }
}
