package io.tensors.engine.store;

/** One {@code model_versions} row. */
public record VersionRow(long civitaiId, String name, String baseModel, String baseModelType, String downloadUrl,
        Integer versionIndex, String description, String status, String availability, Integer nsfwLevel,
        String earlyAccessEndsAt, String createdAt, String updatedAt, String publishedAt, Long downloadCount,
        Long thumbsUpCount, Long thumbsDownCount, Long ratingCount, Double rating, String air) {}
