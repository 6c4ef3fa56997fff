package io.tensors.engine.scan;

import java.nio.file.Path;

/** A model file met by the walk, with the attributes that decide whether it must be read. */
record FoundFile(Path path, String pathString, long size, long mtimeNs, String fileKey) {}
