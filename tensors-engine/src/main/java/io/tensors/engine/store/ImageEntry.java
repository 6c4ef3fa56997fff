package io.tensors.engine.store;

/** One example image; {@code meta} null means the source sent no meta at all (not "no params"). */
public record ImageEntry(ImageRow row, ImageMeta meta) {}
