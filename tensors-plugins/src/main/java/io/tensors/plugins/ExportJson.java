package io.tensors.plugins;

import java.util.List;
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

    /**
     * A value for the text formats: scalars as their text; a list of strings one per line (trigger
     * words hold commas, so no comma-like separator is safe), unless one holds a line break itself;
     * other nested values as compact JSON text.
     */
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
        if (value instanceof List<?> list && list.stream().allMatch(ExportJson::oneLine)) {
            return String.join("\n", list.stream().map(String.class::cast).toList());
        }
        return COMPACT.writeValueAsString(value);
    }

    private static boolean oneLine(Object item) {
        return item instanceof String s && s.indexOf('\n') < 0 && s.indexOf('\r') < 0;
    }
}
