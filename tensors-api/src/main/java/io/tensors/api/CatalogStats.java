package io.tensors.api;

import java.util.List;

/**
 * Counts and bytes of the catalog's local files. Files gone from disk count only in
 * {@code byState} ("missing"); every other figure is about files on disk.
 *
 * @param total every file on disk
 * @param byState "linked", "unlinked" (on disk) and "missing", always these three, in this order
 * @param byType by model type, unlinked files under a null name; largest first
 * @param byBaseModel by base model of the linked version, unlinked files (and versions without a
 *     base model) under a null name; largest first
 * @param byFormat by the format the files' content showed ({@code safetensors}, {@code gguf}...); largest first
 */
public record CatalogStats(Bucket total, List<Bucket> byState, List<Bucket> byType, List<Bucket> byBaseModel,
        List<Bucket> byFormat) {
    /**
     * One line of the statistics.
     *
     * @param name what is counted, or null for "unknown"
     * @param files how many files
     * @param bytes their sizes added up
     */
    public record Bucket(String name, long files, long bytes) {}

    public CatalogStats {
        byState = List.copyOf(byState);
        byType = List.copyOf(byType);
        byBaseModel = List.copyOf(byBaseModel);
        byFormat = List.copyOf(byFormat);
    }

    /** Statistics without the formats, as before they were counted. */
    public CatalogStats(Bucket total, List<Bucket> byState, List<Bucket> byType, List<Bucket> byBaseModel) {
        this(total, byState, byType, byBaseModel, List.of());
    }
}
