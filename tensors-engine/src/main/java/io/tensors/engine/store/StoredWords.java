package io.tensors.engine.store;

import java.util.List;

/** A file's own trigger words (file_identity) and their source ({@code header}, {@code guessed}). */
public record StoredWords(List<String> words, String source) {}
