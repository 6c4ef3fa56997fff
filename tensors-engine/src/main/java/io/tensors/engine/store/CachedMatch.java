package io.tensors.engine.store;

/** A cached CivitAI version whose file carries a given hash. */
public record CachedMatch(long modelId, long versionId) {}
