package io.tensors.engine.store;

/** A cached version of a model. */
public record CachedVersion(long id, long civitaiId, String name) {}
