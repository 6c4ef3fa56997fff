package io.tensors.engine.store;

/** One stored header metadata entry of a local file. */
public record MetadataRow(long localFileId, String key, String value) {}
