package io.tensors.api;

import java.util.List;

/**
 * Files on disk that hold the same model, by one criterion. A group has at least two copies (two
 * inodes); paths to one inode are one {@link DuplicateFile}.
 *
 * @param kind the criterion
 * @param key the shared SHA256, AutoV3, or CivitAI version id
 * @param label what the files are (model and version name when linked), or null
 * @param files the copies, by path, at least two
 * @param totalBytes the copies' bytes added up
 * @param reclaimableBytes {@code totalBytes} minus the largest copy: what deleting all but one frees
 */
public record DuplicateGroup(Kind kind, String key, String label, List<DuplicateFile> files, long totalBytes,
        long reclaimableBytes) {
    /** Why files are duplicates. */
    public enum Kind {
        /** Identical bytes: the same SHA256. */
        SAME_BYTES,
        /** Identical tensors under a different header: the same AutoV3, several SHA256s. */
        SAME_TENSORS,
        /** Linked to the same CivitAI version, with several SHA256s (fp16 and fp32, pruned...). */
        SAME_VERSION
    }

    public DuplicateGroup {
        files = List.copyOf(files);
    }
}
