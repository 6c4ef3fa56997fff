package io.tensors.api;

import java.util.Objects;

/**
 * Which local files {@link Catalog#listFiles(ListFilter)} returns, and in which order.
 *
 * @param type the file's kind, case-insensitive: CivitAI's type (Checkpoint, LORA...) when linked, else its
 *     {@link Identity#kind()} or that kind's group ({@code lycoris} for LoHa, LoKr, LoCon and DoRA); null for any
 * @param baseModel base model (SD 1.5, SDXL 1.0, Flux.1 D...), a case-insensitive substring (so a prefix) of the
 *     file's architecture: CivitAI's base model when linked, else what its header and tensors say; null for any
 * @param linked true: only files linked to a CivitAI version; false: only unlinked ones; null: both
 * @param missing true: only files gone from disk; false: only files on disk; null: both
 * @param sort the order, never null
 * @param unsafe true: only files whose safety is {@code unknown} or {@code dangerous}; false: every file
 * @param unidentified true: only files whose kind and architecture are both unknown (not linked, and neither header
 *     nor tensors told); false: any
 */
public record ListFilter(String type, String baseModel, Boolean linked, Boolean missing, Sort sort, boolean unsafe,
        boolean unidentified) {
    /** Every file, by model name. */
    public static final ListFilter ALL = new ListFilter(null, null, null, null, Sort.NAME);

    /** A filter over files of any safety and identity. */
    public ListFilter(String type, String baseModel, Boolean linked, Boolean missing, Sort sort) {
        this(type, baseModel, linked, missing, sort, false, false);
    }

    /** The order of a listing. */
    public enum Sort {
        /** Display name (CivitAI's model name when linked), then path. */
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
