package io.tensors.plugins.safetensors;

import static io.tensors.plugins.testing.SafetensorsWriter.raw;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sizes and offsets: each tensor has the bytes its dtype and shape need; the tensors tile the data section. */
final class TensorLayoutTest extends ParserTestSupport {
    @Test
    void twoTensorsOnTheSameBytes() throws IOException {
        assertInvalid(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 16),
                InvalidSafetensorsException.OFFSETS_OVERLAP, "tensors 'a' and 'b' overlap");
    }

    @Test
    void manyTensorsOnTheSameBytes() throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 10; i++) {
            json.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}");
        }
        assertInvalid(withHeader(json.append('}').toString(), 16), InvalidSafetensorsException.OFFSETS_OVERLAP, "overlap");
    }

    @Test
    void gapBetweenTensors() throws IOException {
        assertInvalid(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[20,36]}}", 36),
                InvalidSafetensorsException.OFFSETS_GAP, "gap of 4 bytes before tensor 'b'");
    }

    @Test
    void endBeforeBegin() throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[16,0]}", 16),
                InvalidSafetensorsException.OFFSETS_REVERSED, "tensor 't': data_offsets [16,0] end before they begin");
    }

    @Test
    void firstTensorNotAtZero() throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}", 24),
                InvalidSafetensorsException.OFFSETS_GAP, "it starts at 8, expected 0");
    }

    @Test
    void sizeDoesNotMatchDtypeAndShape() throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,4]}", 4),
                InvalidSafetensorsException.SIZE_MISMATCH, "tensor 't': I32[2,2] needs 16 bytes, offsets give 4");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[2,18446744073709551614]", "[2,9223372036854775807]",
        "[4611686018427387904,4]", "[3037000500,3037000500]", "[2305843009213693952]"})
    void shapeOverflowIsReportedNotWrapped(String shape) throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,16]}", 16),
                InvalidSafetensorsException.SHAPE_OVERFLOW, "overflows 64-bit size arithmetic");
    }

    @Test
    void subByteDtypeNotAWholeNumberOfBytes() throws IOException {
        assertInvalid(oneTensor("{\"dtype\":\"F4\",\"shape\":[1,3],\"data_offsets\":[0,2]}", 2),
                InvalidSafetensorsException.SUBBYTE_MISALIGNED, "tensor 't': F4[1,3] is 12 bits");
        assertInvalid(oneTensor("{\"dtype\":\"F6_E2M3\",\"shape\":[3],\"data_offsets\":[0,2]}", 2),
                InvalidSafetensorsException.SUBBYTE_MISALIGNED, "is 18 bits");
    }

    /** Policy: trailing bytes make the file invalid (the polyglot vector), with the count. */
    @Test
    void trailingBytesAfterTheLastTensor() throws IOException {
        byte[] valid = raw(60, README_HEADER, new byte[16]);
        byte[] polyglot = raw(new byte[0], valid, "extra_bogus_data_for_polyglot_file".getBytes(StandardCharsets.US_ASCII));
        assertInvalid(polyglot, InvalidSafetensorsException.TRAILING_BYTES, "34 trailing bytes after the last tensor");
        assertInvalid(raw(2, "{}", new byte[1]), InvalidSafetensorsException.TRAILING_BYTES, "1 trailing byte after");
    }

    @Test
    void truncatedData() throws IOException {
        assertInvalid(raw(60, README_HEADER, new byte[14]), InvalidSafetensorsException.TRUNCATED_DATA,
                "expected 16 data bytes, found 14 (incomplete download?)");
    }
}
