package io.tensors.api;

import java.util.List;

/**
 * A local file's trigger words and where they came from.
 *
 * @param words the words in order, each whole (a word may hold commas); never null, possibly empty
 * @param source {@link Identity.Source#CIVITAI} (the linked version's trained words), {@link Identity.Source#HEADER}
 *     ({@code modelspec.trigger_phrase}) or {@link Identity.Source#GUESSED} (the most frequent caption tags); null
 *     when there are none
 */
public record TriggerWords(List<String> words, Identity.Source source) {
    /** Copies the words. @throws NullPointerException when the words are null */
    public TriggerWords {
        words = List.copyOf(words);
    }
}
