package io.tensors.engine.store;

import io.tensors.api.ModelHeader.Finding;
import java.util.List;
import java.util.Map;

/**
 * A freshly read file, ready to be written: its row, its hashes by type and its header metadata.
 *
 * @param hashedTypes the hash type names the read computed, sorted and comma-joined, including those
 *     that came out undefined; null when the record carries no read (a move by stat)
 * @param format the id of the format its content showed
 * @param safety what loading it could do: {@code safe}, {@code unknown} or {@code dangerous}
 * @param imports the globals a pickle imports, in first-seen order
 * @param findings what to tell a user about the file, worst first
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
        String hashedTypes,
        String format,
        String safety,
        List<String> imports,
        List<Finding> findings) {
    public FileRecord {
        hashes = Map.copyOf(hashes);
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
        imports = List.copyOf(imports);
        findings = List.copyOf(findings);
    }

    /** A safetensors file's record, as before formats were recorded. */
    public FileRecord(String filePath, String sha256, long headerSize, long tensorCount, long fileSize, long mtimeNs,
            String fileKey, Map<String, String> hashes, Map<String, String> metadata, String hashedTypes) {
        this(filePath, sha256, headerSize, tensorCount, fileSize, mtimeNs, fileKey, hashes, metadata, hashedTypes,
                "safetensors", "safe", List.of(), List.of());
    }

    /** @return this record with other hashed types */
    public FileRecord withHashedTypes(String types) {
        return new FileRecord(filePath, sha256, headerSize, tensorCount, fileSize, mtimeNs, fileKey, hashes, metadata, types,
                format, safety, imports, findings);
    }
}
