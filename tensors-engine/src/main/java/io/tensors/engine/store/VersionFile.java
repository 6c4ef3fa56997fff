package io.tensors.engine.store;

/** A {@code version_files} row with the version it belongs to. */
public record VersionFile(long versionId, FileRow f) {}
