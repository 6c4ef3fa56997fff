package io.tensors.engine.identity;

import io.tensors.api.Identity;
import io.tensors.api.Identity.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Identifies one file from its format, header metadata and {@link TensorDigest} alone (never the bytes, never
 * the catalog): kind and architecture by the {@link RuleSet}, display name and trigger words from the header.
 * Thread-safe.
 */
public final class Identifier {
    /** How many of the most frequent caption tags are offered as guessed trigger words. */
    static final int GUESSED_WORDS = 3;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RuleSet rules;

    public Identifier(RuleSet rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public RuleSet rules() {
        return rules;
    }

    /**
     * @param format the format id ({@code safetensors}, {@code gguf}...)
     * @param fileName the file's name, for the display name when the header has none
     */
    public Identity identify(String format, Map<String, String> metadata, TensorDigest digest, String fileName) {
        Decision d = decide(format, metadata, digest);
        String kind = d.kind() == null ? null : d.kind().kind();
        Source kindSource = d.kind() == null ? null : d.kind().fromHeader() ? Source.HEADER : Source.TENSORS;
        String architecture = d.architecture() == null ? null : d.architecture().architecture();
        Source architectureSource = d.architecture() == null ? null
                : d.architecture().fromHeader() ? Source.HEADER : Source.TENSORS;
        String name = firstPresent(metadata, "modelspec.title", "ss_output_name", "general.name");
        Source nameSource = Source.HEADER;
        if (name == null) {
            name = withoutEnding(fileName);
            nameSource = Source.FILE_NAME;
        }
        List<String> words = List.of();
        Source wordsSource = null;
        String phrase = firstPresent(metadata, "modelspec.trigger_phrase");
        if (phrase != null) {
            words = List.of(phrase);
            wordsSource = Source.HEADER;
        } else {
            words = frequentTags(metadata.get("ss_tag_frequency"), GUESSED_WORDS);
            wordsSource = words.isEmpty() ? null : Source.GUESSED;
        }
        return new Identity(kind, architecture, name, words, new Identity.Sources(kindSource, architectureSource, nameSource,
                wordsSource));
    }

    /** The rules that gave the kind and the architecture; null where none held. */
    public record Decision(Rule kind, Rule architecture) {}

    /** @return which rules decide the file's kind and architecture */
    public Decision decide(String format, Map<String, String> metadata, TensorDigest digest) {
        Rule kindRule = first(new Rule.Subject(format, metadata, digest, null), true);
        return new Decision(kindRule, first(new Rule.Subject(format, metadata, digest, kindRule == null ? null : kindRule.kind()), false));
    }

    private Rule first(Rule.Subject subject, boolean forKind) {
        for (Rule rule : rules.rules()) {
            if ((forKind ? rule.kind() : rule.architecture()) != null && rule.holds(subject)) {
                return rule;
            }
        }
        return null;
    }

    private static String firstPresent(Map<String, String> metadata, String... keys) {
        for (String key : keys) {
            String v = metadata.get(key);
            if (v != null && !v.isBlank() && !v.strip().equalsIgnoreCase("none")) {
                return v.strip();
            }
        }
        return null;
    }

    static String withoutEnding(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /**
     * The most frequent tags of kohya's {@code ss_tag_frequency} ({@code {"10_folder": {"tag": count}}}), summed
     * over the folders, most frequent first (ties in first-seen order); empty when absent or not that JSON.
     */
    public static List<String> frequentTags(String tagFrequency, int most) {
        if (tagFrequency == null || tagFrequency.isBlank()) {
            return List.of();
        }
        Map<String, Long> counts = new HashMap<>();
        List<String> order = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(tagFrequency);
            for (JsonNode folder : root.values()) {
                for (Map.Entry<String, JsonNode> tag : folder.properties()) {
                    String word = tag.getKey().strip();
                    if (!word.isEmpty() && tag.getValue().isNumber()) {
                        if (!counts.containsKey(word)) {
                            order.add(word);
                        }
                        counts.merge(word, tag.getValue().asLong(), Long::sum);
                    }
                }
            }
        } catch (JacksonException | IllegalArgumentException | UnsupportedOperationException e) {
            return List.of();
        }
        List<String> sorted = new ArrayList<>(order);
        sorted.sort((a, b) -> Long.compare(counts.get(b), counts.get(a)));
        return List.copyOf(sorted.subList(0, Math.min(most, sorted.size())));
    }
}
