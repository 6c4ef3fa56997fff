package io.tensors.engine.store;

/** What a rescan needs to know of a cataloged file to decide whether to read it again. */
public record KnownFile(long id, String filePath, String sha256, long fileSize, long mtimeNs, String fileKey,
        String missingSince) {}
