package io.tensors.engine.store;

import java.util.List;

/** One version to cache with its trained words (in order), files and example images. */
public record VersionEntry(VersionRow row, List<String> trainedWords, List<FileEntry> files, List<ImageEntry> images) {}
