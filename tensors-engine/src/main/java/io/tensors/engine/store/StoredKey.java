package io.tensors.engine.store;

/** A row id and the CivitAI id it stores. */
public record StoredKey(long id, Long civitaiId) {}
