package io.tensors.api;

import java.util.List;

/**
 * The outcome of {@link Catalog#cache}.
 *
 * @param cached models fetched and stored
 * @param gone models cached before that the source no longer has (their last good data is kept, marked gone)
 * @param failed models that could not be fetched, including those the source does not have and that
 *     were never cached
 * @param problems one line per model that was not cached
 */
public record CacheSummary(long cached, long gone, long failed, List<String> problems) {
    /** Copies the list. */
    public CacheSummary {
        problems = List.copyOf(problems);
    }
}
