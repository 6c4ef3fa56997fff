package io.tensors.engine.store;

/** One {@code models} row as CivitAI describes it; null means "not in the response". */
public record ModelRow(long civitaiId, String name, String description, String type, Boolean nsfw,
        Long downloadCount, Long thumbsUpCount, Long thumbsDownCount, Long commentCount, Long favoriteCount,
        Long ratingCount, Double rating, Boolean poi, Boolean minor, Boolean sfwOnly, Integer nsfwLevel,
        String availability, String mode, Boolean allowNoCredit, String allowCommercialUse,
        Boolean allowDerivatives, Boolean allowDifferentLicense, Boolean supportsGeneration, String createdAt,
        String updatedAt) {}
