package io.tensors.engine.store;

import java.util.Map;

/**
 * A freshly read file, ready to be written: its row, its hashes by type and its header metadata.
 *
 * @param hashedTypes the hash type names the read computed, sorted and comma-joined, including those
 *     that came out undefined; null when the record carries no read (a move by stat)
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
        Map<String, String> metadata,
        String hashedTypes) {
    public FileRecord {
        hashes = Map.copyOf(hashes);
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    /** @return this record with other hashed types */
    public FileRecord withHashedTypes(String types) {
        return new FileRecord(filePath, sha256, headerSize, tensorCount, fileSize, mtimeNs, fileKey, hashes, metadata, types);
    }
}
