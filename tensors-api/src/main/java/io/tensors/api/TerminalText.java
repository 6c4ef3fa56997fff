package io.tensors.api;

/**
 * Makes untrusted text (names and metadata from model files, text from the network, script output)
 * safe to print on a terminal. Whole escape sequences are removed, not just their ESC byte, so
 * {@code ESC[31m} leaves nothing behind rather than a visible {@code [31m}: CSI (ESC [ and the 8-bit
 * 0x9B), the control strings OSC, DCS, PM, APC and SOS (up to BEL, ESC \ or ST; unterminated, the
 * rest of the text), and short escapes such as {@code ESC ( B}. Also removed: the other C0 and C1
 * control characters and the bidi controls that can reorder what is shown. Lone surrogates become
 * U+FFFD. Plain text, including any non-Latin script and emoji, is kept as it is.
 *
 * <p>Stateless and thread-safe. Plugins (exporters, sources) should use it for anything they print.
 */
public final class TerminalText {
    private TerminalText() {}

    /**
     * Text for one terminal line: also turns tabs and line breaks into spaces, and cuts to
     * {@code maxLen} code points ending with "…" when longer. Only about {@code maxLen} code points
     * are looked at, so a 10 MB value costs no more than a short one.
     *
     * @param s the text; null gives "null"
     * @param maxLen the most code points to return, at least 1 ({@link Integer#MAX_VALUE} for no cut)
     * @return the printable text, never null
     * @throws IllegalArgumentException when {@code maxLen < 1}
     */
    public static String sanitize(String s, int maxLen) {
        if (maxLen < 1) {
            throw new IllegalArgumentException("maxLen < 1: " + maxLen);
        }
        return s == null ? "null" : clean(s, maxLen, false);
    }

    /**
     * Text of many lines (script output, pretty-printed JSON): keeps line feeds and tabs, drops
     * carriage returns (which would let text overwrite a line already shown), never cuts.
     *
     * @param s the text; null gives "null"
     * @return the printable text, never null
     */
    public static String sanitizeLines(String s) {
        return s == null ? "null" : clean(s, Integer.MAX_VALUE, true);
    }

    private static String clean(String s, int maxLen, boolean keepLines) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), maxLen));
        int kept = 0;
        int i = 0;
        // Stops one past maxLen: enough to know a cut is needed.
        while (i < s.length() && kept <= maxLen) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0x1B) {
                i = skipEscapeSequence(s, i);
            } else if (cp == 0x9B) {
                i = skipCsiBody(s, i);
            } else if (cp == 0x90 || cp == 0x98 || cp == 0x9D || cp == 0x9E || cp == 0x9F) {
                i = skipControlString(s, i);
            } else if (keepLines && (cp == '\t' || cp == '\n')) {
                out.appendCodePoint(cp);
                kept++;
            } else if (!keepLines && (cp == '\t' || cp == '\n' || cp == '\r')) {
                out.append(' ');
                kept++;
            } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || isBidiControl(cp)) {
                continue;
            } else if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                out.append('\uFFFD');
                kept++;
            } else {
                out.appendCodePoint(cp);
                kept++;
            }
        }
        if (kept > maxLen) {
            int cut = out.offsetByCodePoints(0, maxLen - 1);
            out.setLength(cut);
            out.append('…');
        }
        return out.toString();
    }

    private static boolean isBidiControl(int cp) {
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)
                || cp == 0x200E || cp == 0x200F || cp == 0x061C;
    }

    /** After ESC: CSI, a control string (OSC, DCS, PM, APC, SOS), or a short escape. */
    private static int skipEscapeSequence(String s, int i) {
        if (i >= s.length()) {
            return i;
        }
        char c = s.charAt(i);
        if (c == '[') {
            return skipCsiBody(s, i + 1);
        }
        if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
            return skipControlString(s, i + 1);
        }
        while (i < s.length() && s.charAt(i) >= 0x20 && s.charAt(i) <= 0x2F) {
            i++; // intermediate bytes, as in ESC ( B
        }
        if (i < s.length() && s.charAt(i) >= 0x30 && s.charAt(i) <= 0x7E) {
            i++; // final byte
        }
        return i;
    }

    /** CSI: parameter and intermediate bytes 0x20-0x3F, then one final byte 0x40-0x7E. */
    private static int skipCsiBody(String s, int i) {
        while (i < s.length() && s.charAt(i) >= 0x20 && s.charAt(i) <= 0x3F) {
            i++;
        }
        if (i < s.length() && s.charAt(i) >= 0x40 && s.charAt(i) <= 0x7E) {
            i++;
        }
        return i;
    }

    /** A control string ends at BEL, ESC \ or ST (0x9C); unterminated, it swallows the rest. */
    private static int skipControlString(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == 0x07 || c == 0x9C) {
                return i + 1;
            }
            if (c == 0x1B && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
                return i + 2;
            }
            i++;
        }
        return i;
    }
}
