package io.tensors.engine.store;

/** One resource of an image. */
public record ImageRes(long imageId, String name, String type, Double weight, String hash) {}
