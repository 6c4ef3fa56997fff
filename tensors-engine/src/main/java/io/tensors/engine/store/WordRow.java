package io.tensors.engine.store;

/** One {@code trained_words} row: a word a version was trained on, in its listed order. */
public record WordRow(long versionId, String word, int position) {}
