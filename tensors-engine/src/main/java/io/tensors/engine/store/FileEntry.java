package io.tensors.engine.store;

import java.util.Map;

/** One file of a version with its hashes: hash type to uppercase value. */
public record FileEntry(FileRow row, Map<String, String> hashes) {}
