package io.tensors.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jackson 3.1's messages (as its parser gives them) in plain words, without its feature and class names. */
class JsonErrorsTest {
    @Test
    void jacksonMessagesBecomePlainWords() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("Unexpected character (''' (code 39)): was expecting double-quote to start property name",
                "unexpected character ''': was expecting double-quote to start property name");
        cases.put("Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow", "'NaN' is not a JSON number");
        cases.put("Unexpected character ('+' (code 43)) in numeric value: JSON spec does not allow numbers to have plus signs: "
                + "enable `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow",
                "unexpected character '+' in a number: JSON does not allow numbers to have plus signs");
        cases.put("Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as one since Feature "
                + "'ALLOW_COMMENTS' not enabled for parser)", "JSON has no comments");
        cases.put("Unexpected character ('#' (code 35)): expected a valid value (JSON String, Number, Array, Object or token "
                + "'null', 'true' or 'false')",
                "unexpected character '#': expected a valid value (a string in double quotes, a number, an array, an object, true, false or null)");
        cases.put("Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be included in name",
                "a control character (U+000A) must be escaped with a backslash inside a string");
        cases.put("Unrecognized character escape 'q' (code 113)", "unknown escape 'q'");
        cases.put("Trailing token (`JsonToken.START_OBJECT`) found after value (bound as `tools.jackson.databind.JsonNode`): "
                + "not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`", "more text after the end of the JSON value");
        cases.put("Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                "unexpected word 'tru': was expecting (a string in double quotes, a number, an array, an object, true, false or null)");
        cases.put("Unexpected end-of-input within/between Object entries", "the JSON ends too early, inside an object");
        cases.put("Unexpected end-of-input: was expecting closing quote for a string value", "the JSON ends too early, inside a string");
        cases.put("Unexpected end-of-input: expected close marker for Array (start marker at [Source: REDACTED "
                + "(`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); byte offset: #UNKNOWN])", "the JSON ends too early, inside an array");
        cases.put("Duplicate Object property \"a\"", "duplicate key \"a\"");
        cases.put("Number value length (1200) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNumberLength()`)",
                "number value length (1200) exceeds the maximum allowed (1000)");
        cases.put("Document nesting depth (501) exceeds the maximum allowed (500, from `StreamReadConstraints.getMaxNestingDepth()`)",
                "document nesting depth (501) exceeds the maximum allowed (500)");
        cases.put("Invalid UTF-8 start byte 0xff", "invalid UTF-8 start byte 0xff");
        cases.put("Invalid numeric value: Leading zeroes not allowed", "invalid numeric value: Leading zeroes not allowed");
        cases.put("Something new (see `SomeFeature.X`)", "something new");
        cases.put(null, "not valid JSON");
        cases.put("  ", "not valid JSON");
        cases.forEach((jackson, plain) -> assertThat(JsonErrors.plain(jackson)).as(jackson).isEqualTo(plain));
    }
}
