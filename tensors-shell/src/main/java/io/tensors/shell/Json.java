package io.tensors.shell;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON writer of the command line: snake_case keys in every --json output, so programs see one naming. */
final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // enums that name themselves (Identity.Source: "file name") write that name
            .enable(tools.jackson.databind.cfg.EnumFeature.WRITE_ENUMS_USING_TO_STRING)
            .build();

    private Json() {}

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** @return the values as one JSON array, each object with one more field first, {@code key} = its {@code tag} */
    static String writeTagged(List<Map.Entry<String, Object>> tagged, String key) {
        tools.jackson.databind.node.ArrayNode array = MAPPER.createArrayNode();
        for (Map.Entry<String, Object> e : tagged) {
            tools.jackson.databind.node.ObjectNode node = MAPPER.createObjectNode();
            node.put(key, e.getKey());
            node.setAll((tools.jackson.databind.node.ObjectNode) MAPPER.valueToTree(e.getValue()));
            array.add(node);
        }
        return MAPPER.writeValueAsString(array);
    }

    /** @return {@code value} as a JSON object with one more field, {@code key} (snake_case) = {@code extra} */
    static String writeWith(Object value, String key, Object extra) {
        tools.jackson.databind.node.ObjectNode node = MAPPER.valueToTree(value);
        node.set(key, MAPPER.valueToTree(extra));
        return MAPPER.writeValueAsString(node);
    }
}
