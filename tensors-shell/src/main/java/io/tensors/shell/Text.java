package io.tensors.shell;

import io.tensors.api.TerminalText;
import java.util.List;
import java.util.Locale;

/** Formatting helpers for human output. */
final class Text {
    private Text() {}

    /**
     * Text from files or the network made safe for one terminal line ({@link TerminalText}: whole
     * escape sequences and bidi overrides dropped); null prints as nothing.
     */
    static String sanitize(String s) {
        return s == null ? "" : TerminalText.sanitize(s, Integer.MAX_VALUE);
    }

    /**
     * Trigger words in one table cell: separated by {@code " | "}, a {@code |} inside a word shown as
     * {@code \|}, so a separator is never part of a word (words hold commas: "Thigh clothes, shiny skin").
     */
    static String words(List<String> words) {
        return String.join(" | ", words.stream().map(w -> w.replace("|", "\\|")).toList());
    }

    /** {@link #sanitize} line by line: the line breaks (LF or CRLF) of a listing for programs stay. */
    static String sanitizeLines(String text) {
        StringBuilder b = new StringBuilder(text.length());
        int start = 0;
        while (start < text.length()) {
            int lf = text.indexOf('\n', start);
            int end = lf < 0 ? text.length() : lf;
            boolean crlf = end > start && text.charAt(end - 1) == '\r';
            b.append(sanitize(text.substring(start, crlf ? end - 1 : end)));
            if (lf >= 0) {
                b.append(crlf ? "\r\n" : "\n");
            }
            start = end + 1;
        }
        return b.toString();
    }

    /** @return "1 file", "2 files": a count and its noun (plural by adding s; every noun tsr counts takes it) */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
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
