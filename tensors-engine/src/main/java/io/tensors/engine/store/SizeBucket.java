package io.tensors.engine.store;

/** A statistics line. */
public record SizeBucket(String name, long files, long bytes) {}
