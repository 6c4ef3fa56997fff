package io.tensors.engine.search;

import io.tensors.api.ErrorCode;
import io.tensors.api.LocalFileRow;
import io.tensors.api.ModelHit;
import io.tensors.api.SearchQuery;
import io.tensors.api.SearchResults;
import io.tensors.api.TensorsException;
import io.tensors.engine.query.Queries;
import io.tensors.engine.store.CatalogStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * {@code tsr db search}: the full-text search of the cached models and the substring search of the local files,
 * the one code path the command line, the shell and scripts use. Never touches the network; never lets an SQL error reach the user for
 * what they typed.
 */
public final class ModelSearch {
    private final CatalogStore store;

    /**
     * How many matches, most downloaded first, are ranked by bm25. Scoring costs about 1.5 µs a match on top of a
     * fixed cost per term (FTS5 counts every row holding it), so a word found in tens of thousands of models would
     * cost tens of milliseconds; the 1,000 most downloaded of them are ranked instead (2,000 until the local search
     * joined: a word query then took 10 ms on 100,000 models, LocalSearchBenchmark). Below the window (almost every
     * real query) the ranking is exact bm25 over all matches.
     */
    static final int CANDIDATE_WINDOW = 1_000;

    /**
     * Up to this many linked files, the search of their models' text tests each substring match against those
     * models instead of joining it to them. Measured on 100,000 cached models (Linked matches of "anime" and
     * "realistic portrait"): joining took 199 and 93 ms with 20 files linked, 46 and 85 ms with 500, 12 and 13 ms
     * with 2,000, 2 and 5 ms with 10,000; testing 17 and 40, 17 and 31, 18 and 22, 60 and 55 ms.
     */
    static final int FEW_LINKED = 1_000;

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
     * The word search's hits (bm25-ranked), then the models holding every term as a substring, most downloaded
     * first; a blank text with filters lists what the filters match.
     *
     * @throws TensorsException BAD_INPUT (one line starting with "search: ") for a blank query without filters, a
     *     malformed query or a limit below 1
     */
    public List<ModelHit> search(SearchQuery query) {
        Objects.requireNonNull(query, "query");
        SearchQuery filters = filters(query);
        String base = Queries.substring(query.baseModel()); // a case-insensitive substring, so also a prefix
        boolean filtered = filters.type() != null || filters.tag() != null || filters.creator() != null
                || filters.nsfw() != null || base != null;
        if (query.text().isBlank()) {
            if (!filtered) {
                throw new TensorsException(ErrorCode.BAD_INPUT, "search: the query is empty: give words to look for, or a filter"
                        + " (--type, --base, --tag, --creator, --nsfw) to list what it matches");
            }
            return store.read(m -> m.search().substringSearch(null, null, List.of(), List.of(), filters, base, List.of()));
        }
        String match = SearchSyntax.toMatch(query.text());
        try {
            int ranked = Math.max(window, query.limit());
            List<ModelHit> hits = new ArrayList<>(store.read(m -> m.search().search(match, filters, base, filtered, ranked)));
            SubstringTerms terms = SubstringTerms.of(query.text());
            if (hits.size() < query.limit() && terms != null && terms.looksForSomething()) {
                Set<Long> seen = new HashSet<>();
                hits.forEach(h -> seen.add(h.civitaiId()));
                SearchQuery rest = new SearchQuery(query.text(), filters.type(), null, filters.tag(), filters.creator(),
                        filters.nsfw(), query.limit() - hits.size());
                hits.addAll(store.read(m -> m.search().substringSearch(terms.match(), terms.grams(), terms.likes(), terms.excluded(), rest,
                        base, seen)));
            }
            return hits;
        } catch (TensorsException e) {
            String fts = ftsError(e);
            if (fts != null) {
                throw new TensorsException(ErrorCode.BAD_INPUT, "search: the full-text index cannot read the query '"
                        + query.text().strip() + "' (" + fts + "); use plain words, OR, -word and \"exact phrase\"", e);
            }
            throw e;
        }
    }

    /**
     * {@link #searchFiles} and {@link #search} of one query; with a second core the files are searched on another
     * thread meanwhile (they take a fifth to a third of the time). The models' failure, if any, is the one thrown.
     */
    public SearchResults searchAll(SearchQuery query) {
        Objects.requireNonNull(query, "query");
        if (Runtime.getRuntime().availableProcessors() < 2) {
            List<ModelHit> models = search(query);
            return new SearchResults(searchFiles(query), models);
        }
        FutureTask<List<LocalFileRow>> files = new FutureTask<>(() -> searchFiles(query));
        Thread.ofPlatform().daemon().name("tsr-search-files").start(files);
        List<ModelHit> models;
        try {
            models = search(query);
        } catch (RuntimeException e) {
            try {
                files.get(); // done with the catalog before the caller closes it; its result no longer matters
            } catch (ExecutionException | InterruptedException ignored) {
                // the models' failure is the one to report
            }
            throw e;
        }
        try {
            return new SearchResults(files.get(), models);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TensorsException(ErrorCode.INTERRUPTED, "search: interrupted");
        }
    }

    /**
     * The local files on disk holding every term as a substring of their path, display name or searched header
     * values, or linked to a model that does; with a blank text, the files the filters match.
     */
    public List<LocalFileRow> searchFiles(SearchQuery query) {
        Objects.requireNonNull(query, "query");
        SearchQuery filters = filters(query);
        SubstringTerms terms = query.text().isBlank() ? SubstringTerms.NONE : SubstringTerms.of(query.text());
        if (terms == null) {
            // OR: each side on its own, in the order given
            Map<Long, LocalFileRow> found = new LinkedHashMap<>();
            for (String side : query.text().split("\\s+OR\\s+")) {
                for (LocalFileRow row : searchFiles(new SearchQuery(side, query.type(), query.baseModel(), query.tag(),
                        query.creator(), query.nsfw(), query.limit()))) {
                    found.putIfAbsent(row.id(), row);
                }
            }
            return found.values().stream().limit(query.limit()).toList();
        }
        String base = Queries.substring(query.baseModel());
        return store.read(m -> {
            var q = m.queries();
            Set<Long> ids = new LinkedHashSet<>(q.searchOwnText(terms.match(), terms.grams(), terms.likes(),
                    terms.excluded(), filters.type(), base, filters.tag(), filters.creator(), filters.nsfw(), query.limit()));
            if (ids.size() < query.limit() && (terms.match() != null || terms.grams() != null)) {
                boolean fewLinked = q.countLinkedFiles() <= FEW_LINKED;
                ids.addAll(q.searchLinkedModels(terms.match(), terms.grams(), terms.likes(), terms.excluded(), filters.type(), base,
                        filters.tag(), filters.creator(), filters.nsfw(), query.limit(), fewLinked));
            }
            List<Long> kept = ids.stream().limit(query.limit()).toList();
            return kept.isEmpty() ? List.<LocalFileRow>of() : q.filesById(kept).stream().map(Queries::row).toList();
        });
    }

    private static SearchQuery filters(SearchQuery query) {
        if (query.limit() < 1) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "search: --limit must be at least 1, not " + query.limit());
        }
        return new SearchQuery(query.text(), blankToNull(query.type()), null, blankToNull(query.tag()),
                blankToNull(query.creator()), query.nsfw(), query.limit());
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
