package io.tensors.plugins;

import io.tensors.api.FileQuery;
import io.tensors.api.JsonErrors;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON handling both sources share: strict parsing, id checks, the hashes inside a model version. */
final class CivitaiJson {
    /** Trailing garbage after the value is an error: a half-written or concatenated body is not JSON. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CivitaiJson() {}

    /**
     * @return the parsed value, never null or missing
     * @throws JacksonException when the bytes are not one complete JSON value (empty included)
     */
    static JsonNode parse(byte[] bytes) {
        JsonNode node = MAPPER.readTree(bytes);
        if (node == null || node.isMissingNode()) {
            throw new EmptyJsonException();
        }
        return node;
    }

    static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** @return a short, one-line description of a parse error in plain words, without Jackson's names or location dump */
    static String describe(JacksonException e) {
        return oneLine(JsonErrors.plain(e.getOriginalMessage()), 120);
    }

    /** @return the first line of the text, capped, for one-line reasons */
    static String oneLine(String text, int max) {
        String line = text.strip().lines().findFirst().orElse("").strip();
        return line.length() <= max ? line : line.substring(0, max) + "...";
    }

    /** @return the node as a positive id: an integral number, or a string of digits (some tools write ids as text) */
    static OptionalLong positiveId(JsonNode node) {
        if (node == null) {
            return OptionalLong.empty();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            long id = node.longValue();
            return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
        }
        if (node.isString() && node.stringValue().matches("[0-9]{1,18}")) {
            long id = Long.parseLong(node.stringValue());
            return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** @return the uppercase SHA256 values of a model version's {@code files[].hashes}, in order */
    static Set<String> sha256Hashes(JsonNode version) {
        Set<String> hashes = new LinkedHashSet<>();
        JsonNode files = version.get("files");
        if (files == null || !files.isArray()) {
            return hashes;
        }
        for (JsonNode file : files.values()) {
            String sha = hashValue(file.get("hashes"), "SHA256");
            if (sha != null) {
                hashes.add(sha);
            }
        }
        return hashes;
    }

    /** @return the uppercase value of a hash type in a {@code hashes} object, found ignoring the key's case */
    static String hashValue(JsonNode hashes, String type) {
        if (hashes == null || !hashes.isObject()) {
            return null;
        }
        for (var entry : hashes.properties()) {
            if (entry.getKey().equalsIgnoreCase(type) && entry.getValue().isString()
                    && !entry.getValue().stringValue().isBlank()) {
                return entry.getValue().stringValue().strip().toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** @return the uppercase value of a queried file's hash type, its key matched ignoring case, or null */
    static String hashOf(FileQuery file, String type) {
        for (Map.Entry<String, String> entry : file.hashes().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(type) && !entry.getValue().isBlank()) {
                return entry.getValue().strip().toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** An empty body or file: Jackson returns a missing node rather than failing. */
    static final class EmptyJsonException extends JacksonException {
        private static final long serialVersionUID = 1L;

        EmptyJsonException() {
            super("empty content: no JSON value");
        }
    }
}
