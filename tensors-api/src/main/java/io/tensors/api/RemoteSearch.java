package io.tensors.api;

import java.util.List;
import java.util.Objects;

/**
 * A search of CivitAI's models ({@link Catalog#searchRemote}); null or empty filters are left out.
 *
 * @param query the text, or null
 * @param types model types (Checkpoint, LORA, TextualInversion...), never null
 * @param baseModels base models (SDXL 1.0, Illustrious, Flux.1 D...), never null
 * @param sort CivitAI's sort (Highest Rated, Most Downloaded, Newest...), or null for its default
 * @param period AllTime, Year, Month, Week or Day, or null
 * @param nsfw true to include NSFW models, false or null for safe ones only
 * @param tag a tag, or null
 * @param username a creator, or null
 * @param limit models per page, 1 to 100
 * @param page the page to show, from 1 (pages are walked with CivitAI's cursors)
 * @param all every page from {@code page} on, up to {@link #MAX_PAGES} pages
 */
public record RemoteSearch(String query, List<String> types, List<String> baseModels, String sort, String period,
        Boolean nsfw, String tag, String username, int limit, int page, boolean all) {
    /** The most pages one search walks, so that --all stays polite to CivitAI. */
    public static final int MAX_PAGES = 10;

    /** Copies the lists. */
    public RemoteSearch {
        types = List.copyOf(Objects.requireNonNull(types, "types"));
        baseModels = List.copyOf(Objects.requireNonNull(baseModels, "baseModels"));
    }
}
