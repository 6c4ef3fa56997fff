package io.tensors.engine.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a cached model or version came from.
 *
 * @param source the source's id, e.g. {@code civitai}
 * @param resource what was fetched, e.g. {@code models/123}; names the raw response and error messages
 * @param body the raw response, kept as it came; null when there is none to keep (nothing is saved then)
 * @param fetchedAt when it was fetched
 */
public record SourceResponse(String source, String resource, String body, Instant fetchedAt) {
    public SourceResponse {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }
}
