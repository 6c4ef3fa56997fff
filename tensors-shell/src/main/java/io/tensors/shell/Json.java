package io.tensors.shell;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON writer of the command line: snake_case keys in every --json output, so programs see one naming. */
final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Json() {}

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** The value's JSON object with one more key at its end, for {@link #write}. */
    static Object withField(Object value, String key, Object extra) {
        tools.jackson.databind.node.ObjectNode node = MAPPER.valueToTree(value);
        node.set(key, MAPPER.valueToTree(extra));
        return node;
    }
}
