package io.tensors.engine.store;

/** One generation parameter of an image. */
public record ImageParam(long imageId, String key, String value) {}
