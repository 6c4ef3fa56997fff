package io.tensors.engine.link;

/** What fetching and storing one whole model came to; every outcome but {@link Stored} has a problem line. */
sealed interface FetchOutcome {
    /** @return the problem in one line, naming the model; null when the model was stored */
    String problem();

    /** Fetched and stored. */
    record Stored() implements FetchOutcome {
        @Override
        public String problem() {
            return null;
        }
    }

    /** The source no longer has a model cached before: its data is kept, marked gone. */
    record Gone(long modelId, String source) implements FetchOutcome {
        @Override
        public String problem() {
            return "model " + modelId + ": " + source + " no longer has it; its cached data is kept";
        }
    }

    /** The source does not have a model that was never cached: nothing to keep, so it failed. */
    record NotFound(long modelId, String source) implements FetchOutcome {
        @Override
        public String problem() {
            return "model " + modelId + ": not found on " + source + " (never cached)";
        }
    }

    /** The source failed (network, server, a malformed answer). */
    record Failed(long modelId, String source, String reason) implements FetchOutcome {
        @Override
        public String problem() {
            return "model " + modelId + ": " + source + ": " + reason;
        }
    }

    /** No source can fetch models (offline: only local sources). */
    record NoSource(long modelId) implements FetchOutcome {
        @Override
        public String problem() {
            return "model " + modelId + ": no model source can fetch models";
        }
    }
}
