package io.tensors.api;

import java.util.List;
import java.util.Objects;

/** What a {@link ModelSource} answers for one file. */
public sealed interface LookupResult {
    /**
     * The source knows the file.
     *
     * @param versions one version normally; several when one hash matches several versions
     */
    record Found(List<VersionMatch> versions) implements LookupResult {
        /** @throws IllegalArgumentException when empty */
        public Found {
            versions = List.copyOf(versions);
            if (versions.isEmpty()) {
                throw new IllegalArgumentException("Found needs at least one version");
            }
        }
    }

    /** A definite "not known" (CivitAI: a JSON 404); remote misses are remembered for a while. */
    record NotFound() implements LookupResult {}

    /**
     * The source could not answer (network, HTTP error, malformed response): never remembered.
     *
     * @param reason one line: what failed and what to do, never containing the API key
     */
    record Failed(String reason) implements LookupResult {
        /** @throws NullPointerException when reason is null */
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
