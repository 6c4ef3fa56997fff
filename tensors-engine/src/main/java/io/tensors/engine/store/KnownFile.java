package io.tensors.engine.store;

/**
 * What a rescan needs to know of a cataloged file to decide whether to read it again.
 *
 * @param hashedTypes the hash types its last read computed, sorted and comma-joined; null = the default set
 */
public record KnownFile(long id, String filePath, String sha256, long fileSize, long mtimeNs, String fileKey,
        String missingSince, String hashedTypes) {}
