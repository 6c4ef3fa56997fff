package io.tensors.plugins.gguf;

import static io.tensors.plugins.gguf.GgufWriter.ARRAY;
import static io.tensors.plugins.gguf.GgufWriter.BOOL;
import static io.tensors.plugins.gguf.GgufWriter.INT32;
import static io.tensors.plugins.gguf.GgufWriter.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tensors.api.ErrorCode;
import io.tensors.plugins.gguf.GgufWriter.Value;
import io.tensors.plugins.gguf.InvalidGgufException.Rule;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rule a GGUF header can break: each bad file fails with one line naming what is wrong. */
class GgufValidationTest {
    @TempDir
    Path dir;

    private GgufFiles files;

    @BeforeEach
    void setUp() {
        files = new GgufFiles(dir);
    }

    @Test
    void anotherMagic() {
        refused(new GgufWriter().magic("GGML".getBytes(StandardCharsets.US_ASCII)), Rule.NOT_GGUF,
                "not a GGUF file: it does not start with the bytes 'GGUF'");
        refused("GG".getBytes(StandardCharsets.US_ASCII), Rule.NOT_GGUF, "not a GGUF file");
    }

    @Test
    void versionOneAndUnknownVersions() {
        refused(new GgufWriter().version(1), Rule.VERSION_UNSUPPORTED,
                "GGUF version 1 is not supported (the 2023 draft with 32-bit counts); tsr reads versions 2 and 3: "
                        + "convert the file with a current llama.cpp");
        refused(new GgufWriter().version(1).bigEndian(), Rule.VERSION_UNSUPPORTED, "GGUF version 1 is not supported");
        refused(new GgufWriter().version(4), Rule.VERSION_UNSUPPORTED,
                "GGUF version 4 is not supported; tsr reads versions 2 and 3");
        refused(new GgufWriter().version(0), Rule.VERSION_UNSUPPORTED, "GGUF version 0 is not supported");
        refused(new GgufWriter().version(-1), Rule.VERSION_UNSUPPORTED, "GGUF version 4294967295 is not supported");
    }

    @Test
    void aHeaderCutShort() {
        byte[] whole = new GgufWriter().kv("general.name", Value.string("a model name")).toBytes();
        refused(Arrays.copyOf(whole, 10), Rule.TRUNCATED,
                "the file ends inside the tensor count (it needs 8 bytes at byte 8, the file has 10)");
        refused(Arrays.copyOf(whole, 60), Rule.TRUNCATED,
                "the file ends inside the value of metadata key 'general.name' (it needs 12 bytes at byte 56, the file has 60)");
    }

    @Test
    void countsTheFileHasNoRoomFor() {
        refused(new GgufWriter().kv("a", Value.u8(1)).declaredCounts(0, 1000), Rule.TRUNCATED,
                "the header claims 0 tensors and 1000 metadata entries; the file (64 bytes) has no room for them");
        refused(new GgufWriter().kv("a", Value.arrayDeclared(INT32, 1000, Value.i32(1))), Rule.TRUNCATED,
                "the value of metadata key 'a': an array of 1000 int32 needs at least 4000 bytes, the file has");
    }

    @Test
    void countsAboveTheirBounds() {
        refused(new GgufWriter().declaredCounts(1_000_001, 0), Rule.COUNT_TOO_LARGE,
                "tensor count 1000001 exceeds the limit of 1000000");
        refused(new GgufWriter().declaredCounts(0, -1), Rule.COUNT_TOO_LARGE,
                "metadata count 18446744073709551615 exceeds the limit of 1000000");
        refused(new GgufWriter().kv("a", Value.arrayDeclared(STRING, 1L << 40)), Rule.COUNT_TOO_LARGE,
                "the value of metadata key 'a': an array of 1099511627776 elements exceeds the limit of 67108864");
    }

    @Test
    void unknownValueTypes() {
        refused(new GgufWriter().kv("a", Value.raw(13, new byte[8])), Rule.VALUE_TYPE_UNKNOWN,
                "the value of metadata key 'a' has the unknown value type 13 (known: 0-12)");
        refused(new GgufWriter().kv("a", Value.raw(-1, new byte[8])), Rule.VALUE_TYPE_UNKNOWN,
                "the value of metadata key 'a' has the unknown value type 4294967295 (known: 0-12)");
        refused(new GgufWriter().kv("a", Value.array(99)), Rule.VALUE_TYPE_UNKNOWN,
                "the value of metadata key 'a' has the unknown value type 99 (known: 0-12)");
    }

