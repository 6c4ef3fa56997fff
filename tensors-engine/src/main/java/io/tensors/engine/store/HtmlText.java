package io.tensors.engine.store;

import java.util.Map;

/**
 * The visible text of an HTML fragment (CivitAI descriptions), for the search index: tags and their
 * attributes removed (a word only inside {@code href="..."} is not text), comments, {@code script} and
 * {@code style} contents dropped, character references decoded, whitespace collapsed. Tags become word
 * breaks, so {@code <p>a</p><p>b</p>} gives "a b". Not a validating parser: it never fails, and a
 * stray {@code <} that does not open a tag is kept as text.
 */
public final class HtmlText {
    private static final Map<String, String> ENTITIES = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("ndash", "–"), Map.entry("mdash", "—"),
            Map.entry("hellip", "…"), Map.entry("lsquo", "‘"), Map.entry("rsquo", "’"), Map.entry("ldquo", "“"),
            Map.entry("rdquo", "”"), Map.entry("copy", "©"), Map.entry("reg", "®"), Map.entry("trade", "™"),
            Map.entry("times", "×"), Map.entry("middot", "·"), Map.entry("bull", "•"), Map.entry("deg", "°"),
            Map.entry("eacute", "é"), Map.entry("egrave", "è"), Map.entry("aacute", "á"), Map.entry("uuml", "ü"),
            Map.entry("ouml", "ö"), Map.entry("auml", "ä"), Map.entry("szlig", "ß"), Map.entry("ccedil", "ç"));

    private HtmlText() {}

    /** @return the text of {@code html}, or null when it is null; blank input gives "" */
    public static String of(String html) {
        if (html == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(html.length());
        int n = html.length();
        int i = 0;
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<') {
                int end = skipMarkup(html, i);
                if (end > i) {
                    String skipTo = rawTextEnd(html, i);
                    i = end;
                    if (skipTo != null) {
                        int close = indexOfIgnoreCase(html, skipTo, i);
                        i = close < 0 ? n : Math.max(i, skipMarkup(html, close));
                    }
                    out.append(' ');
                    continue;
                }
                out.append(c);
                i++;
            } else if (c == '&') {
                int semi = html.indexOf(';', i + 1);
                String decoded = semi > i + 1 && semi - i <= 12 ? entity(html.substring(i + 1, semi)) : null;
                if (decoded != null) {
                    out.append(decoded);
                    i = semi + 1;
                } else {
                    out.append(c);
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString().replaceAll("[\\s\\u00A0]+", " ").strip();
    }

    /** @return the index after the tag, comment or declaration opening at {@code i}, or {@code i} if none opens there */
    private static int skipMarkup(String s, int i) {
        int n = s.length();
        if (s.startsWith("<!--", i)) {
            int end = s.indexOf("-->", i + 4);
            return end < 0 ? n : end + 3;
        }
        if (i + 1 >= n) {
            return i;
        }
        char next = s.charAt(i + 1);
        if (!(Character.isLetter(next) || next == '/' || next == '!' || next == '?')) {
            return i; // "a < b" is text
        }
        char quote = 0;
        for (int j = i + 1; j < n; j++) {
            char c = s.charAt(j);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return j + 1;
            }
        }
        return n; // an unclosed tag runs to the end, as browsers treat it
    }

    /** @return the closing tag to skip to when the tag at {@code i} opens script or style, else null */
    private static String rawTextEnd(String s, int i) {
        for (String name : new String[] {"script", "style"}) {
            int after = i + 1 + name.length();
            if (s.regionMatches(true, i + 1, name, 0, name.length())
                    && (after >= s.length() || !Character.isLetterOrDigit(s.charAt(after)))) {
                return "</" + name;
            }
        }
        return null;
    }

    private static int indexOfIgnoreCase(String s, String what, int from) {
        for (int j = from; j + what.length() <= s.length(); j++) {
            if (s.regionMatches(true, j, what, 0, what.length())) {
                return j;
            }
        }
        return -1;
    }

    private static String entity(String name) {
        if (name.startsWith("#")) {
            try {
                int cp = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                        ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                return Character.isValidCodePoint(cp) && cp != 0 ? Character.toString(cp) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return ENTITIES.get(name);
    }
}
