package io.tensors.plugins.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.SafetensorsHeader;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the reference (safetensors 0.8.0: serde_json, then usize arithmetic) accepts what we
 * refused or refuses what we accepted. Each case says which way, and why.
 */
final class ReferenceAgreementTest extends ParserTestSupport {
    private String entry(String shape) {
        return "{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,0]}";
    }

    /** Accepted: the product is checked u64 multiplication from the left, and 0 stays 0. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[0,18446744073709551615]", "[4611686018427387904,2,0]", "[18446744073709551615,0]",
        "[9223372036854775808,0,18446744073709551615]", "[0,18446744073709551615,18446744073709551615]"})
    void aZeroBeforeAnyOverflowGivesAZeroSizedTensor(String shape) throws IOException {
        SafetensorsHeader header = parse(oneTensor(entry(shape), 0));
        assertThat(header.tensors()).hasSize(1);
        assertThat(header.tensors().getFirst().shape().toString().replace(" ", "")).isEqualTo(shape);
    }

    /** Refused: the product overflows u64 before it reaches the 0. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[4611686018427387904,4,0]", "[18446744073709551615,2,0]", "[9223372036854775808,2,0]"})
    void anOverflowBeforeTheZeroIsStillRefused(String shape) throws IOException {
        assertInvalid(oneTensor(entry(shape), 0), InvalidSafetensorsException.SHAPE_OVERFLOW,
                "overflows 64-bit size arithmetic");
    }

    /** Refused: a dimension above u64 is no usize (serde_json reads it as a float). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[18446744073709551616,0]", "[0,100000000000000000000]"})
    void aDimensionAboveU64IsRefusedEvenWithAZero(String shape) throws IOException {
        assertInvalid(oneTensor(entry(shape), 0), InvalidSafetensorsException.SHAPE_OVERFLOW,
                "is above 18446744073709551615, the largest dimension (64 bits)");
    }

    /** Refused: a size above 2^63 bytes can't match offsets, which must fit the file. */
    @Test
    void aSizeAbove2To63IsAMismatchNotAnOverflow() throws IOException {
        // U8 [2^63]: 2^66 bits overflows; U8 [2^60]: 2^63 bits fits u64 (not i64), 2^60 bytes.
        assertInvalid(oneTensor("{\"dtype\":\"U8\",\"shape\":[9223372036854775808],\"data_offsets\":[0,0]}", 0),
                InvalidSafetensorsException.SHAPE_OVERFLOW, "overflows 64-bit size arithmetic");
        assertInvalid(oneTensor("{\"dtype\":\"U8\",\"shape\":[1152921504606846976],\"data_offsets\":[0,0]}", 0),
                InvalidSafetensorsException.SIZE_MISMATCH, "U8[1152921504606846976] needs 1152921504606846976 bytes");
    }

    private byte[] withUnknownField(String json) {
        return oneTensor("{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0],\"x\":" + json + "}", 0);
    }

    static Stream<String> numbersTheReferenceRefuses() {
        return Stream.of("1e400", "-1e400", "1" + "0".repeat(400), "-" + "9".repeat(400), "1e999999999999",
                "1.8e308", "[1,{\"a\":2E+309}]",
                // serde_json's own rounding, not Java's: Java reads these two as Double.MAX_VALUE.
                "1.7976931348623158e308", new java.math.BigDecimal(Double.MAX_VALUE).toPlainString(),
                // serde_json's digit-counting quirk: one digit past u64, then exactly one decimal.
                "18446744073709551616.5", "18446744073709551619.0e5");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numbersTheReferenceRefuses")
    void aNumberOutsideTheF64RangeIsRefusedAnywhere(String json) throws IOException {
        InvalidSafetensorsException e = invalid(withUnknownField(json));
        assertThat(e.reasonCode()).isEqualTo(InvalidSafetensorsException.HEADER_NOT_JSON);
        assertThat(e.getMessage()).startsWith("invalid JSON in header: the number ").contains(" at header byte ");
    }

    static Stream<String> numbersTheReferenceReads() {
        return Stream.of("1e-400", "-1e-400", "0e999999999999", "1e-999999999999", "1" + "0".repeat(300),
                "1.7976931348623157e308", "-1.7976931348623157e308", "1e308",
                // Java overflows this one to infinity; serde_json's rounding keeps it finite.
                "1.79769313486231581e308",
                // longer than Jackson's default 1,000-character number limit
                "0." + "0".repeat(1500) + "1", "18446744073709551616.55", "18446744073709551616.6",
                "18446744073709551620.5", "123456789012345678901234567890");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numbersTheReferenceReads")
    void aNumberInsideTheF64RangeIsAccepted(String json) throws IOException {
        assertThat(parse(withUnknownField(json)).tensors()).hasSize(1);
    }

    /** Levels: the header object is 1, the entry 2, the unknown field's value 3 and on. */
    private String nested(int levelsInField, boolean objects) {
        return objects ? "{\"a\":".repeat(levelsInField - 1) + "{}" + "}".repeat(levelsInField - 1)
                : "[".repeat(levelsInField) + "]".repeat(levelsInField);
    }

    @ParameterizedTest(name = "objects {0}")
    @ValueSource(booleans = {false, true})
    void nestingOf127LevelsIsAcceptedAnd128Refused(boolean objects) throws IOException {
        assertThat(parse(withUnknownField(nested(125, objects))).tensors()).hasSize(1);
        assertInvalid(withUnknownField(nested(126, objects)), InvalidSafetensorsException.HEADER_NOT_JSON,
                "arrays and objects nested deeper than 127 levels at header byte ");
    }

    @Test
    void nestingCountsArraysAndObjectsTogether() throws IOException {
        String mixed126 = "[{\"a\":".repeat(63) + "0" + "}]".repeat(63);
        assertInvalid(withUnknownField(mixed126), InvalidSafetensorsException.HEADER_NOT_JSON, "nested deeper than 127");
        String mixed125 = "[{\"a\":".repeat(62) + "[]" + "}]".repeat(62);
        assertThat(parse(withUnknownField(mixed125)).tensors()).hasSize(1);
    }

    /** Kept: duplicate keys stay refused, the documented stricter choice. */
    @Test
    void duplicateKeysStayRefused() throws IOException {
        assertInvalid(withHeader("{\"t\":" + entry("[0]") + ",\"t\":" + entry("[0]") + "}", 0),
                InvalidSafetensorsException.DUPLICATE_KEY, "duplicate tensor name 't'");
    }
}
