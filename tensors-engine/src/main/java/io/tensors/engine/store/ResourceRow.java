package io.tensors.engine.store;

/** One {@code image_resources} row; {@code id} reuses an existing row (stable ids), null inserts. */
public record ResourceRow(Long id, long imageId, String name, String type, String hash, Double weight) {}