    @Test
    void boolsOtherThanZeroOrOne() {
        refused(new GgufWriter().kv("a", Value.rawBool(2)), Rule.BOOL_INVALID,
                "the value of metadata key 'a': a bool is 2; it must be 0 or 1");
        Value[] many = Collections.nCopies(40, Value.bool(true)).toArray(Value[]::new);
        many[39] = Value.rawBool(255);
        refused(new GgufWriter().kv("flags", Value.array(BOOL, many)), Rule.BOOL_INVALID,
                "the value of metadata key 'flags': a bool is 255; it must be 0 or 1");
    }

    @Test
    void stringsAboveTheirBounds() {
        refused(new GgufWriter().kv("a", Value.stringDeclared(1L << 40, new byte[0])), Rule.STRING_TOO_LONG,
                "the value of metadata key 'a': a string of 1099511627776 bytes exceeds the limit of 67108864");
        refused(new GgufWriter().kv("a", Value.array(STRING, Value.stringDeclared(-1, new byte[0]))), Rule.STRING_TOO_LONG,
                "the value of metadata key 'a': a string of 18446744073709551615 bytes exceeds the limit of 67108864");
        refused(new GgufWriter().kv("k".repeat(65_536), Value.u8(1)), Rule.STRING_TOO_LONG,
                "the key of metadata entry 0 is 65536 bytes long; a key has at most 65535");
        refused(new GgufWriter().tensor("t".repeat(1025), GgmlType.F32, 1), Rule.STRING_TOO_LONG,
                "the name of tensor info 0 is 1025 bytes long; tsr allows at most 1024");
        assertThatCode(() -> files.read(new GgufWriter().tensor("t".repeat(1024), GgmlType.F32, 1)))
                .doesNotThrowAnyException();
    }

    @Test
    void stringsThatAreNotUtf8() {
        byte[][] bad = {
            {(byte) 0xC3, 0x28}, // a lead byte without its continuation
            {(byte) 0xC0, (byte) 0x80}, // overlong NUL
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            {'o', 'k', (byte) 0xE2, (byte) 0x82}, // cut at the end
            {(byte) 0xFF},
        };
        for (byte[] bytes : bad) {
            refused(new GgufWriter().kv("a", Value.stringBytes(bytes)), Rule.STRING_NOT_UTF8,
                    "the value of metadata key 'a': the string is not valid UTF-8 (at byte");
        }
        refused(new GgufWriter().kv(new byte[] {'k', (byte) 0xC3}, Value.u8(1)), Rule.STRING_NOT_UTF8,
                "the key of metadata entry 0: the string is not valid UTF-8 (at byte 1 of 2)");
        refused(new GgufWriter().tensor(new byte[] {(byte) 0x80}, 0, 0, 4, 1), Rule.STRING_NOT_UTF8,
                "the name of tensor info 0: the string is not valid UTF-8 (at byte 0 of 1)");
        Value[] vocabulary = new Value[1000];
        Arrays.fill(vocabulary, Value.string("token"));
        vocabulary[999] = Value.stringBytes(new byte[] {'t', (byte) 0xC3});
        refused(new GgufWriter().kv("tokenizer.ggml.tokens", Value.array(STRING, vocabulary)), Rule.STRING_NOT_UTF8,
                "the value of metadata key 'tokenizer.ggml.tokens': the string is not valid UTF-8 (at byte 1 of 2)");
    }

    @Test
    void emptyKeysAndKeysWithNul() {
        refused(new GgufWriter().kv("", Value.u8(1)), Rule.KEY_INVALID, "the key of metadata entry 0 is empty");
        refused(new GgufWriter().kv("general.name", Value.u8(1)).kv("a\0b", Value.u8(1)), Rule.KEY_INVALID,
                "metadata key 'a\\0b' holds a NUL byte");
    }

    @Test
    void duplicateKeys() {
        refused(new GgufWriter().kv("general.name", Value.string("a")).kv("general.name", Value.string("b")),
                Rule.DUPLICATE_KEY, "metadata key 'general.name' appears twice");
    }

    @Test
    void arraysNestedTooDeep() {
        Value nested = Value.array(INT32, Value.i32(1));
        for (int depth = 2; depth <= 9; depth++) {
            nested = Value.array(ARRAY, nested);
        }
        refused(new GgufWriter().kv("deep", nested), Rule.ARRAY_TOO_DEEP,
                "the value of metadata key 'deep': arrays nested more than 8 deep");
    }

    @Test
    void moreMetadataTextThanTheBound() throws IOException {
        byte[] bytes = new GgufWriter().kv("a", Value.string("x".repeat(600))).kv("b", Value.string("y".repeat(600)))
                .toBytes();
        Path file = Files.write(dir.resolve("large.gguf"), bytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            InvalidGgufException e = catchThrowableOfType(InvalidGgufException.class,
                    () -> GgufReader.read(channel, channel.size(), 1000));
            assertThat(e.rule()).isEqualTo(Rule.METADATA_TOO_LARGE);
            assertThat(e).hasMessage("the value of metadata key 'b': the metadata text passes the limit of 1000 characters");
            assertThat(GgufReader.MAX_METADATA_CHARS).isEqualTo(128L << 20);
        }
    }

