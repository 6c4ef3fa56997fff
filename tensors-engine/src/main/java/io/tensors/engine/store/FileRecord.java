package io.tensors.engine.store;

import java.util.Map;

/**
 * A freshly read file, ready to be written: its row, its hashes by type and its header metadata.
 */
public record FileRecord(
        String filePath,
        String sha256,
        long headerSize,
        long tensorCount,
        long fileSize,
        long mtimeNs,
        String fileKey,
        Map<String, String> hashes,
        Map<String, String> metadata) {
    public FileRecord {
        hashes = Map.copyOf(hashes);
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }
}
