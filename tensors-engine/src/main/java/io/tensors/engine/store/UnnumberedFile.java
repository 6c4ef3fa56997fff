package io.tensors.engine.store;

/** A file row without a CivitAI id, found again by its name inside its version. */
public record UnnumberedFile(long id, String name) {}
