package io.tensors.engine.search;

import io.tensors.api.ErrorCode;
import io.tensors.api.ModelHit;
import io.tensors.api.SearchQuery;
import io.tensors.api.TensorsException;
import io.tensors.engine.store.CatalogStore;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code tsr db search}: the full-text search of the cached models, the one code path the command line,
 * the shell and scripts use. Never touches the network; never lets an SQL error reach the user for
 * what they typed.
 */
public final class ModelSearch {
    private final CatalogStore store;

    /**
     * How many matches, most downloaded first, are ranked by bm25. A word found in tens of thousands
     * of models would otherwise cost tens of milliseconds of scoring; 2,000 keeps every query under a
     * few milliseconds on 100,000 models, and ranking is exact bm25 for queries with fewer matches.
     */
    static final int CANDIDATE_WINDOW = 2_000;

    private final int window;

    public ModelSearch(CatalogStore store) {
        this(store, CANDIDATE_WINDOW);
    }

    /** @param window how many matches, most downloaded first, are ranked (tests use a small one) */
    ModelSearch(CatalogStore store, int window) {
        this.store = Objects.requireNonNull(store, "store");
        this.window = window;
    }

    /**
     * @throws TensorsException BAD_INPUT (one line starting with "search: ") for an empty or malformed
     *     query or a limit below 1
     */
    public List<ModelHit> search(SearchQuery query) {
        Objects.requireNonNull(query, "query");
        if (query.limit() < 1) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "search: --limit must be at least 1, not " + query.limit());
        }
        boolean anyFilter = blankToNull(query.type()) != null || blankToNull(query.baseModel()) != null
                || blankToNull(query.tag()) != null || blankToNull(query.creator()) != null || query.nsfw() != null;
        // no words but a filter: the filtered models, most downloaded first (as the original tsr lists them)
        String match = anyFilter && (query.text() == null || query.text().isBlank()) ? null : SearchSyntax.toMatch(query.text());
        SearchQuery filters = new SearchQuery(query.text(), blankToNull(query.type()), null, blankToNull(query.tag()),
                blankToNull(query.creator()), query.nsfw(), query.limit());
        String base = blankToNull(query.baseModel());
        String basePrefix = base == null ? null : likeEscape(base.strip()) + "%";
        try {
            boolean filtered = filters.type() != null || filters.tag() != null || filters.creator() != null
                    || filters.nsfw() != null || basePrefix != null;
            int ranked = Math.max(window, query.limit());
            return store.read(m -> m.search().search(match, filters, basePrefix, filtered, ranked));
        } catch (TensorsException e) {
            String fts = ftsError(e);
            if (fts != null) {
                throw new TensorsException(ErrorCode.BAD_INPUT, "search: the full-text index cannot read the query '"
                        + query.text().strip() + "' (" + fts + "); use plain words, OR, -word and \"exact phrase\"", e);
            }
            throw e;
        }
    }

    /** @return the SQLite FTS5 message when the failure came from parsing the MATCH expression, else null */
    private static String ftsError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getMessage() != null) {
                String msg = sql.getMessage();
                String lower = msg.toLowerCase(Locale.ROOT);
                if (lower.contains("fts5") || lower.contains("malformed match") || lower.contains("no such column")) {
                    return msg.replaceAll("\\s+", " ").strip();
                }
            }
        }
        return null;
    }

    static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
