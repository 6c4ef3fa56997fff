package io.tensors.api;

import java.util.List;
import java.util.Objects;

/**
 * What {@code tsr db search} found: the local files, then the cached CivitAI models.
 *
 * @param files the local files, as {@link Catalog#searchFiles} gives them
 * @param models the cached models, as {@link Catalog#search} gives them
 * @since API version 2
 */
public record SearchResults(List<LocalFileRow> files, List<ModelHit> models) {
    public SearchResults {
        files = List.copyOf(Objects.requireNonNull(files, "files"));
        models = List.copyOf(Objects.requireNonNull(models, "models"));
    }

    /** @return whether nothing was found */
    public boolean isEmpty() {
        return files.isEmpty() && models.isEmpty();
    }
}
