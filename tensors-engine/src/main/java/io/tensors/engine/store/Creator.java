package io.tensors.engine.store;

/** A model's creator as the source names it. */
public record Creator(String username, String imageUrl) {}
