package io.tensors.plugins.safetensors;

import static io.tensors.plugins.testing.SafetensorsWriter.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.SafetensorsHeader;
import io.tensors.api.TensorEntry;
import io.tensors.api.TerminalText;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The header as strict JSON: UTF-8, one object and only whitespace after it, tensor entries,
 * {@code __metadata__}, duplicate keys, the leniencies Jackson would allow, and names from the file
 * quoted in messages.
 */
final class JsonHeaderReaderTest extends ParserTestSupport {
    // ------------------------------------------------------------------ UTF-8, JSON and tensor entries

    @Test
    void headerNotUtf8() throws IOException {
        assertInvalid(raw(SafetensorsWriter.lengthField(1), new byte[] {(byte) 0xFF}, new byte[0]),
                InvalidSafetensorsException.HEADER_NOT_UTF8, "bad byte 0xFF at header byte 0");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"C0AF", "EDA080", "F4908080", "E282"})
    void overlongSurrogateOutOfRangeAndCutSequencesAreNotUtf8(String hex) throws IOException {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] header = raw(new byte[0], "{\"a\":\"".getBytes(StandardCharsets.UTF_8), bad);
        header = raw(new byte[0], header, "\"}".getBytes(StandardCharsets.UTF_8));
        assertInvalid(raw(SafetensorsWriter.lengthField(header.length), header, new byte[0]),
                InvalidSafetensorsException.HEADER_NOT_UTF8, "at header byte 6");
    }

    @Test
    void unfinishedJson() throws IOException {
        assertInvalid(raw(1, "{", new byte[0]), InvalidSafetensorsException.HEADER_NOT_JSON,
                "invalid JSON in header: ");
        assertThat(invalid(raw(1, "{", new byte[0])).getMessage()).contains("at header byte 1")
                .doesNotContain("Source").doesNotContain("REDACTED");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"t\":{\"dtype\":\"F32\",\"shape\":[NaN],\"data_offsets\":[0,0]}}", "{/*c*/}",
        "{\"t\":{\"dtype\":\"F32\",\"shape\":[+1],\"data_offsets\":[0,4]}}", "{\"t\n\":1}", "{\"t\":tru}", "{\"t\":"})
    void jsonErrorsNameNoParserInternals(String json) throws IOException {
        InvalidSafetensorsException e = invalid(withHeader(json, 0));
        assertThat(e.reasonCode()).isEqualTo(InvalidSafetensorsException.HEADER_NOT_JSON);
        assertThat(e.getMessage()).startsWith("invalid JSON in header: ").doesNotContain("`").doesNotContain("Feature")
                .doesNotContain("enable").doesNotContain("(code ").doesNotContain("CTRL-CHAR").doesNotContain("JSON String");
    }

    @Test
    void emptyHeader() throws IOException {
        assertInvalid(raw(0, "", new byte[0]), InvalidSafetensorsException.HEADER_NOT_JSON, "empty");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "\"x\"", "null", "5"})
    void headerNotAnObject(String json) throws IOException {
        assertInvalid(withHeader(json, 0), InvalidSafetensorsException.HEADER_NOT_OBJECT, "must be a JSON object");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"5", "[]", "\"F32\"", "null"})
    void tensorEntryNotAnObject(String entry) throws IOException {
        assertInvalid(oneTensor(entry, 0), InvalidSafetensorsException.TENSOR_ENTRY_INVALID,
                "tensor 't': entry must be an object");
    }

    @ParameterizedTest(name = "missing {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"shape\":[1],\"data_offsets\":[0,4]}           | dtype",
        "{\"dtype\":\"F32\",\"data_offsets\":[0,4]}       | shape",
        "{\"dtype\":\"F32\",\"shape\":[1]}                | data_offsets"})
    void missingField(String entry, String field) throws IOException {
        assertInvalid(oneTensor(entry, 4), InvalidSafetensorsException.TENSOR_FIELD_MISSING,
                "tensor 't': missing field '" + field + "'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"f32", "F128", "Q4_K", "bf16", ""})
    void unknownDtypeIsCaseSensitive(String dtype) throws IOException {
        InvalidSafetensorsException e = invalid(oneTensor(
                "{\"dtype\":\"" + dtype + "\",\"shape\":[1],\"data_offsets\":[0,4]}", 4));
        assertThat(e.reasonCode()).isEqualTo(InvalidSafetensorsException.DTYPE_UNKNOWN);
        assertThat(e.getMessage()).contains("unknown dtype '" + dtype + "'")
                .contains("BOOL, F4, F6_E2M3").contains("BF16").contains("U64");
    }

    @Test
    void dtypeNotAString() throws IOException {
        assertInvalid(oneTensor("{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}", 4),
                InvalidSafetensorsException.DTYPE_UNKNOWN, "dtype must be a string, found the number 32");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[-1]", "[2.0]", "[\"2\"]", "[[2]]", "[null]", "[1e2]", "[-0]", "5", "null", "{}"})
    void invalidShape(String shape) throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"U8\",\"shape\":" + shape + ",\"data_offsets\":[0,2]}", 2),
                InvalidSafetensorsException.SHAPE_INVALID, "tensor 't': shape");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[0]", "[0,16,32]", "[-1,16]", "[0,16.0]", "[]", "[\"0\",16]", "{}", "null", "[0,1.6e1]"})
    void invalidOffsets(String offsets) throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":" + offsets + "}", 16),
                InvalidSafetensorsException.OFFSETS_INVALID, "tensor 't': data_offsets");
    }

    @Test
    void offsetBeyondU64IsRejectedWithoutBigInteger() throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,18446744073709551616]}", 16),
                InvalidSafetensorsException.OFFSETS_INVALID, "[1] = 18446744073709551616 is too large");
    }

    @Test
    void offsetThatFitsU64ButNotALongIsRejected() throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[9223372036854775808,0]}", 16),
                InvalidSafetensorsException.OFFSETS_INVALID, "is too large");
    }

    // ------------------------------------------------------------------ __metadata__

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"k\":0}", "{\"k\":{\"a\":1}}", "{\"k\":null}", "{\"k\":true}", "{\"k\":[\"v\"]}"})
    void metadataValueNotAString(String metadata) throws IOException {
        assertInvalid(withHeader("{\"__metadata__\":" + metadata + "}", 0),
                InvalidSafetensorsException.METADATA_NOT_STRING_MAP, "key 'k' must be a string");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[\"k\",\"v\"]", "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", "\"k=v\"", "5"})
    void metadataNotAStringMap(String metadata) throws IOException {
        assertInvalid(withHeader("{\"__metadata__\":" + metadata + "}", 4),
                InvalidSafetensorsException.METADATA_NOT_STRING_MAP, "__metadata__");
    }

    @Test
    void nullMetadataMeansNone() throws IOException {
        SafetensorsHeader header = parse(withHeader(
                "{\"__metadata__\":null,\"t\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2));
        assertThat(header.metadata()).isEmpty();
        assertThat(header.tensors()).extracting(TensorEntry::name).containsExactly("t");
    }

    // ------------------------------------------------------------------ duplicates

    @Test
    void duplicateTensorNameWithDifferentOffsets() throws IOException {
        assertInvalid(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[16,32]}}", 32),
                InvalidSafetensorsException.DUPLICATE_KEY, "duplicate tensor name 'a' at header byte");
    }

    /** Stricter than the reference, which (by serde semantics) accepts an exact duplicate. */
    @Test
    void exactDuplicateIsRejectedToo() throws IOException {
        assertInvalid(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 16),
                InvalidSafetensorsException.DUPLICATE_KEY, "duplicate tensor name 'a'");
    }

    @Test
    void duplicatesInsideMetadataAndEntriesAreRejected() throws IOException {
        assertInvalid(withHeader("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0),
                InvalidSafetensorsException.DUPLICATE_KEY, "duplicate __metadata__ key 'k'");
        assertInvalid(withHeader("{\"__metadata__\":{},\"__metadata__\":{}}", 0),
                InvalidSafetensorsException.DUPLICATE_KEY, "duplicate key '__metadata__'");
        assertInvalid(oneTensor("{\"dtype\":\"F32\",\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}", 4),
                InvalidSafetensorsException.DUPLICATE_KEY, "tensor 't': duplicate field 'dtype'");
    }

    // ------------------------------------------------------------------ what Jackson would allow

    @Test
    void oldWriterMetadataOnlyBug() throws IOException {
        assertInvalid(withHeader("{},\"__metadata__\":{\"k\":\"v\"}}", 0), InvalidSafetensorsException.HEADER_NOT_JSON,
                "trailing characters after the JSON object at header byte 2; '{},...' is how safetensors 0.4.3");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}xyz", "{}{}", "{} []", "{\"__metadata__\":{}},"})
    void trailingTextAfterTheObject(String json) throws IOException {
        assertInvalid(withHeader(json, 0), InvalidSafetensorsException.HEADER_NOT_JSON,
                "trailing characters after the JSON object at header byte");
    }

    @Test
    void byteOrderMark() throws IOException {
        byte[] header = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
        assertInvalid(raw(SafetensorsWriter.lengthField(5), header, new byte[0]),
                InvalidSafetensorsException.HEADER_NOT_JSON, "byte order mark");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"t\\ud800\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}}",
        "{\"__metadata__\":{\"k\":\"v\\udc00\"}}",
        "{\"__metadata__\":{\"k\\ud800x\":\"v\"}}",
        "{\"t\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0],\"extra\":[\"\\ud83d\"]}}"})
    void loneSurrogateEscape(String json) throws IOException {
        // Jackson reports a broken pair in a property name itself; the parser checks the rest.
        assertInvalid(withHeader(json, 0), InvalidSafetensorsException.HEADER_NOT_JSON, "surrogate");
    }

    @Test
    void pairedSurrogateEscapeIsFine() throws IOException {
        SafetensorsHeader header = parse(withHeader("{\"__metadata__\":{\"k\":\"\\ud83d\\ude00\"}}", 0));
        assertThat(header.metadata()).containsEntry("k", "\uD83D\uDE00");
    }

    @Test
    void nulPaddingIsNotWhitespace() throws IOException {
        assertInvalid(raw(SafetensorsWriter.lengthField(4), new byte[] {'{', '}', 0, 0}, new byte[0]),
                InvalidSafetensorsException.HEADER_NOT_JSON, "NUL padding after the JSON object at header byte 2");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\u0000{}", "\u000B{}", "\u000C{}", "\u00A0{}", "{/*c*/}", "{'a':1}", "{\"__metadata__\":{\"k\":\"v\",}}"})
    void nonStandardJsonIsRejected(String json) throws IOException {
        assertInvalid(withHeader(json, 0), InvalidSafetensorsException.HEADER_NOT_JSON, "invalid JSON in header");
    }

    @Test
    void utf16LooksLikeNulBytesNotLikeAnotherCharset() throws IOException {
        byte[] utf16 = "{}".getBytes(StandardCharsets.UTF_16LE);
        assertInvalid(raw(SafetensorsWriter.lengthField(utf16.length), utf16, new byte[0]),
                InvalidSafetensorsException.HEADER_NOT_JSON, "invalid JSON in header");
    }

    // ------------------------------------------------------------------ untrusted text

    @Test
    void escapesAndHugeValuesAreKeptButPrintedSanitized() throws IOException {
        String ansi = "\u001b]0;pwned\u0007title \u001b[31mred\u001b[0m";
        String huge = "x".repeat(10_000_000);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("ansi", ansi);
        metadata.put("huge", huge);
        SafetensorsHeader header = parse(SafetensorsWriter.create().metadata(metadata).toBytes());

        assertThat(header.metadata()).containsEntry("ansi", ansi);
        assertThat(header.metadata().get("huge")).hasSize(10_000_000);
        assertThat(TerminalText.sanitize(header.metadata().get("ansi"), 200)).isEqualTo("title red");
        String shownHuge = TerminalText.sanitize(header.metadata().get("huge"), 200);
        assertThat(shownHuge).hasSize(200).endsWith("…");
    }

    @Test
    void namesQuotedInErrorsAreSanitized() throws IOException {
        String evilName = "\\u001b]0;pwned\\u0007\\u001b[2J" + "n".repeat(500);
        InvalidSafetensorsException e = invalid(withHeader(
                "{\"" + evilName + "\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1));
        assertThat(e.reasonCode()).isEqualTo(InvalidSafetensorsException.DTYPE_UNKNOWN);
        assertThat(e.getMessage()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("pwned")
                .contains("'" + "n".repeat(79) + "…'");
    }
}
