package io.tensors.plugins;

import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The JSON writers of the exporters: keys as given (the rows' snake_case names), no escaping of non-ASCII. */
final class ExportJson {
    static final JsonMapper COMPACT = JsonMapper.builder()
            .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();
    static final JsonMapper PRETTY = COMPACT.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ExportJson() {}

    /** A nested value as compact JSON text, for the text formats; scalars as their text. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return COMPACT.writeValueAsString(value);
    }
}
