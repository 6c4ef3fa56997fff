package io.tensors.api;

import java.util.List;

/**
 * The outcome of one {@link Catalog#link} run.
 *
 * @param candidates files that were not linked when the run started
 * @param linked files linked by this run
 * @param alreadyLinked files that were linked before the run
 * @param notFound files no source knows (including remembered misses)
 * @param ambiguous files whose hash matches several versions: reported, not linked
 * @param failed files a source could not answer for (network, HTTP errors); asked again next time
 * @param modelsCached models fetched and stored by this run
 * @param modelsFailed matched models that could not be cached: network, HTTP errors, bad bodies (a
 *     later online run tries them again), or a model the source does not have (a sidecar file naming a
 *     deleted model; remembered, not asked again). Not counted: offline, where no source can fetch models
 * @param problems one line per ambiguous file, source failure or model that could not be cached
 */
public record LinkSummary(long candidates, long linked, long alreadyLinked, long notFound, long ambiguous, long failed,
        long modelsCached, long modelsFailed, List<String> problems) {
    /** Copies the list. */
    public LinkSummary {
        problems = List.copyOf(problems);
    }
}
