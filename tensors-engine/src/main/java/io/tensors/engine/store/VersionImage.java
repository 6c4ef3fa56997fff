package io.tensors.engine.store;

/** A {@code version_images} row with the version it belongs to. */
public record VersionImage(long versionId, ImageRow i) {}
