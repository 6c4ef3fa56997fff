package io.tensors.engine.store;

/** An example image with parameters or resources. */
public record PromptImage(long id, long versionId, String versionName, String url, Integer width, Integer height) {}
