package io.tensors.engine.safetensors;

import static io.tensors.engine.testing.SafetensorsWriter.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tensors.api.ErrorCode;
import io.tensors.api.SafetensorsHeader;
import io.tensors.api.TensorEntry;
import io.tensors.engine.testing.SafetensorsWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checklist ST-01..ST-39 and ST-V1..ST-V10 of research/reliability.md §1.4. */
final class SafetensorsParserTest {
    /** The README example header: N = 60, not a multiple of 8. */
    private static final String README_HEADER = "{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";

    @TempDir
    Path dir;

    private int fileCounter;

    // ------------------------------------------------------------------ helpers

    private Path file(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("f" + (fileCounter++) + ".safetensors"), bytes);
    }

    private SafetensorsHeader parse(byte[] bytes) throws IOException {
        return SafetensorsParser.read(file(bytes));
    }

    private InvalidSafetensorsException invalid(byte[] bytes) throws IOException {
        Path path = file(bytes);
        InvalidSafetensorsException e = catchThrowableOfType(InvalidSafetensorsException.class,
                () -> SafetensorsParser.read(path));
        assertThat(e).as("expected the file to be rejected").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
        assertThat(e.getMessage()).as("one line, no path").doesNotContain("\n").doesNotContain(dir.toString());
        return e;
    }

    private void assertInvalid(byte[] bytes, String reasonCode, String messagePart) throws IOException {
        InvalidSafetensorsException e = invalid(bytes);
        assertThat(e.reasonCode()).as(e.getMessage()).isEqualTo(reasonCode);
        assertThat(e.getMessage()).contains(messagePart);
    }

    /** A header with one entry for tensor "t", plus the given data. */
    private static byte[] oneTensor(String entryJson, int dataBytes) {
        return withHeader("{\"t\":" + entryJson + "}", dataBytes);
    }

    private static byte[] withHeader(String json, int dataBytes) {
        return raw(json.getBytes(StandardCharsets.UTF_8).length, json, new byte[dataBytes]);
    }

    private static long allocatedBytesOfThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** ST-03/04/05: rejecting an absurd N must not allocate anything near N. */
    private void assertRejectedWithoutAllocating(byte[] bytes, String messagePart) throws IOException {
        Path path = file(bytes);
        long before = allocatedBytesOfThisThread();
        InvalidSafetensorsException e = catchThrowableOfType(InvalidSafetensorsException.class,
                () -> SafetensorsParser.read(path));
        long allocated = allocatedBytesOfThisThread() - before;
        assertThat(e).isNotNull();
        assertThat(e.reasonCode()).isEqualTo(InvalidSafetensorsException.HEADER_TOO_LARGE);
        assertThat(e.getMessage()).contains(messagePart).contains("100000000");
        assertThat(allocated).as("bytes allocated while rejecting").isLessThan(1_000_000);
    }

    // ------------------------------------------------------------------ length field (R1-R3)

    @Test
    void st01_emptyFileIsTooSmall() throws IOException {
        assertInvalid(new byte[0], InvalidSafetensorsException.HEADER_TOO_SMALL,
                "file is 0 bytes; a safetensors file starts with an 8-byte header length");
    }

    @Test
    void st02_sevenBytesIsTooSmall() throws IOException {
        assertInvalid(new byte[7], InvalidSafetensorsException.HEADER_TOO_SMALL, "file is 7 bytes");
    }

    @Test
    void st03_headerAboveTheLimitIsRejectedWithoutAllocating() throws IOException {
        assertRejectedWithoutAllocating(raw(100_000_001L, "{}", new byte[0]), "header length 100000001 exceeds");
    }

    @Test
    void st04_hugeHeaderLengthFromTheReferenceTestIsRejected() throws IOException {
        byte[] bytes = {'<', 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, '{', '}'};
        assertRejectedWithoutAllocating(bytes, Long.toUnsignedString(0xFFFFFF000000003CL));
    }

    @Test
    void st05_maxUnsignedHeaderLengthIsRejected() throws IOException {
        assertRejectedWithoutAllocating(raw(-1L, "{}", new byte[0]), "18446744073709551615");
    }

    @Test
    void st06_headerLongerThanTheFile() throws IOException {
        Path path = file(SafetensorsWriter.lengthField(60));
        long before = allocatedBytesOfThisThread();
        assertThatThrownBy(() -> SafetensorsParser.read(path))
                .isInstanceOfSatisfying(InvalidSafetensorsException.class, e -> assertThat(e.reasonCode())
                        .isEqualTo(InvalidSafetensorsException.HEADER_TRUNCATED))
                .hasMessage("header claims 60 bytes, file has 0 after the length field");
        assertThat(allocatedBytesOfThisThread() - before).isLessThan(1_000_000);
    }

    @Test
    void st07_lyingLengthOnAValidFile() throws IOException {
        byte[] bytes = raw(60, README_HEADER, new byte[16]);
        System.arraycopy(SafetensorsWriter.lengthField(1000), 0, bytes, 0, 8);
        assertInvalid(bytes, InvalidSafetensorsException.HEADER_TRUNCATED,
                "header claims 1000 bytes, file has 76 after the length field");
    }

    // ------------------------------------------------------------------ UTF-8 and JSON (R4, R5, R15)

    @Test
    void st08_headerNotUtf8() throws IOException {
        assertInvalid(raw(SafetensorsWriter.lengthField(1), new byte[] {(byte) 0xFF}, new byte[0]),
                InvalidSafetensorsException.HEADER_NOT_UTF8, "bad byte 0xFF at header byte 0");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"C0AF", "EDA080", "F4908080", "E282"})
    void st08_overlongSurrogateOutOfRangeAndCutSequencesAreNotUtf8(String hex) throws IOException {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] header = raw(new byte[0], "{\"a\":\"".getBytes(StandardCharsets.UTF_8), bad);
        header = raw(new byte[0], header, "\"}".getBytes(StandardCharsets.UTF_8));
        assertInvalid(raw(SafetensorsWriter.lengthField(header.length), header, new byte[0]),
                InvalidSafetensorsException.HEADER_NOT_UTF8, "at header byte 6");
    }

    @Test
    void st09_unfinishedJson() throws IOException {
        assertInvalid(raw(1, "{", new byte[0]), InvalidSafetensorsException.HEADER_NOT_JSON,
                "invalid JSON in header: ");
        assertThat(invalid(raw(1, "{", new byte[0])).getMessage()).contains("at header byte 1")
                .doesNotContain("Source").doesNotContain("REDACTED");
    }

    @Test
    void st10_emptyHeader() throws IOException {
        assertInvalid(raw(0, "", new byte[0]), InvalidSafetensorsException.HEADER_NOT_JSON, "empty");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "\"x\"", "null", "5"})
    void st11_headerNotAnObject(String json) throws IOException {
        assertInvalid(withHeader(json, 0), InvalidSafetensorsException.HEADER_NOT_OBJECT, "must be a JSON object");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"5", "[]", "\"F32\"", "null"})
    void st12_tensorEntryNotAnObject(String entry) throws IOException {
        assertInvalid(oneTensor(entry, 0), InvalidSafetensorsException.TENSOR_ENTRY_INVALID,
                "tensor 't': entry must be an object");
    }

    @ParameterizedTest(name = "missing {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"shape\":[1],\"data_offsets\":[0,4]}           | dtype",
        "{\"dtype\":\"F32\",\"data_offsets\":[0,4]}       | shape",
        "{\"dtype\":\"F32\",\"shape\":[1]}                | data_offsets"})
    void st13_missingField(String entry, String field) throws IOException {
        assertInvalid(oneTensor(entry, 4), InvalidSafetensorsException.TENSOR_FIELD_MISSING,
                "tensor 't': missing field '" + field + "'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"f32", "F128", "Q4_K", "bf16", ""})
    void st14_unknownDtypeIsCaseSensitive(String dtype) throws IOException {
        InvalidSafetensorsException e = invalid(oneTensor(
                "{\"dtype\":\"" + dtype + "\",\"shape\":[1],\"data_offsets\":[0,4]}", 4));
        assertThat(e.reasonCode()).isEqualTo(InvalidSafetensorsException.DTYPE_UNKNOWN);
        assertThat(e.getMessage()).contains("unknown dtype '" + dtype + "'")
                .contains("BOOL, F4, F6_E2M3").contains("BF16").contains("U64");
    }

    @Test
    void st14_dtypeNotAString() throws IOException {
        assertInvalid(oneTensor("{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}", 4),
                InvalidSafetensorsException.DTYPE_UNKNOWN, "dtype must be a string, found the number 32");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[-1]", "[2.0]", "[\"2\"]", "[[2]]", "[null]", "[1e2]", "[-0]", "5", "null", "{}"})
    void st15_invalidShape(String shape) throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"U8\",\"shape\":" + shape + ",\"data_offsets\":[0,2]}", 2),
                InvalidSafetensorsException.SHAPE_INVALID, "tensor 't': shape");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[0]", "[0,16,32]", "[-1,16]", "[0,16.0]", "[]", "[\"0\",16]", "{}", "null", "[0,1.6e1]"})
    void st16_invalidOffsets(String offsets) throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":" + offsets + "}", 16),
                InvalidSafetensorsException.OFFSETS_INVALID, "tensor 't': data_offsets");
    }

    @Test
    void st17_offsetBeyondU64IsRejectedWithoutBigInteger() throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,18446744073709551616]}", 16),
                InvalidSafetensorsException.OFFSETS_INVALID, "[1] = 18446744073709551616 is too large");
    }

    @Test
    void st17_offsetThatFitsU64ButNotALongIsRejected() throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[9223372036854775808,0]}", 16),
                InvalidSafetensorsException.OFFSETS_INVALID, "is too large");
    }

    // ------------------------------------------------------------------ __metadata__ (R6)

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"k\":0}", "{\"k\":{\"a\":1}}", "{\"k\":null}", "{\"k\":true}", "{\"k\":[\"v\"]}"})
    void st18_metadataValueNotAString(String metadata) throws IOException {
        assertInvalid(withHeader("{\"__metadata__\":" + metadata + "}", 0),
                InvalidSafetensorsException.METADATA_NOT_STRING_MAP, "key 'k' must be a string");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[\"k\",\"v\"]", "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", "\"k=v\"", "5"})
    void st19_metadataNotAStringMap(String metadata) throws IOException {
        assertInvalid(withHeader("{\"__metadata__\":" + metadata + "}", 4),
                InvalidSafetensorsException.METADATA_NOT_STRING_MAP, "__metadata__");
    }

    @Test
    void st20_nullMetadataMeansNone() throws IOException {
        SafetensorsHeader header = parse(withHeader(
                "{\"__metadata__\":null,\"t\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2));
        assertThat(header.metadata()).isEmpty();
        assertThat(header.tensors()).extracting(TensorEntry::name).containsExactly("t");
    }

    // ------------------------------------------------------------------ layout (R8-R13)

    @Test
    void st21_twoTensorsOnTheSameBytes() throws IOException {
        assertInvalid(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 16),
                InvalidSafetensorsException.OFFSETS_OVERLAP, "tensors 'a' and 'b' overlap");
    }

    @Test
    void st21_manyTensorsOnTheSameBytes() throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 10; i++) {
            json.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}");
        }
        assertInvalid(withHeader(json.append('}').toString(), 16), InvalidSafetensorsException.OFFSETS_OVERLAP, "overlap");
    }

    @Test
    void st22_gapBetweenTensors() throws IOException {
        assertInvalid(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[20,36]}}", 36),
                InvalidSafetensorsException.OFFSETS_GAP, "gap of 4 bytes before tensor 'b'");
    }

    @Test
    void st23_endBeforeBegin() throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[16,0]}", 16),
                InvalidSafetensorsException.OFFSETS_REVERSED, "tensor 't': data_offsets [16,0] end before they begin");
    }

    @Test
    void st24_firstTensorNotAtZero() throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}", 24),
                InvalidSafetensorsException.OFFSETS_GAP, "it starts at 8, expected 0");
    }

    @Test
    void st25_sizeDoesNotMatchDtypeAndShape() throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,4]}", 4),
                InvalidSafetensorsException.SIZE_MISMATCH, "tensor 't': I32[2,2] needs 16 bytes, offsets give 4");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[2,18446744073709551614]", "[2,9223372036854775807]",
        "[4611686018427387904,4]", "[3037000500,3037000500]", "[2305843009213693952]"})
    void st26_shapeOverflowIsReportedNotWrapped(String shape) throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,16]}", 16),
                InvalidSafetensorsException.SHAPE_OVERFLOW, "overflows 64-bit size arithmetic");
    }

    @Test
    void st27_subByteDtypeNotAWholeNumberOfBytes() throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"F4\",\"shape\":[1,3],\"data_offsets\":[0,2]}", 2),
                InvalidSafetensorsException.SUBBYTE_MISALIGNED, "tensor 't': F4[1,3] is 12 bits");
        assertInvalid(oneTensor("{\"dtype\":\"F6_E2M3\",\"shape\":[3],\"data_offsets\":[0,2]}", 2),
                InvalidSafetensorsException.SUBBYTE_MISALIGNED, "is 18 bits");
    }

    /** Policy: trailing bytes make the file invalid (the polyglot vector), with the count. */
    @Test
    void st28_trailingBytesAfterTheLastTensor() throws IOException {
        byte[] valid = raw(60, README_HEADER, new byte[16]);
        byte[] polyglot = raw(new byte[0], valid, "extra_bogus_data_for_polyglot_file".getBytes(StandardCharsets.US_ASCII));
        assertInvalid(polyglot, InvalidSafetensorsException.TRAILING_BYTES, "34 trailing bytes after the last tensor");
        assertInvalid(raw(2, "{}", new byte[1]), InvalidSafetensorsException.TRAILING_BYTES, "1 trailing byte after");
    }

    @Test
    void st29_truncatedData() throws IOException {
        assertInvalid(raw(60, README_HEADER, new byte[14]), InvalidSafetensorsException.TRUNCATED_DATA,
                "expected 16 data bytes, found 14 (incomplete download?)");
    }

    // ------------------------------------------------------------------ duplicates (R14)

    @Test
    void st30_duplicateTensorNameWithDifferentOffsets() throws IOException {
        assertInvalid(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[16,32]}}", 32),
                InvalidSafetensorsException.DUPLICATE_KEY, "duplicate tensor name 'a' at header byte");
    }

    /** Stricter than the reference, which (by serde semantics) accepts an exact duplicate. */
    @Test
    void st31_exactDuplicateIsRejectedToo() throws IOException {
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

    // ------------------------------------------------------------------ Jackson leniencies (§1.3)

    @Test
    void st32_oldWriterMetadataOnlyBug() throws IOException {
        assertInvalid(withHeader("{},\"__metadata__\":{\"k\":\"v\"}}", 0), InvalidSafetensorsException.HEADER_NOT_JSON,
                "trailing characters after the JSON object at header byte 2; '{},...' is how safetensors 0.4.3");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}xyz", "{}{}", "{} []", "{\"__metadata__\":{}},"})
    void st32_trailingTextAfterTheObject(String json) throws IOException {
        assertInvalid(withHeader(json, 0), InvalidSafetensorsException.HEADER_NOT_JSON,
                "trailing characters after the JSON object at header byte");
    }

    @Test
    void st33_byteOrderMark() throws IOException {
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
    void st34_loneSurrogateEscape(String json) throws IOException {
        // Jackson reports a broken pair in a property name itself; the parser checks the rest.
        assertInvalid(withHeader(json, 0), InvalidSafetensorsException.HEADER_NOT_JSON, "surrogate");
    }

    @Test
    void st34_pairedSurrogateEscapeIsFine() throws IOException {
        SafetensorsHeader header = parse(withHeader("{\"__metadata__\":{\"k\":\"\\ud83d\\ude00\"}}", 0));
        assertThat(header.metadata()).containsEntry("k", "\uD83D\uDE00");
    }

    @Test
    void st35_nulPaddingIsNotWhitespace() throws IOException {
        assertInvalid(raw(SafetensorsWriter.lengthField(4), new byte[] {'{', '}', 0, 0}, new byte[0]),
                InvalidSafetensorsException.HEADER_NOT_JSON, "NUL padding after the JSON object at header byte 2");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\u0000{}", "\u000B{}", "\u000C{}", "\u00A0{}", "{/*c*/}", "{'a':1}", "{\"__metadata__\":{\"k\":\"v\",}}"})
    void nonStandardJsonIsRejected(String json) throws IOException {
        assertInvalid(withHeader(json, 0), InvalidSafetensorsException.HEADER_NOT_JSON, "invalid JSON in header");
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
    void utf16LooksLikeNulBytesNotLikeAnotherCharset() throws IOException {
        byte[] utf16 = "{}".getBytes(StandardCharsets.UTF_16LE);
        assertInvalid(raw(SafetensorsWriter.lengthField(utf16.length), utf16, new byte[0]),
                InvalidSafetensorsException.HEADER_NOT_JSON, "invalid JSON in header");
    }

    // ------------------------------------------------------------------ other formats (ST-36..38)

    @Test
    void st36_htmlErrorPage() throws IOException {
        byte[] html = "<!DOCTYPE html><html><body>404 Not Found</body></html>".getBytes(StandardCharsets.US_ASCII);
        assertInvalid(html, InvalidSafetensorsException.NOT_SAFETENSORS,
                "it starts with \"<!DOC\" and looks like an HTML page");
    }

    @Test
    void st37_gitLfsPointer() throws IOException {
        byte[] pointer = ("version https://git-lfs.github.com/spec/v1\n"
                + "oid sha256:4d7a2f4f0e5b6c1d8e9f00112233445566778899aabbccddeeff001122334455\nsize 2132625894\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertInvalid(pointer, InvalidSafetensorsException.NOT_SAFETENSORS, "looks like a Git LFS pointer");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"504B0304140000000800", "80028A0A6CFC9C46F9206AA8", "80049583000000000000"})
    void st38_zipOrPickleCheckpoint(String hex) throws IOException {
        byte[] start = java.util.HexFormat.of().parseHex(hex);
        byte[] bytes = Arrays.copyOf(start, 256);
        assertInvalid(bytes, InvalidSafetensorsException.NOT_SAFETENSORS,
                "a zip/pickle container (PyTorch .ckpt/.bin), not safetensors");
    }

    @Test
    void plausibleLengthWithoutAKnownSignatureStaysHeaderTooLarge() throws IOException {
        assertInvalid(raw(200_000_000L, "{}", new byte[0]), InvalidSafetensorsException.HEADER_TOO_LARGE,
                "header length 200000000 exceeds the limit of 100000000 bytes");
    }

    // ------------------------------------------------------------------ untrusted text (ST-39)

    @Test
    void st39_escapesAndHugeValuesAreKeptButPrintedSanitized() throws IOException {
        String ansi = "\u001b]0;pwned\u0007title \u001b[31mred\u001b[0m";
        String huge = "x".repeat(10_000_000);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("ansi", ansi);
        metadata.put("huge", huge);
        SafetensorsHeader header = parse(SafetensorsWriter.create().metadata(metadata).toBytes());

        assertThat(header.metadata()).containsEntry("ansi", ansi);
        assertThat(header.metadata().get("huge")).hasSize(10_000_000);
        assertThat(SafetensorsParser.sanitize(header.metadata().get("ansi"), 200)).isEqualTo("title red");
        String shownHuge = SafetensorsParser.sanitize(header.metadata().get("huge"), 200);
        assertThat(shownHuge).hasSize(200).endsWith("…");
    }

    @Test
    void st39_namesQuotedInErrorsAreSanitized() throws IOException {
        String evilName = "\\u001b]0;pwned\\u0007\\u001b[2J" + "n".repeat(500);
        InvalidSafetensorsException e = invalid(withHeader(
                "{\"" + evilName + "\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1));
        assertThat(e.reasonCode()).isEqualTo(InvalidSafetensorsException.DTYPE_UNKNOWN);
        assertThat(e.getMessage()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("pwned")
                .contains("'" + "n".repeat(79) + "…'");
    }

    @Nested
    final class Sanitize {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "plain text               | plain text",
            "`a\u001b[1;31mb\u001b[0mc` | abc",
            "`x\u001b]8;;http://e\u001b\\y` | xy",
            "`a\u009b2Jb`             | ab",
            "`a\u0085b\u0000c\u007fd` | abcd",
            "`tab\there\nnew`         | tab here new",
            "`\u202eevil`             | evil",
            "`ü 日本 \uD83D\uDE00`    | `ü 日本 \uD83D\uDE00`",
            "`a\uD800b`               | a\uFFFDb",
            "`\u001b(Bok`             | ok"})
        void stripsControlsAndEscapeSequences(String input, String expected) {
            assertThat(SafetensorsParser.sanitize(input, 100)).isEqualTo(expected);
        }

        @Test
        void truncatesByCodePointsWithAnEllipsis() {
            assertThat(SafetensorsParser.sanitize("abcdef", 6)).isEqualTo("abcdef");
            assertThat(SafetensorsParser.sanitize("abcdefg", 6)).isEqualTo("abcde…");
            assertThat(SafetensorsParser.sanitize("\uD83D\uDE00".repeat(5), 3)).isEqualTo("\uD83D\uDE00\uD83D\uDE00…");
            assertThat(SafetensorsParser.sanitize("ab", 1)).isEqualTo("…");
            assertThat(SafetensorsParser.sanitize(null, 5)).isEqualTo("null");
        }
    }

    // ------------------------------------------------------------------ valid files (ST-V1..V10)

    @Test
    void v1_readmeExample() throws IOException {
        SafetensorsHeader header = parse(raw(60, README_HEADER, new byte[16]));
        assertThat(header.headerSize()).isEqualTo(60);
        assertThat(header.dataStart()).isEqualTo(68);
        assertThat(header.metadata()).isEmpty();
        assertThat(header.tensors()).containsExactly(new TensorEntry("test", "I32", List.of(2L, 2L), 0, 16));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}", "{}\r\t \n", "\t\n{}\r ", " {\"__metadata__\":{}} "})
    void v2_v3_emptyHeadersWithJsonWhitespace(String json) throws IOException {
        SafetensorsHeader header = parse(withHeader(json, 0));
        assertThat(header.headerSize()).isEqualTo(json.length());
        assertThat(header.tensors()).isEmpty();
        assertThat(header.metadata()).isEmpty();
    }

    @Test
    void v4_zeroSizedTensors() throws IOException {
        SafetensorsHeader one = parse(oneTensor("{\"dtype\":\"I32\",\"shape\":[2,0],\"data_offsets\":[0,0]}", 0));
        assertThat(one.tensors()).containsExactly(new TensorEntry("t", "I32", List.of(2L, 0L), 0, 0));

        SafetensorsHeader two = parse(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[0,5],\"data_offsets\":[0,0]},"
                + "\"c\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                + "\"d\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,4]}}", 4));
        assertThat(two.tensors()).extracting(TensorEntry::name).containsExactly("a", "b", "c", "d");
    }

    @Test
    void v5_scalar() throws IOException {
        SafetensorsHeader header = parse(oneTensor("{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[0,4]}", 4));
        assertThat(header.tensors()).containsExactly(new TensorEntry("t", "I32", List.of(), 0, 4));
    }

    @Test
    void v6_tensorsAreSortedByOffset() throws IOException {
        SafetensorsHeader header = parse(withHeader("{\"z\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[6,8]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]},"
                + "\"m\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", 8));
        assertThat(header.tensors()).containsExactly(
                new TensorEntry("m", "F16", List.of(1L), 0, 2),
                new TensorEntry("a", "U8", List.of(4L), 2, 6),
                new TensorEntry("z", "U8", List.of(2L), 6, 8));
    }

    static Stream<Arguments> everyDtype() {
        return Stream.of(
                Arguments.of("BOOL", 8), Arguments.of("F4", 4), Arguments.of("F6_E2M3", 6), Arguments.of("F6_E3M2", 6),
                Arguments.of("U8", 8), Arguments.of("I8", 8), Arguments.of("F8_E5M2", 8), Arguments.of("F8_E4M3", 8),
                Arguments.of("F8_E8M0", 8), Arguments.of("F8_E4M3FNUZ", 8), Arguments.of("F8_E5M2FNUZ", 8),
                Arguments.of("I16", 16), Arguments.of("U16", 16), Arguments.of("F16", 16), Arguments.of("BF16", 16),
                Arguments.of("I32", 32), Arguments.of("U32", 32), Arguments.of("F32", 32), Arguments.of("C64", 64),
                Arguments.of("F64", 64), Arguments.of("I64", 64), Arguments.of("U64", 64));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyDtype")
    void v7_everyDtype(String dtype, int bits) throws IOException {
        assertThat(SafetensorsParser.dtypeBits(dtype)).hasValue(bits);
        // 4 elements is a whole number of bytes for every bit size (F4: 2 bytes, F6: 3 bytes).
        int bytes = 4 * bits / 8;
        SafetensorsHeader header = parse(SafetensorsWriter.create()
                .tensor("x", dtype, List.of(2L, 2L), new byte[bytes]).toBytes());
        assertThat(header.tensors()).containsExactly(new TensorEntry("x", dtype, List.of(2L, 2L), 0, bytes));
    }

    @Test
    void v7_allDtypesInOneFileAndTheSmallestF4() throws IOException {
        SafetensorsWriter writer = SafetensorsWriter.create().tensor("f4", "F4", List.of(1L, 2L), new byte[1]);
        everyDtype().forEach(a -> writer.tensor("t_" + a.get()[0], (String) a.get()[0], List.of(8L), (int) a.get()[1]));
        SafetensorsHeader header = parse(writer.toBytes());
        assertThat(header.tensors()).hasSize(23);
        assertThat(header.tensors().getFirst()).isEqualTo(new TensorEntry("f4", "F4", List.of(1L, 2L), 0, 1));
        assertThat(header.tensors().getLast().end()).isEqualTo(1 + everyDtype().mapToInt(a -> (int) a.get()[1]).sum());
        assertThat(SafetensorsParser.dtypeBits("f32")).isEmpty();
    }

    @Test
    void v8_nonAsciiMetadataInFileOrder() throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("zeta", "last key first");
        metadata.put("名前", "モデル ü \uD83D\uDE00");
        metadata.put("ss_tag_frequency", "{\"a\": 1}");
        metadata.put("empty", "");
        SafetensorsHeader header = parse(SafetensorsWriter.create().metadata(metadata)
                .tensor("w", "BF16", List.of(3L), new byte[6]).toBytes());
        assertThat(header.metadata()).containsExactlyEntriesOf(metadata);
        assertThat(header.tensors()).containsExactly(new TensorEntry("w", "BF16", List.of(3L), 0, 6));
    }

    @Test
    void v8_emptyMetadataObject() throws IOException {
        SafetensorsHeader header = parse(SafetensorsWriter.create().metadata(Map.of())
                .tensor("w", "U8", List.of(1L), new byte[1]).toBytes());
        assertThat(header.metadata()).isEmpty();
        assertThat(header.tensors()).hasSize(1);
    }

    @Test
    void v9_unknownFieldsInAnEntryAreIgnored() throws IOException {
        SafetensorsHeader header = parse(oneTensor("{\"quant\":{\"scheme\":[1,2.5,\"x\",null,{\"a\":[]}]},"
                + "\"dtype\":\"F16\",\"shape\":[2],\"extra\":true,\"data_offsets\":[0,4],\"note\":\"n\"}", 4));
        assertThat(header.tensors()).containsExactly(new TensorEntry("t", "F16", List.of(2L), 0, 4));
    }

    @Test
    void v10_sparseMultiGigabyteFileReadsOnlyTheHeader() throws IOException {
        long dataSize = 1_500_000_000L;
        byte[] header = SafetensorsWriter.create()
                .metadata("ss_network_dim", "4")
                .tensor("big", "U8", List.of(dataSize), dataSize)
                .header();
        Path path = dir.resolve("sparse.safetensors");
        Files.write(path, raw(SafetensorsWriter.lengthField(header.length), header, new byte[0]));
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(8 + header.length + dataSize); // sparse: no data blocks written
        }

        long before = allocatedBytesOfThisThread();
        SafetensorsHeader parsed = SafetensorsParser.read(path);
        assertThat(allocatedBytesOfThisThread() - before).as("bytes allocated").isLessThan(2_000_000);

        assertThat(parsed.headerSize()).isEqualTo(header.length);
        assertThat(parsed.metadata()).containsExactly(Map.entry("ss_network_dim", "4"));
        assertThat(parsed.tensors()).containsExactly(new TensorEntry("big", "U8", List.of(dataSize), 0, dataSize));
        assertThat(parsed.dataStart() + dataSize).isEqualTo(Files.size(path));
    }

    @Test
    void headerAtTheLimitIsAccepted() throws IOException {
        // N = 100,000,000 with a metadata value over Jackson's default 20M-char string limit and a
        // name over its 50k-char name limit; both must pass.
        Path path = writeHeaderOfMaximumSize(21_000_000, 100_000);
        SafetensorsHeader parsed = SafetensorsParser.read(path);
        assertThat(parsed.headerSize()).isEqualTo(SafetensorsParser.MAX_HEADER_SIZE);
        assertThat(parsed.metadata().get("k")).hasSize(21_000_000);
        assertThat(parsed.tensors().getFirst().name()).hasSize(100_000);
    }

    /** In its own method so the 100 MB buffer is garbage before the parse allocates its own. */
    private Path writeHeaderOfMaximumSize(int valueLength, int nameLength) throws IOException {
        String json = "{\"__metadata__\":{\"k\":\"" + "v".repeat(valueLength) + "\"},\"" + "n".repeat(nameLength)
                + "\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        byte[] header = new byte[(int) SafetensorsParser.MAX_HEADER_SIZE];
        Arrays.fill(header, (byte) ' ');
        byte[] jsonBytes = json.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(jsonBytes, 0, header, 0, jsonBytes.length);
        Path path = dir.resolve("max-header.safetensors");
        try (var out = Files.newOutputStream(path)) {
            out.write(SafetensorsWriter.lengthField(header.length));
            out.write(header);
            out.write(0);
        }
        return path;
    }

    @Test
    void readFromAnOpenChannelUsesTheGivenSizeAndPositionalReads() throws IOException {
        Path path = file(raw(60, README_HEADER, new byte[16]));
        try (var channel = java.nio.channels.FileChannel.open(path)) {
            channel.position(50);
            assertThat(SafetensorsParser.read(channel, 84, "x").tensors()).hasSize(1);
            assertThat(channel.position()).isEqualTo(50);
            // The caller's size decides coverage: a file that grew since is caught as such.
            assertThatThrownBy(() -> SafetensorsParser.read(channel, 83, "x"))
                    .hasMessageContaining("expected 16 data bytes, found 15");
        }
    }

    @Test
    void fileShorterThanTheGivenSizeIsAnIoErrorNamingTheFile() throws IOException {
        Path path = file(raw(60, "{\"t\":", new byte[0])); // the file ends inside the header
        try (var channel = java.nio.channels.FileChannel.open(path)) {
            assertThatThrownBy(() -> SafetensorsParser.read(channel, 10_000, "model.safetensors"))
                    .isInstanceOf(java.io.EOFException.class)
                    .hasMessageStartingWith("model.safetensors: file ended at byte 13");
        }
    }

    private static final String JSON_BYTES = "{}[]\",:0123456789-.e\\u ";

    /** Like the reference's fuzz target: damaged files give our exception, never another. */
    @Test
    void randomlyDamagedFilesFailOnlyWithInvalidSafetensors() throws IOException {
        byte[] valid = SafetensorsWriter.create().metadata("k", "v \u00fc")
                .tensor("a", "F16", List.of(2L, 3L), new byte[12])
                .tensor("b", "F4", List.of(4L), new byte[2])
                .toBytes();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        Path path = dir.resolve("damaged.safetensors");
        int accepted = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = valid.clone();
            int edits = 1 + random.nextInt(3);
            for (int i = 0; i < edits; i++) {
                int at = random.nextInt(bytes.length);
                bytes[at] = switch (random.nextInt(4)) {
                    case 0 -> (byte) random.nextInt(256);
                    case 1 -> (byte) JSON_BYTES.charAt(random.nextInt(JSON_BYTES.length()));
                    case 2 -> (byte) (bytes[at] ^ (1 << random.nextInt(8)));
                    default -> 0;
                };
            }
            int length = random.nextInt(10) == 0 ? random.nextInt(bytes.length + 1) : bytes.length;
            Files.write(path, Arrays.copyOf(bytes, length));
            try {
                SafetensorsParser.read(path);
                accepted++;
            } catch (InvalidSafetensorsException expected) {
                assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
            }
        }
        assertThat(accepted).as("some edits (inside padding or values) keep the file valid").isLessThan(3000);
    }

    // ------------------------------------------------------------------ the writer itself

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {120, 121, 150, 1000, 4097, 1_048_576 * 3 + 5})
    void writeSizedWritesExactlyTheRequestedSize(long totalBytes) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("ss_output_name", "sized");
        Path path = SafetensorsWriter.writeSized(dir.resolve("sized.safetensors"), totalBytes, metadata, 42);
        assertThat(Files.size(path)).isEqualTo(totalBytes);
        SafetensorsHeader header = SafetensorsParser.read(path);
        assertThat(header.metadata()).isEqualTo(metadata);
        assertThat(header.tensors()).singleElement().satisfies(t -> {
            assertThat(t.dtype()).isEqualTo("U8");
            assertThat(t.end()).isEqualTo(totalBytes - header.dataStart());
        });
        byte[] again = Files.readAllBytes(SafetensorsWriter.writeSized(dir.resolve("again.safetensors"), totalBytes, metadata, 42));
        assertThat(again).isEqualTo(Files.readAllBytes(path));
    }

    // ------------------------------------------------------------------ real files (../shared/fixtures)

    /**
     * Header lengths N and file sizes from fixtures/safetensors/SOURCES.md; tensor and metadata
     * counts were counted with Python's json module on the same files.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "lycoris_smart_falcon_4_lokr_kohya.safetensors,   647722, 244262, 1750, 61, 59",
        "lycoris_smart_falcon_8_lokr_kohya.safetensors,  1051080, 244868, 1750, 61, 59",
        "lycoris_smart_falcon_16_lokr_kohya.safetensors, 1859639, 247923, 1750, 61, 59",
        "cloneofsimo_lora_disney.safetensors,            1582501,  34973,  386, 196, 0",
        "cloneofsimo_analog_svd_rank4.safetensors,       3117793,  35033,  384, 194, 0"})
    void realFixtureFiles(String name, long bytes, long n, int tensors, int metadataKeys, int ssKeys) throws IOException {
        Path fixtures = sharedFixtures();
        Path path = fixtures.resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(path), "fixture missing: " + name);

        SafetensorsHeader header = SafetensorsParser.read(path);
        assertThat(Files.size(path)).isEqualTo(bytes);
        assertThat(header.headerSize()).isEqualTo(n);
        assertThat(header.tensors()).hasSize(tensors);
        assertThat(header.metadata()).hasSize(metadataKeys);
        assertThat(header.metadata().keySet().stream().filter(k -> k.startsWith("ss_"))).hasSize(ssKeys);
        assertThat(header.tensors().getLast().end()).isEqualTo(bytes - 8 - n);
    }

    @Test
    void realFalcon4Metadata() throws IOException {
        Path path = sharedFixtures().resolve("lycoris_smart_falcon_4_lokr_kohya.safetensors");
        Assumptions.assumeTrue(Files.isRegularFile(path), "fixture missing: " + path);
        SafetensorsHeader header = SafetensorsParser.read(path);
        assertThat(header.metadata())
                .containsEntry("ss_sd_model_name", "animefull-final-pruned.safetensors")
                .containsEntry("ss_sd_model_hash", "5386e8fb")
                .containsEntry("ss_network_dim", "4")
                .containsEntry("ss_network_alpha", "4.0")
                .containsEntry("ss_network_args", "{\"conv_rank\": \"4\", \"conv_alpha\": \"4\", \"algo\": \"lokr\"}")
                .containsEntry("ss_v2", "False")
                .containsEntry("ss_resolution", "(768, 768)")
                .containsEntry("sshs_model_hash", "150ef207aad02214f69756f53c3fc56efacdf6c79e32dd76e5fcbcf6c6a5350f")
                .containsEntry("sshs_legacy_hash", "e3b0c442");
        assertThat(header.metadata().keySet()).first().isEqualTo("ss_batch_size_per_device");
        assertThat(header.tensors()).allSatisfy(t -> assertThat(t.dtype()).isEqualTo("F16"));
    }

    @Test
    void realDisneyMetadataHasNoKohyaKeys() throws IOException {
        Path path = sharedFixtures().resolve("cloneofsimo_lora_disney.safetensors");
        Assumptions.assumeTrue(Files.isRegularFile(path), "fixture missing: " + path);
        SafetensorsHeader header = SafetensorsParser.read(path);
        assertThat(header.metadata()).containsKey("<s1>");
        assertThat(header.tensors()).allSatisfy(t -> assertThat(t.dtype()).isEqualTo("F32"));
    }

    private static Path sharedFixtures() {
        String shared = System.getProperty("tsr.shared.dir");
        Path fixtures = shared == null ? null : Path.of(shared, "fixtures", "safetensors");
        Assumptions.assumeTrue(fixtures != null && Files.isDirectory(fixtures),
                "../shared/fixtures not present: real-file checks skipped");
        return fixtures;
    }
}
