package io.tensors.api;

import java.util.Objects;

/**
 * Which local files {@link Catalog#listFiles(ListFilter)} returns, and in which order.
 *
 * @param type model type (Checkpoint, LORA...), case-insensitive; null for any
 * @param baseModel base model (SD 1.5, SDXL 1.0...), case-insensitive; null for any
 * @param linked true: only files linked to a CivitAI version; false: only unlinked ones; null: both
 * @param missing true: only files gone from disk; false: only files on disk; null: both
 * @param sort the order, never null
 * @param unsafe true: only files whose safety is {@code unknown} or {@code dangerous}; false: every file
 */
public record ListFilter(String type, String baseModel, Boolean linked, Boolean missing, Sort sort, boolean unsafe) {
    /** Every file, by model name. */
    public static final ListFilter ALL = new ListFilter(null, null, null, null, Sort.NAME);

    /** A filter over files of any safety. */
    public ListFilter(String type, String baseModel, Boolean linked, Boolean missing, Sort sort) {
        this(type, baseModel, linked, missing, sort, false);
    }

    /** The order of a listing. */
    public enum Sort {
        /** Model name (unlinked files last), then path. */
        NAME,
        /** Largest file first, then path. */
        SIZE,
        /** Path. */
        PATH
    }

    /** @throws NullPointerException when sort is null */
    public ListFilter {
        Objects.requireNonNull(sort, "sort");
    }
}
