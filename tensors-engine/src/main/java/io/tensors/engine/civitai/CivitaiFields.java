package io.tensors.engine.civitai;

import java.util.Locale;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;

/**
 * Lenient readers for CivitAI's JSON field values: every field except ids is optional, and years of
 * API changes left numbers as strings, booleans as 0/1 and nsfw levels in three shapes. Each returns
 * null for a value it cannot read.
 */
final class CivitaiFields {
    private CivitaiFields() {}

    static String commaSeparated(JsonNode node) {
        if (!node.isArray()) {
            return text(node);
        }
        StringJoiner joined = new StringJoiner(",");
        for (JsonNode item : node) {
            if (item.isValueNode() && !item.isNull()) {
                joined.add(item.asString());
            }
        }
        return joined.toString();
    }

    /**
     * The int bitmask (PG=1 ... XXX=16, Blocked=32); 2023 data has the deprecated strings, 2022 data a
     * boolean (true read as Mature, the mildest level that is not safe for work).
     */
    static Integer nsfwLevel(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.intValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? 1 | 2 | 4 : 1;
        }
        if (node.isString()) {
            return switch (node.stringValue().strip().toLowerCase(Locale.ROOT)) {
                case "none" -> 1;
                case "soft" -> 1 | 2;
                case "mature" -> 1 | 2 | 4;
                case "x" -> 1 | 2 | 4 | 8 | 16;
                case "blocked" -> 32;
                default -> null;
            };
        }
        return null;
    }

    static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asString() : null;
    }

    /** Timestamps are kept as CivitAI writes them; a blank one (tool-saved sidecars) is no timestamp. */
    static String timestamp(JsonNode node) {
        return blankToNull(text(node));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static Long integer(JsonNode node) {
        if (node.isNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isString() && node.stringValue().strip().matches("-?\\d{1,18}")) {
            return Long.parseLong(node.stringValue().strip());
        }
        return null;
    }

    static Integer whole(JsonNode node) {
        Long value = integer(node);
        return value == null || value != value.intValue() ? null : value.intValue();
    }

    static Double decimal(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isString()) {
            try {
                return Double.valueOf(node.stringValue().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static Boolean bool(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.asLong() != 0;
        }
        if (node.isString()) {
            String s = node.stringValue().strip();
            return s.equalsIgnoreCase("true") ? Boolean.TRUE : s.equalsIgnoreCase("false") ? Boolean.FALSE : null;
        }
        return null;
    }
}
