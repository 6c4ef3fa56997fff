package io.tensors.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link Catalog#link} should do.
 *
 * @param offline use the local cache and local (sidecar) sources only
 * @param retryMissing ask remote sources again about files they recently did not know
 * @param missTtl how long a remote "not found" is remembered, never null
 */
public record LinkRequest(boolean offline, boolean retryMissing, Duration missTtl) {
    /** The default: online, remembered misses kept for 7 days. */
    public static final LinkRequest DEFAULT = new LinkRequest(false, false, Duration.ofDays(7));

    /** @throws NullPointerException when missTtl is null */
    public LinkRequest {
        Objects.requireNonNull(missTtl, "missTtl");
    }
}
