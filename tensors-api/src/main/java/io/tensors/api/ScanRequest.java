package io.tensors.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Catalog#scan} should do.
 *
 * @param roots the folders (or single files) to scan recursively, never empty
 * @param hashIds the hash algorithm ids or type names to compute, case-insensitive; empty means the
 *     default set (SHA256, AutoV1, AutoV2, AutoV3, CRC32)
 * @param prune delete the rows of files that are gone instead of marking them missing
 * @param threads how many files are hashed at once; 0 means one per processor
 * @param formats the ids of the formats whose file-name endings the walk takes, case-insensitive;
 *     empty means every loaded format. A file taken is still read by the format its content shows.
 */
public record ScanRequest(List<Path> roots, List<String> hashIds, boolean prune, int threads, List<String> formats) {
    /** @throws IllegalArgumentException when no root is given or threads is negative */
    public ScanRequest {
        roots = List.copyOf(roots);
        hashIds = List.copyOf(hashIds);
        formats = List.copyOf(formats);
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("no folder to scan");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0");
        }
    }

    /** A scan of every loaded format's files. */
    public ScanRequest(List<Path> roots, List<String> hashIds, boolean prune, int threads) {
        this(roots, hashIds, prune, threads, List.of());
    }
}
