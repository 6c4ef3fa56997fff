package io.tensors.plugins.safetensors;

/**
 * Which JSON numbers the reference parser refuses. The reference's header struct flattens the
 * tensors into a map, which serde first buffers as untyped values, unknown fields included, so a
 * number anywhere in the header must pass serde_json's number reader. That reader (built without its
 * {@code float_roundtrip} feature, as the reference builds it) keeps an integer that fits u64 or
 * i64 as an integer and turns anything else into an f64 by its own, not correctly rounded, steps:
 * a u64 significand times or divided by an exact power of ten from a table up to 1e308. A result
 * that overflows to infinity is an error ("number out of range"). This class follows those steps
 * exactly, so that numbers at the edge of the f64 range get the reference's answer, not Java's.
 */
final class ReferenceNumbers {
    private static final long U64_MAX_DIV_10 = Long.divideUnsigned(-1L, 10);
    private static final int U64_MAX_MOD_10 = (int) Long.remainderUnsigned(-1L, 10);
    private static final double[] POW10 = new double[309];

    static {
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = Double.parseDouble("1e" + i); // correctly rounded, like Rust's literals
        }
    }

    private final String text;
    private int at;
    /** Refused by the digit-counting quirk, not for its range. */
    private boolean quirk;

    private ReferenceNumbers(String text) {
        this.text = text;
    }

    /**
     * @param jsonNumber a number as written in the header, already known to be valid JSON
     * @return why serde_json refuses it, as words to follow the number in a message, or null when
     *     it reads it: its value is outside the f64 range (such as {@code 1e400} or a 400-digit
     *     integer), or it hits serde_json's one digit-counting quirk: an integer part of
     *     18446744073709551616 to ...619 (one digit past u64) and exactly one decimal digit 0 to 5
     */
    static String whyRefused(String jsonNumber) {
        ReferenceNumbers number = new ReferenceNumbers(jsonNumber);
        if (!number.refused()) {
            return null;
        }
        return number.quirk
                ? "is one the reference parser cannot read (an integer part just above 2^64 - 1, one decimal)"
                : "is outside the range of a 64-bit float";
    }

    private boolean refused() {
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
            return afterInteger(0);
        }
        long significand = 0;
        while (isDigit(peek())) {
            int digit = peek() - '0';
            if (overflowsU64(significand, digit)) {
                return longInteger(significand);
            }
            significand = significand * 10 + digit;
            at++;
        }
        return afterInteger(significand);
    }

    /** An integer that fits u64 (or i64 when negative, else a finite f64) is always accepted. */
    private boolean afterInteger(long significand) {
        if (peek() == '.') {
            return decimal(significand, 0);
        }
        if (peek() == 'e' || peek() == 'E') {
            return exponent(significand, 0);
        }
        return false;
    }

    /** More integer digits than a u64 holds: the rest only count as powers of ten. */
    private boolean longInteger(long significand) {
        int exponent = 0;
        while (isDigit(peek())) {
            at++;
            exponent++;
        }
        if (peek() == '.') {
            return decimal(significand, exponent);
        }
        if (peek() == 'e' || peek() == 'E') {
            return exponent(significand, exponent);
        }
        return outOfRange(significand, exponent);
    }

    private boolean decimal(long significand, int exponent) {
        at++; // '.'
        while (isDigit(peek())) {
            int digit = peek() - '0';
            if (overflowsU64(significand, digit)) {
                while (isDigit(peek())) {
                    at++; // further digits are dropped
                }
                return peek() == 'e' || peek() == 'E' ? exponent(significand, exponent) : outOfRange(significand, exponent);
            }
            significand = significand * 10 + digit;
            at++;
            exponent--;
        }
        if (exponent == 0) {
            // serde_json's "at least one digit after the point" test reads the exponent, which a
            // long integer has raised: one kept decimal digit brings it back to 0, and it refuses.
            quirk = true;
            return true;
        }
        return peek() == 'e' || peek() == 'E' ? exponent(significand, exponent) : outOfRange(significand, exponent);
    }

    private boolean exponent(long significand, int startingExponent) {
        at++; // 'e' or 'E'
        boolean positive = true;
        if (peek() == '+') {
            at++;
        } else if (peek() == '-') {
            positive = false;
            at++;
        }
        int exp = peek() - '0';
        at++;
        while (isDigit(peek())) {
            int digit = peek() - '0';
            if (exp > Integer.MAX_VALUE / 10 || (exp == Integer.MAX_VALUE / 10 && digit > Integer.MAX_VALUE % 10)) {
                // An exponent beyond i32: infinity unless the number is 0 or the exponent negative.
                return significand != 0 && positive;
            }
            exp = exp * 10 + digit;
            at++;
        }
        long exponent = positive ? (long) startingExponent + exp : (long) startingExponent - exp;
        int saturated = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, exponent));
        return outOfRange(significand, saturated);
    }

    /**
     * serde_json's f64_from_parts: true when the value overflows to infinity. A negative exponent
     * only divides, which never overflows; past the table's 1e308, serde_json gives up unless the
     * significand is 0.
     */
    private static boolean outOfRange(long significand, int exponent) {
        if (exponent < 0) {
            return false;
        }
        if (exponent >= POW10.length) {
            return significand != 0;
        }
        return Double.isInfinite(unsignedToDouble(significand) * POW10[exponent]);
    }

    /** Rust's {@code u64 as f64}: round to nearest, ties to even. */
    private static double unsignedToDouble(long value) {
        if (value >= 0) {
            return value;
        }
        // Halve, keeping the lost bit as a sticky bit so the rounding stays exact, then double.
        return (double) ((value >>> 1) | (value & 1)) * 2.0;
    }

    private static boolean overflowsU64(long significand, int digit) {
        int cmp = Long.compareUnsigned(significand, U64_MAX_DIV_10);
        return cmp > 0 || (cmp == 0 && digit > U64_MAX_MOD_10);
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
