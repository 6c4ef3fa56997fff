package io.tensors.engine.store;

/** One {@code version_images} row, keyed by its position in the version's {@code images[]}. */
public record ImageRow(Long civitaiId, int position, String url, String type, Integer width, Integer height,
        Integer nsfwLevel, String hash, boolean hasMeta) {}
