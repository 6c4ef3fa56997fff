package io.tensors.engine.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A query's terms for the substring indexes (FTS5 trigram): each word or {@code "phrase"} must be found somewhere,
 * a {@code -word} nowhere. Trigrams need 3 characters: a shorter term outside ASCII ({@code 细节}, {@code ミク}) is
 * looked up in the short-term index (ShortGrams), any other shorter one becomes a LIKE pattern: on the rows a longer
 * term found, or, when every term is short, on the names alone. A query with {@code OR} has no substring form (the
 * word search answers it).
 *
 * @param match the trigram MATCH expression for the terms of 3 characters or more, or null
 * @param grams the short-term index's MATCH expression for the terms of 1 or 2 letters outside ASCII, or null
 * @param likes LIKE patterns ({@code \} escapes) for the other shorter terms
 * @param excluded LIKE patterns for the excluded terms
 */
record SubstringTerms(String match, String grams, List<String> likes, List<String> excluded) {
    static final SubstringTerms NONE = new SubstringTerms(null, null, List.of(), List.of());

    /** @return whether a term must be found (not only excluded) */
    boolean looksForSomething() {
        return match != null || grams != null || !likes.isEmpty();
    }

    /** @return the terms of {@code text}, {@link #NONE} for blank text, null when the query has OR */
    static SubstringTerms of(String text) {
        List<String> terms = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        for (SearchSyntax.Token t : SearchSyntax.tokens(text, true)) {
            if (t.operator()) {
                return null;
            }
            String term = t.text();
            if (!t.phrase() && term.endsWith("*")) {
                term = term.substring(0, term.length() - 1);
            }
            term = term.strip();
            if (!term.isEmpty()) {
                (t.negated() ? excluded : terms).add(term);
            }
        }
        List<String> matched = new ArrayList<>();
        List<String> grams = new ArrayList<>();
        List<String> likes = new ArrayList<>();
        for (String term : terms) {
            if (term.codePointCount(0, term.length()) >= 3) {
                matched.add("\"" + term.replace("\"", "\"\"") + "\"");
            } else if (term.codePoints().allMatch(c -> c > 127 && Character.isLetterOrDigit(c))) {
                grams.add("\"" + term.toLowerCase(Locale.ROOT) + "\"");
            } else {
                likes.add(like(term));
            }
        }
        return new SubstringTerms(matched.isEmpty() ? null : String.join(" AND ", matched),
                grams.isEmpty() ? null : String.join(" AND ", grams), List.copyOf(likes),
                excluded.stream().map(SubstringTerms::like).toList());
    }

    static String like(String term) {
        return "%" + ModelSearch.likeEscape(term) + "%";
    }
}
