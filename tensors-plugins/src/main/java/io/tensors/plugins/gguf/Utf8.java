package io.tensors.plugins.gguf;

/** Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. */
final class Utf8 {
    private Utf8() {}

    /** @return the offset (from {@code offset}) of the first byte of an invalid sequence, or -1 when all is valid */
    static int firstInvalid(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int start = i;
            int lead = b & 0xFF;
            int count;
            int min;
            int max = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                count = 1;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                count = 2;
                min = lead == 0xE0 ? 0xA0 : 0x80;
                max = lead == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                count = 3;
                min = lead == 0xF0 ? 0x90 : 0x80;
                max = lead == 0xF4 ? 0x8F : 0xBF; // above U+10FFFF
            } else {
                return start - offset;
            }
            if (end - i - 1 < count) {
                return start - offset;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < min || second > max) {
                return start - offset;
            }
            for (int k = 2; k <= count; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return start - offset;
                }
            }
            i += count + 1;
        }
        return -1;
    }
}
