package io.tensors.engine.store;

/** An image row id and the place (version, position) that identifies it. */
public record StoredImage(long id, long versionId, int position) {}
