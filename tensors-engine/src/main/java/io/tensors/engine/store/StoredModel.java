package io.tensors.engine.store;

/** A model row's id and the name it has after the write. */
public record StoredModel(long id, String name) {}
