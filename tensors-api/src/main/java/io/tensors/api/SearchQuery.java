package io.tensors.api;

/**
 * A full-text search of the cached CivitAI models ({@code tsr db search}). Filters are applied
 * before {@code limit}; a null filter does not filter.
 *
 * @param text what to look for, never null; blank to list what the filters match. Words are ANDed and each
 *     matches as a prefix ({@code pony} finds "PonyXL"), or anywhere inside a name, tag, trigger word, creator or
 *     version name ({@code weaker} finds "Tweaker", {@code 细节} finds "细节调整LoRA"); {@code a OR b} matches either;
 *     {@code -word} or {@code -"a phrase"} excludes; {@code "a phrase"} matches those words in that order. Any
 *     other character is literal text (no wildcards: {@code %} and {@code _} mean nothing special).
 * @param type model type (Checkpoint, LORA...), case-insensitive, or null; for a local file also its identity's
 *     kind or kind group ({@code lora}, {@code lycoris}...)
 * @param baseModel base model of any of the model's versions (for a local file: its architecture), a
 *     case-insensitive substring, so a prefix too ({@code sdxl} matches "SDXL 1.0" and "SDXL Turbo"), or null
 * @param tag a tag the model has, case-insensitive, or null
 * @param creator the creator's user name, case-insensitive, or null
 * @param nsfw null: no filter (nothing is hidden by default); false: drop models flagged nsfw or
 *     whose nsfw_level has R or above (bitmask >= 4); true: keep only those
 * @param limit at most this many hits, at least 1
 */
public record SearchQuery(String text, String type, String baseModel, String tag, String creator, Boolean nsfw,
        int limit) {
    /** The limit of {@code tsr db search} when none is given. */
    public static final int DEFAULT_LIMIT = 20;

    /** @return a query for {@code text} without filters and the default limit */
    public static SearchQuery of(String text) {
        return new SearchQuery(text, null, null, null, null, null, DEFAULT_LIMIT);
    }
}
