package io.tensors.engine.store;

/** One {@code file_hashes} row; the value is uppercase. */
public record HashRow(long fileId, String type, String value) {}
