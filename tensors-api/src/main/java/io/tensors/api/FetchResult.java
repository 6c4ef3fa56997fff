package io.tensors.api;

import java.util.Objects;

/** What a {@link ModelSource} answers when asked for a whole model. */
public sealed interface FetchResult {
    /** @param modelJson the model as CivitAI's {@code /api/v1/models/{id}} returns it */
    record Found(String modelJson) implements FetchResult {
        /** @throws NullPointerException when modelJson is null */
        public Found {
            Objects.requireNonNull(modelJson, "modelJson");
        }
    }

    /** A definite "no such model" (a JSON 404): the model is gone from the source. */
    record NotFound() implements FetchResult {}

    /** @param reason one line: what failed and what to do, never containing the API key */
    record Failed(String reason) implements FetchResult {
        /** @throws NullPointerException when reason is null */
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** This source cannot fetch models (a sidecar source). */
    record Unsupported() implements FetchResult {}
}
