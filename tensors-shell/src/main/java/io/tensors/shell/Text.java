package io.tensors.shell;

import java.util.Locale;

/** Formatting helpers for human output. */
final class Text {
    private Text() {}

    /** Strips control characters (terminal escapes from file metadata must not reach the terminal). */
    static String sanitize(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == '\n' || c == '\t') {
                b.append(' ');
            } else if (!(c < 0x20 || (c >= 0x7f && c < 0xa0))) {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
