package io.tensors.engine.civitai;

import java.util.Objects;

/**
 * One model body to cache.
 *
 * @param resource what was fetched, e.g. {@code models/123}; names the raw response and error messages
 * @param json the model object: a {@code /models/{id}} body or one {@code items[]} element
 */
public record ModelDocument(String resource, String json) {
    public ModelDocument {
        Objects.requireNonNull(resource, "resource");
    }
}