    @Test
    void alignmentsThatAreNotAUint32PowerOfTwo() {
        for (int bad : new int[] {0, 3, 48, 1 << 21}) {
            refused(new GgufWriter().kv("general.alignment", Value.u32(bad)), Rule.ALIGNMENT_INVALID,
                    "general.alignment is " + bad + "; it must be a power of two up to 1048576");
        }
        refused(new GgufWriter().kv("general.alignment", Value.u32(-2147483648L)), Rule.ALIGNMENT_INVALID,
                "general.alignment is 2147483648; it must be a power of two up to 1048576");
        refused(new GgufWriter().kv("general.alignment", Value.u64(32)), Rule.ALIGNMENT_INVALID,
                "general.alignment has the type uint64; it must be a uint32");
        refused(new GgufWriter().kv("general.alignment", Value.string("32")), Rule.ALIGNMENT_INVALID,
                "general.alignment has the type string; it must be a uint32");
    }

    @Test
    void emptyTensorNamesAndNamesWithNul() {
        refused(new GgufWriter().tensor(new byte[0], 0, 0, 4, 1), Rule.TENSOR_NAME_INVALID,
                "the name of tensor info 0 is empty");
        refused(new GgufWriter().tensor("a\0b", GgmlType.F32, 1), Rule.TENSOR_NAME_INVALID,
                "tensor name 'a\\0b' holds a NUL byte");
    }

    @Test
    void duplicateTensorNames() {
        refused(new GgufWriter().tensor("w", GgmlType.F32, 1).tensor("w", GgmlType.F32, 1), Rule.DUPLICATE_TENSOR,
                "tensor name 'w' appears twice");
    }

    @Test
    void dimensions() {
        refused(new GgufWriter().tensor("w", GgmlType.F32, 1, 1, 1, 1, 1), Rule.DIMENSIONS_INVALID,
                "tensor 'w' has 5 dimensions; GGUF allows at most 4");
        refused(new GgufWriter().tensor("w".getBytes(StandardCharsets.UTF_8), 0, 0, 4, 1, -1), Rule.DIMENSIONS_INVALID,
                "tensor 'w': dimension 1 is 18446744073709551615, above the limit of 9223372036854775807");
        refused(new GgufWriter().tensor("w".getBytes(StandardCharsets.UTF_8), 0, 0, 4, 1L << 32, 1L << 31),
                Rule.DIMENSIONS_INVALID, "tensor 'w': shape [4294967296, 2147483648] overflows 64-bit size arithmetic");
        refused(new GgufWriter().tensor("w".getBytes(StandardCharsets.UTF_8), 0, 0, 4, 1L << 61), Rule.DIMENSIONS_INVALID,
                "tensor 'w': shape [2305843009213693952] overflows 64-bit size arithmetic");
    }

    @Test
    void unknownGgmlTypes() {
        for (int id : new int[] {4, 5, 36, 42, -1}) {
            refused(new GgufWriter().tensor("w".getBytes(StandardCharsets.UTF_8), id, 0, 4, 1), Rule.GGML_TYPE_UNKNOWN,
                    "tensor 'w' has the unknown ggml type " + Integer.toUnsignedString(id)
                            + " (known: 0-3, 6-35, 39-41)");
        }
    }

    @Test
    void aFirstDimensionThatIsNotAWholeNumberOfBlocks() {
        refused(new GgufWriter().tensor("w".getBytes(StandardCharsets.UTF_8), GgmlType.Q4_K.id(), 0, 144, 100, 4),
                Rule.BLOCK_MISALIGNED, "tensor 'w': Q4_K[100,4] has 100 elements per row, not a multiple of the block size 256");
        refused(new GgufWriter().tensor("s".getBytes(StandardCharsets.UTF_8), GgmlType.Q8_0.id(), 0, 34), Rule.BLOCK_MISALIGNED,
                "tensor 's': Q8_0[] has 1 elements per row, not a multiple of the block size 32");
    }

    @Test
    void offsetsNotAMultipleOfTheAlignment() {
        refused(new GgufWriter().tensor("w".getBytes(StandardCharsets.UTF_8), 0, 16, 4, 1), Rule.OFFSET_MISALIGNED,
                "tensor 'w': offset 16 is not a multiple of the alignment 32");
        refused(new GgufWriter().alignment(64).tensor("w".getBytes(StandardCharsets.UTF_8), 0, 32, 4, 1),
                Rule.OFFSET_MISALIGNED, "tensor 'w': offset 32 is not a multiple of the alignment 64");
    }

