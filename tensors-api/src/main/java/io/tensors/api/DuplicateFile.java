package io.tensors.api;

import java.util.List;

/**
 * One file of a {@link DuplicateGroup}: one copy on disk (one inode), however many paths reach it.
 *
 * @param id the catalog id of the first path
 * @param filePath the first path (by name)
 * @param fileSize bytes
 * @param sha256 uppercase SHA256
 * @param linkedPaths other cataloged paths of the same inode (hard links, symlinked copies): they
 *     share the bytes and are not duplicates; never null
 */
public record DuplicateFile(long id, String filePath, long fileSize, String sha256, List<String> linkedPaths) {
    public DuplicateFile {
        linkedPaths = List.copyOf(linkedPaths);
    }
}
