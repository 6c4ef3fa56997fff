package io.tensors.engine.store;

/** One {@code image_generation_params} row. */
public record ParamRow(long imageId, String key, String value) {}
