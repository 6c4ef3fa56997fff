package io.tensors.engine.store;

/** An {@code image_resources} row id and its image. */
public record StoredResourceId(long imageId, long id) {}
