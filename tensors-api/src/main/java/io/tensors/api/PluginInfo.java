package io.tensors.api;

import java.util.List;
import java.util.Objects;

/**
 * One plugin as {@code tsr plugins} lists it: where it came from, whether it works, and the ids it
 * contributes.
 *
 * @param name the plugin's name (its class name when it declares none or could not be asked)
 * @param origin the jar or folder it came from, or {@code class path}
 * @param apiVersion the API version it declares (0 when unknown)
 * @param state whether it loaded, never null
 * @param problem why it failed, what was refused or why it was disabled; null when none
 * @param contributions the ids it took, in the order it offers them
 */
public record PluginInfo(String name, String origin, int apiVersion, State state, String problem,
        List<Contribution> contributions) {
    /** @throws NullPointerException when state or contributions is null */
    public PluginInfo {
        Objects.requireNonNull(state, "state");
        contributions = List.copyOf(contributions);
    }

    /** @return the ids it contributes of one kind, in order */
    public List<String> ids(Kind kind) {
        return contributions.stream().filter(c -> c.kind() == kind).map(Contribution::id).toList();
    }

    /** Whether a plugin works; {@link #text()} is the word listings print. */
    public enum State {
        /** Everything it offers was taken. */
        LOADED("loaded"),
        /** Some of its ids were refused, because other plugins had them first. */
        PARTLY_LOADED("partly loaded"),
        /** It could not be loaded, or every id it offers was refused. */
        FAILED("failed"),
        /** It loaded, then failed at call time: it is not asked again in this run. */
        DISABLED("disabled");

        private final String text;

        State(String text) {
            this.text = text;
        }

        /** @return the word listings print ({@code partly loaded}) */
        public String text() {
            return text;
        }
    }

    /** What a contribution is. */
    public enum Kind {
        /** A {@link HashAlgorithm}. */
        HASH("hash"),
        /** A {@link ModelSourceFactory}. */
        SOURCE("source"),
        /** An {@link Exporter}. */
        EXPORTER("exporter"),
        /** A {@link ModelFormat}. */
        FORMAT("format");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        /** @return the word messages use ({@code hash 'md5' ...}) */
        public String text() {
            return text;
        }
    }

    /**
     * One id a plugin contributes.
     *
     * @param kind what it is, never null
     * @param id its id, in lower case (ids are case-insensitive), never null
     */
    public record Contribution(Kind kind, String id) {
        /** @throws NullPointerException when a component is null */
        public Contribution {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(id, "id");
        }
    }
}
