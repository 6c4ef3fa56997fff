package io.tensors.engine.store;

/** A resource already cached for an image, found again by version and url. */
public record CachedResource(long versionId, String url, String name, String type, String hash, Double weight) {}