    @Test
    void overlappingTensors() {
        refused(new GgufWriter()
                        .tensor("a".getBytes(StandardCharsets.UTF_8), 0, 0, 64, 16)
                        .tensor("b".getBytes(StandardCharsets.UTF_8), 0, 32, 64, 16),
                Rule.OFFSETS_OVERLAP, "tensors 'a' and 'b' overlap: 'b' starts at 32, before 'a' ends at 64");
    }

    @Test
    void gapsBetweenTensors() {
        refused(new GgufWriter().tensor("a".getBytes(StandardCharsets.UTF_8), 0, 32, 4, 1), Rule.OFFSETS_GAP,
                "gap of 32 bytes before tensor 'a': it starts at 32, expected 0 (the start of the tensor data)");
        refused(new GgufWriter()
                        .tensor("a".getBytes(StandardCharsets.UTF_8), 0, 0, 4, 1)
                        .tensor("b".getBytes(StandardCharsets.UTF_8), 0, 64, 4, 1),
                Rule.OFFSETS_GAP, "gap of 32 bytes before tensor 'b': it starts at 64, expected 32 (the aligned end of 'a')");
    }

    @Test
    void tensorDataPastTheEndOfTheFile() {
        byte[] whole = new GgufWriter().tensor("w", GgmlType.F32, 64).toBytes();
        refused(Arrays.copyOf(whole, whole.length - 1), Rule.TRUNCATED_DATA,
                "the tensor data ends at byte " + (whole.length) + ", past the end of the file (" + (whole.length - 1)
                        + " bytes; incomplete download?)");
        refused(new GgufWriter().tensor("w".getBytes(StandardCharsets.UTF_8), 0, 1L << 40, 4, 1).dataLength(32), Rule.TRUNCATED_DATA,
                "tensor 'w': offset 1099511627776 is past the end of the file");
        refused(new GgufWriter().tensor("w".getBytes(StandardCharsets.UTF_8), 0, -32, 4, 1).dataLength(32), Rule.TRUNCATED_DATA,
                "tensor 'w': offset 18446744073709551584 is past the end of the file");
        byte[] big = new GgufWriter().tensor("w".getBytes(StandardCharsets.UTF_8), 0, 0, 4, 1).toBytes();
        refused(new GgufWriter().tensor("w".getBytes(StandardCharsets.UTF_8), 0, 0, 4, 1L << 40).dataLength(32), Rule.TRUNCATED_DATA,
                "tensor 'w': F32[1099511627776] needs 4398046511104 bytes from offset 0, past the end of the file ("
                        + big.length + " bytes)");
    }

    @Test
    void theFileEndingInThePaddingBeforeTheData() {
        GgufWriter writer = new GgufWriter().tensor("w".getBytes(StandardCharsets.UTF_8), 0, 0, 0, 0);
        byte[] whole = writer.toBytes();
        long infosEnd = 24 + 8 + 1 + 4 + 8 + 4 + 8;
        refused(Arrays.copyOf(whole, (int) infosEnd + 1), Rule.TRUNCATED,
                "the file ends inside the padding before the tensor data (it needs 7 bytes at byte 57, the file has 58)");
    }

    @Test
    void bytesAfterTheLastTensorsPadding() {
        refused(new GgufWriter().tensor("w", GgmlType.F32, 1).trailing(1), Rule.TRAILING_BYTES,
                "1 trailing byte after the last tensor 'w' and its padding (the tensor data ends at byte 96)");
        refused(new GgufWriter().kv("a", Value.u8(1)).trailing(100), Rule.TRAILING_BYTES,
                "100 trailing bytes after the header (the file has no tensors)");
    }

    @Test
    void everyMessageIsOneLineWithoutPathsOrClassNames() {
        GgufWriter[] bad = {
            new GgufWriter().version(1),
            new GgufWriter().kv("a\nb", Value.stringBytes(new byte[] {(byte) 0xFF})),
            new GgufWriter().tensor("line\nbreak\u001b[31m", GgmlType.F32, 1).tensor("line\nbreak\u001b[31m", GgmlType.F32, 1),
        };
        for (GgufWriter writer : bad) {
            InvalidGgufException e = catchThrowableOfType(InvalidGgufException.class, () -> files.read(writer));
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
            assertThat(e.getMessage()).doesNotContain("\n", "\u001b", dir.toString(), "Exception", "java.");
        }
    }

    private void refused(GgufWriter writer, Rule rule, String message) {
        refused(writer.toBytes(), rule, message);
    }

    private void refused(byte[] bytes, Rule rule, String message) {
        InvalidGgufException e = catchThrowableOfType(InvalidGgufException.class, () -> files.read(bytes));
        assertThat(e).as("a file breaking %s", rule).isNotNull();
        assertThat(e.rule()).isEqualTo(rule);
        assertThat(e.getMessage()).startsWith(message);
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
    }
}
