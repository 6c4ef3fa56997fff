package io.tensors.plugins.gguf;

/**
 * How metadata values become text: numbers in the shortest form that reads back to the same
 * value, written the way ECMAScript's {@code Number.prototype.toString} writes them ({@code 1},
 * {@code 0.5}, {@code 0.00001}, {@code 1e-7}, {@code 1.5e+21}), so every finite value is also a JSON
 * number; strings quoted for JSON lists.
 */
final class ValueText {
    private ValueText() {}

    /** @return {@code value} in its shortest round-trip form; {@code NaN}, {@code Infinity}, {@code -Infinity}, {@code -0} as such */
    static String float32(float value) {
        if (!Float.isFinite(value)) {
            return Float.toString(value);
        }
        String text = layout(Float.toString(value));
        String one = oneDigit(text);
        return one != null && Float.parseFloat(one) == value ? one : text;
    }

    /** @return {@code value} in its shortest round-trip form, as {@link #float32} */
    static String float64(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        String text = layout(Double.toString(value));
        String one = oneDigit(text);
        return one != null && Double.parseDouble(one) == value ? one : text;
    }

    /**
     * Java's shortest form has at least two digits ({@code 1.4E-45}) where one may read back
     * ({@code 1e-45}): the two-digit text rounded to one digit, or null when it has other than two.
     */
    private static String oneDigit(String text) {
        int e = text.indexOf('e');
        if (e < 0) {
            return null;
        }
        String mantissa = text.substring(0, e);
        boolean negative = mantissa.startsWith("-");
        String digits = mantissa.substring(negative ? 1 : 0).replace(".", "");
        if (digits.length() != 2) {
            return null;
        }
        int exponent = Integer.parseInt(text.substring(e + 1));
        int rounded = (digits.charAt(0) - '0') + (digits.charAt(1) >= '5' ? 1 : 0);
        if (rounded == 10) {
            rounded = 1;
            exponent++;
        }
        return layout((negative ? "-" : "") + rounded + ".0E" + exponent);
    }

    /**
     * Rewrites Java's shortest digits ({@code 1.0E-5}, {@code 123.45}) in the ECMAScript layout.
     *
     * @param java the text of {@link Float#toString} or {@link Double#toString} for a finite value
     */
    private static String layout(String java) {
        boolean negative = java.startsWith("-");
        String unsigned = negative ? java.substring(1) : java;
        int e = unsigned.indexOf('E');
        int exponent = e < 0 ? 0 : Integer.parseInt(unsigned.substring(e + 1));
        String mantissa = e < 0 ? unsigned : unsigned.substring(0, e);
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int point = dot + exponent; // the value is 0.digits * 10^point once leading zeros go
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
            point--;
        }
        digits = digits.substring(lead);
        int tail = digits.length();
        while (tail > 1 && digits.charAt(tail - 1) == '0') {
            tail--;
        }
        digits = digits.substring(0, tail);
        StringBuilder out = new StringBuilder(negative ? "-" : "");
        int k = digits.length();
        if (digits.equals("0")) {
            out.append('0');
        } else if (k <= point && point <= 21) {
            out.append(digits).repeat('0', point - k);
        } else if (0 < point && point <= 21) {
            out.append(digits, 0, point).append('.').append(digits, point, k);
        } else if (-6 < point && point <= 0) {
            out.append("0.").repeat('0', -point).append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            int shown = point - 1;
            out.append('e').append(shown < 0 ? '-' : '+').append(Math.abs(shown));
        }
        return out.toString();
    }

    /** Appends {@code s} as a JSON string. */
    static void appendJsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
