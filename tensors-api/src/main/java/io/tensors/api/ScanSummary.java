package io.tensors.api;

import java.util.List;

/**
 * The outcome of one scan.
 *
 * @param seen files found under the roots
 * @param added files new to the catalog
 * @param changed known files whose content changed and were hashed again
 * @param moved known files found at a new path and kept without hashing again
 * @param unchanged known files whose size and mtime did not change (not read)
 * @param failed files that could not be cataloged; see {@code failures}
 * @param missing catalog files under the roots that are gone from disk and are kept, marked missing
 * @param pruned catalog files under the roots that were gone from disk and whose rows a prune deleted
 * @param bytesHashed bytes read and hashed
 * @param elapsedNanos wall time of the scan
 * @param failures one entry per failed file, never null
 * @param originalReread files the original Python tsr cataloged (no size or mtime stored) that tsr read for the
 *     first time: each is read once, for the hashes the original never computed, and so checked
 * @param originalConfirmed of those, the files whose SHA256 was still the one the original stored: they kept
 *     their CivitAI link (the others are counted here only, as re-read, and lost a link that no longer fits)
 */
public record ScanSummary(
        long seen,
        long added,
        long changed,
        long moved,
        long unchanged,
        long failed,
        long missing,
        long pruned,
        long bytesHashed,
        long elapsedNanos,
        List<ScanFailure> failures,
        long originalReread,
        long originalConfirmed) {
    /** Copies the failure list. */
    public ScanSummary {
        failures = List.copyOf(failures);
    }

    /** The summary as it was before the original tsr's files were counted apart: none (kept for callers built against it). */
    public ScanSummary(long seen, long added, long changed, long moved, long unchanged, long failed, long missing,
            long pruned, long bytesHashed, long elapsedNanos, List<ScanFailure> failures) {
        this(seen, added, changed, moved, unchanged, failed, missing, pruned, bytesHashed, elapsedNanos, failures, 0, 0);
    }

    /** The summary as it was before prunes were counted apart: nothing pruned (kept for callers built against it). */
    public ScanSummary(long seen, long added, long changed, long moved, long unchanged, long failed, long missing,
            long bytesHashed, long elapsedNanos, List<ScanFailure> failures) {
        this(seen, added, changed, moved, unchanged, failed, missing, 0, bytesHashed, elapsedNanos, failures, 0, 0);
    }

    /** @return hashing throughput in MB/s (10^6 bytes) over the whole scan's wall time */
    public double megabytesPerSecond() {
        return elapsedNanos == 0 ? 0 : bytesHashed / 1e6 / (elapsedNanos / 1e9);
    }
}
