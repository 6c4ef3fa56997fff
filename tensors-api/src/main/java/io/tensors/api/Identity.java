package io.tensors.api;

import java.util.List;
import java.util.Objects;

/**
 * What a local file is, with where each value came from: CivitAI when the file is linked, else its
 * header metadata, its tensor names and shapes, or its file name.
 *
 * @param kind the kind id ({@code checkpoint}, {@code diffusion-model}, {@code lora}, {@code locon},
 *     {@code loha}, {@code lokr}, {@code dora}, {@code embedding}, {@code vae}, {@code controlnet},
 *     {@code t2i-adapter}, {@code ip-adapter}, {@code clip-vision}, {@code text-encoder}, {@code upscaler},
 *     {@code other}; a linked file's CivitAI type as CivitAI names it), or null when unknown
 * @param architecture the base model ({@code SD 1.x}, {@code SDXL}, {@code Pony}, {@code Flux.1}...; a linked
 *     file's CivitAI base model as CivitAI names it), or null when unknown
 * @param displayName a name to show, never null (the file name when nothing better is known)
 * @param triggerWords words that trigger the model, in order; never null, possibly empty
 * @param sources where each value came from, never null
 */
public record Identity(String kind, String architecture, String displayName, List<String> triggerWords, Sources sources) {
    /** @throws NullPointerException when the name, words or sources are null */
    public Identity {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(sources, "sources");
        triggerWords = List.copyOf(triggerWords);
    }

    /** @return whether neither the kind nor the architecture is known */
    public boolean unidentified() {
        return kind == null && architecture == null;
    }

    /**
     * Where each value of an identity came from; null for a value that is unknown.
     *
     * @param kind where the kind came from
     * @param architecture where the architecture came from
     * @param displayName where the display name came from, never null
     * @param triggerWords where the words came from; null when there are none
     */
    public record Sources(Source kind, Source architecture, Source displayName, Source triggerWords) {
        /** @throws NullPointerException when the display name's source is null */
        public Sources {
            Objects.requireNonNull(displayName, "displayName");
        }
    }

    /** Where a value came from. */
    public enum Source {
        /** The CivitAI version the file is linked to. */
        CIVITAI("civitai"),
        /** The file's header metadata (kohya {@code ss_*}, {@code modelspec.*}, GGUF {@code general.*}). */
        HEADER("header"),
        /** The names and shapes of the file's tensors. */
        TENSORS("tensors"),
        /** The file's name. */
        FILE_NAME("file name"),
        /** Guessed: the most frequent tags of the training captions ({@code ss_tag_frequency}). */
        GUESSED("guessed");

        private final String text;

        Source(String text) {
            this.text = text;
        }

        /** @return the word the catalog stores and listings print ({@code header}) */
        public String text() {
            return text;
        }

        /** @return {@link #text()}, so listings and JSON print the word */
        @Override
        public String toString() {
            return text;
        }

        /** @return the source stored as {@code text}, or null for null or an unknown word */
        public static Source of(String text) {
            for (Source s : values()) {
                if (s.text.equals(text)) {
                    return s;
                }
            }
            return null;
        }
    }
}
