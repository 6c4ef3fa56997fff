package io.tensors.engine.store;

/** Generation params already cached for an image, found again by version and url. */
public record CachedParam(long versionId, String url, String key, String value) {}
