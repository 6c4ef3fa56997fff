package io.tensors.api;

import java.util.List;

/**
 * Every duplicate group of the catalog's files on disk.
 *
 * @param groups SAME_BYTES groups, then SAME_TENSORS, then SAME_VERSION, each by reclaimable bytes
 *     (largest first); a file may be in groups of several kinds
 * @param reclaimableBytes what keeping one copy of each set of connected groups frees: files in
 *     several groups are counted once, so this is not the sum of the groups' figures
 */
public record DuplicateReport(List<DuplicateGroup> groups, long reclaimableBytes) {
    public DuplicateReport {
        groups = List.copyOf(groups);
    }
}
