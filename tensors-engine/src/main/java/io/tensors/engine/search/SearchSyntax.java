package io.tensors.engine.search;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what a user types into a safe FTS5 MATCH expression. The user's text never reaches FTS5 as
 * syntax: every word or phrase becomes a double-quoted FTS5 string ({@code "} doubled), so FTS5
 * operators, column filters, {@code *}, {@code ^}, {@code %}, {@code _} and quotes in it are plain
 * text. The small syntax users expect:
 * <ul>
 *   <li>words are ANDed; each matches a whole word, {@code word*} a prefix ({@code pony*} finds "ponyxl");</li>
 *   <li>{@code "an exact phrase"}: those words in that order (no prefix);</li>
 *   <li>{@code a OR b} (upper case {@code OR}) matches either; it binds tighter than the implicit AND,
 *       so {@code anime girl OR boy} is anime AND (girl OR boy);</li>
 *   <li>{@code -word} or {@code -"a phrase"} excludes models that match it.</li>
 * </ul>
 * Words with no letter or digit (which the unicode61 tokenizer would drop) are ignored.
 */
public final class SearchSyntax {
    private SearchSyntax() {}

    /** A word or "phrase" of a query, {@code -} excluded, or the operator {@code OR}; the substring terms use them too. */
    record Token(String text, boolean phrase, boolean negated, boolean operator) {}

    /**
     * @return the MATCH expression for {@code text}
     * @throws TensorsException BAD_INPUT, one line starting with "search: ", when the text is empty,
     *     has an unbalanced quote, a dangling OR, or only exclusions
     */
    public static String toMatch(String text) {
        if (text == null || text.isBlank()) {
            throw bad("the query is empty; give at least one word to look for");
        }
        List<List<String>> groups = new ArrayList<>(); // AND of (OR of terms)
        List<String> excluded = new ArrayList<>();
        boolean pendingOr = false;
        for (Token t : tokens(text, false)) {
            if (t.operator()) {
                if (groups.isEmpty() || pendingOr) {
                    throw bad("OR needs a word on each side (" + quoteForMessage(text) + ")");
                }
                pendingOr = true;
                continue;
            }
            String term = term(t);
            if (term == null) {
                continue; // punctuation only: nothing to look for
            }
            if (t.negated()) {
                if (pendingOr) {
                    throw bad("OR cannot be followed by an exclusion (" + quoteForMessage(text) + ")");
                }
                excluded.add(term);
            } else if (pendingOr) {
                groups.getLast().add(term);
                pendingOr = false;
            } else {
                groups.add(new ArrayList<>(List.of(term)));
            }
        }
        if (pendingOr) {
            throw bad("OR needs a word on each side (" + quoteForMessage(text) + ")");
        }
        if (groups.isEmpty()) {
            throw bad(excluded.isEmpty()
                    ? "the query has no letters or digits to look for (" + quoteForMessage(text) + ")"
                    : "the query only excludes words; give at least one word to look for");
        }
        StringBuilder match = new StringBuilder();
        for (List<String> group : groups) {
            if (!match.isEmpty()) {
                match.append(" AND ");
            }
            match.append(group.size() == 1 ? group.getFirst() : "(" + String.join(" OR ", group) + ")");
        }
        if (!excluded.isEmpty()) {
            return "(" + match + ") NOT (" + String.join(" OR ", excluded) + ")";
        }
        return match.toString();
    }

    /**
     * The FTS5 string for one word or phrase, or null when it has nothing to index. Words match whole
     * tokens; {@code word*} asks for a prefix. Whole words by default because a prefix term merges the
     * lists of every token it starts (measured: 4x slower on two-word queries over 100k models).
     */
    private static String term(Token t) {
        String text = t.text();
        boolean prefix = !t.phrase() && text.length() > 1 && text.endsWith("*");
        if (prefix) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.codePoints().noneMatch(Character::isLetterOrDigit)) {
            return null;
        }
        String quoted = "\"" + text.replace("\"", "\"\"") + "\"";
        return prefix ? quoted + "*" : quoted;
    }

    /**
     * @param lenient an unclosed quote runs to the end of the text instead of being refused (the substring search
     *     of the files reads what it can; the word search, which always runs beside it, reports the quote)
     */
    static List<Token> tokens(String text, boolean lenient) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            boolean negated = false;
            if (c == '-' && i + 1 < n && !Character.isWhitespace(text.charAt(i + 1))) {
                negated = true;
                i++;
                c = text.charAt(i);
            }
            if (c == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0 && lenient) {
                    close = n;
                } else if (close < 0) {
                    throw bad("unbalanced quote in " + quoteForMessage(text)
                            + "; close the phrase with another \" or remove it");
                }
                tokens.add(new Token(text.substring(i + 1, close), true, negated, false));
                i = Math.min(n, close + 1);
                continue;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '"') {
                i++;
            }
            String word = text.substring(start, i);
            tokens.add(new Token(word, false, negated, !negated && word.equals("OR")));
        }
        return tokens;
    }

    private static String quoteForMessage(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return "'" + (oneLine.length() > 80 ? oneLine.substring(0, 79) + "…" : oneLine) + "'";
    }

    static TensorsException bad(String what) {
        return new TensorsException(ErrorCode.BAD_INPUT, "search: " + what
                + " (words are ANDed; use OR, -word to exclude, \"exact phrase\")");
    }
}
