package io.tensors.engine.search;

import io.tensors.api.ModelHit;
import io.tensors.api.SearchQuery;
import io.tensors.api.SearchResults;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.SearchIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Not a test: {@code tsr db search} as it is now (the word search of the cached models, then their substring search,
 * and the substring search of the local files) against today's word search of the cached models alone, on the
 * same catalog in the same run: N cached models (default 100,000, generated as {@link SearchBenchmark} does) and F
 * local files (default 20,000, half linked, with identities and search rows as a scan writes them). Prints p50 and
 * p95 per query, then per kind of query (word, substring, short: one or two letters outside ASCII) the median p50.
 * "Now" is {@link ModelSearch#searchAll}, what the command runs (the files searched on a second core meanwhile).
 * Usage: {@code java -cp <test classpath> [-Dbench.catalog=FILE] io.tensors.engine.search.LocalSearchBenchmark [N] [F] [RUNS]}.
 */
public final class LocalSearchBenchmark {
    private static final String[] CJK = {"初音ミク", "细节调整", "赛博朋克", "水彩画", "東方", "ミク", "風景", "少女"};

    private LocalSearchBenchmark() {}

    public static void main(String[] args) throws Exception {
        int models = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        // -Dbench.catalog=FILE keeps the catalog there and reuses it on the next run (building one takes minutes)
        String kept = System.getProperty("bench.catalog");
        Path dir = kept != null ? null : Files.createTempDirectory("tsr-local-search-bench");
        Path db = kept != null ? Path.of(kept) : dir.resolve("models.db");
        boolean reuse = kept != null && Files.exists(db);
        try {
            if (reuse) {
                System.out.println("catalog reused: " + db);
            } else {
                build(db, models, files);
            }
            try (CatalogStore store = CatalogStore.open(db)) {
                ModelSearch search = new ModelSearch(store);
                java.util.Map<String, List<double[]>> byKind = new java.util.LinkedHashMap<>();
                System.out.printf(Locale.ROOT, "%-22s %-9s | %-28s | %-36s%n", "", "", "today: word search, models",
                        "now: db search (models + local files)");
                System.out.printf(Locale.ROOT, "%-22s %-9s | %6s %9s %9s | %6s %6s %9s %9s%n", "query", "kind", "hits", "p50", "p95",
                        "models", "files", "p50", "p95");
                List<String[]> queries = List.of(new String[] {"anime", "word"}, new String[] {"realistic portrait", "word"},
                        new String[] {"pony", "word"}, new String[] {"detail tweaker", "word"}, new String[] {"quetzalcoatl", "word"},
                        new String[] {"weaker", "substring"}, new String[] {"etail twe", "substring"},
                        new String[] {"ortrai", "substring"}, new String[] {"ealis", "substring"}, new String[] {"细节", "short"},
                        new String[] {"ミク", "short"}, new String[] {"東", "short"}, new String[] {"cyberp", "substring"});
                // every query a few times first, so the JIT has compiled the code paths before the first one is timed;
                // then the queries take turns, run after run, so that every query meets the same states of the machine
                for (int warm = 0; warm < 20; warm++) {
                    for (String[] q : queries) {
                        today(store, q[0]);
                        search.searchAll(SearchQuery.of(q[0]));
                    }
                }
                long[][] todayTimes = new long[queries.size()][runs];
                long[][] nowTimes = new long[queries.size()][runs];
                for (int run = 0; run < runs; run++) {
                    for (int i = 0; i < queries.size(); i++) {
                        String text = queries.get(i)[0];
                        SearchQuery query = SearchQuery.of(text);
                        long start = System.nanoTime();
                        today(store, text);
                        long between = System.nanoTime();
                        search.searchAll(query);
                        nowTimes[i][run] = System.nanoTime() - between;
                        todayTimes[i][run] = between - start;
                    }
                }
                for (int i = 0; i < queries.size(); i++) {
                    String[] q = queries.get(i);
                    java.util.Arrays.sort(todayTimes[i]);
                    java.util.Arrays.sort(nowTimes[i]);
                    SearchResults now = search.searchAll(SearchQuery.of(q[0]));
                    byKind.computeIfAbsent(q[1], k -> new java.util.ArrayList<>()).add(new double[] {
                        SearchBenchmark.ms(SearchBenchmark.p(todayTimes[i], 50)), SearchBenchmark.ms(SearchBenchmark.p(nowTimes[i], 50))});
                    System.out.printf(Locale.ROOT, "%-22s %-9s | %6d %7.2fms %7.2fms | %6d %6d %7.2fms %7.2fms%n", '"' + q[0] + '"',
                            q[1], today(store, q[0]).size(), SearchBenchmark.ms(SearchBenchmark.p(todayTimes[i], 50)),
                            SearchBenchmark.ms(SearchBenchmark.p(todayTimes[i], 95)), now.models().size(), now.files().size(),
                            SearchBenchmark.ms(SearchBenchmark.p(nowTimes[i], 50)), SearchBenchmark.ms(SearchBenchmark.p(nowTimes[i], 95)));
                }
                // the median over each kind's queries of their p50s
                byKind.forEach((kind, p50s) -> System.out.printf(Locale.ROOT,
                        "%-9s queries: p50 today %.2f ms (word search of the models alone), now %.2f ms (db search)%n", kind,
                        median(p50s, 0), median(p50s, 1)));
                SearchQuery filters = new SearchQuery("", "lora", "sdxl", null, null, null, SearchQuery.DEFAULT_LIMIT);
                long[] filterOnly = SearchBenchmark.time(runs, () -> search.searchAll(filters));
                System.out.printf(Locale.ROOT, "filters only (--type lora --base sdxl): p50 %.2f ms, p95 %.2f ms%n",
                        SearchBenchmark.ms(SearchBenchmark.p(filterOnly, 50)), SearchBenchmark.ms(SearchBenchmark.p(filterOnly, 95)));
            }
        } finally {
            if (dir != null) {
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** The window of the word search before the local search (ModelSearch.CANDIDATE_WINDOW is 1,000 since). */
    private static final int TODAY_WINDOW = 2_000;

    /** Today's search: the word search of the cached models alone, as it was before the local search. */
    private static List<ModelHit> today(CatalogStore store, String text) {
        SearchQuery query = SearchQuery.of(text);
        String match = SearchSyntax.toMatch(text);
        return store.read(m -> m.search().search(match, query, null, false, TODAY_WINDOW));
    }

    private static void build(Path db, int models, int files) throws Exception {
        long start = System.nanoTime();
        CatalogStore.open(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.setAutoCommit(false);
            SearchBenchmark.generate(c, models);
            c.commit();
            SearchIndex.rebuild(c);
            c.commit();
            localFiles(c, files, models);
            SearchIndex.rebuildSubstrings(c); // the trigram and short-term rows of models and files
            c.commit();
        }
        System.out.printf(Locale.ROOT, "catalog of %,d cached models and %,d local files built in %.1f s%n", models, files,
                (System.nanoTime() - start) / 1e9);
    }

    private static double median(List<double[]> values, int column) {
        double[] sorted = values.stream().mapToDouble(v -> v[column]).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** Local files as a scan writes them: the row, its identity and its search text; every other one linked. */
    private static void localFiles(Connection c, int files, int models) throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        String[] kinds = {"lora", "lora", "lora", "checkpoint", "embedding", "loha", "vae"};
        String[] bases = {"SD 1.x", "SDXL", "Pony", "Illustrious", "Flux.1", null};
        try (PreparedStatement f = c.prepareStatement("INSERT INTO local_files (id, file_path, sha256, header_size, tensor_count,"
                        + " civitai_model_id, civitai_version_id, created_at, updated_at, file_size, mtime_ns)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?,?)");
                PreparedStatement i = c.prepareStatement("INSERT INTO file_identity (local_file_id, kind, kind_group, kind_source,"
                        + " architecture, architecture_source, display_name, display_name_source, trigger_words,"
                        + " trigger_words_source, rules) VALUES (?,?,?,'tensors',?,'tensors',?,'header',?,'guessed','bench')");
                PreparedStatement s = c.prepareStatement("INSERT INTO file_search (rowid, text) VALUES (?,?)")) {
            for (int n = 1; n <= files; n++) {
                StringBuilder name = new StringBuilder();
                int words = 2 + r.nextInt(3);
                for (int w = 0; w < words; w++) {
                    name.append(w == 0 ? "" : " ").append(SearchBenchmark.capital(SearchBenchmark.zipf(r, SearchBenchmark.NAME_WORDS)));
                }
                if (r.nextInt(20) == 0) {
                    name.append(' ').append(CJK[r.nextInt(CJK.length)]);
                }
                String kind = kinds[r.nextInt(kinds.length)];
                String path = "/models/" + kind + "/" + name.toString().replace(' ', '_') + "_" + n + ".safetensors";
                String trigger = SearchBenchmark.zipf(r, SearchBenchmark.NAME_WORDS) + "_" + Integer.toString(n, 36);
                f.setLong(1, n);
                f.setString(2, path);
                f.setString(3, String.format(Locale.ROOT, "%064X", n));
                f.setLong(4, 20_000);
                f.setLong(5, 700);
                if (n % 2 == 0) {
                    long model = 1 + (n * 7L) % models;
                    f.setLong(6, 1_000_000L + model);
                    f.setLong(7, 10_000_000L + model * 2);
                } else {
                    f.setNull(6, java.sql.Types.INTEGER);
                    f.setNull(7, java.sql.Types.INTEGER);
                }
                f.setString(8, "2026-01-01T00:00:00Z");
                f.setString(9, "2026-01-01T00:00:00Z");
                f.setLong(10, 150_000_000L);
                f.setLong(11, 1_700_000_000_000_000_000L);
                f.addBatch();
                i.setLong(1, n);
                i.setString(2, kind);
                i.setString(3, kind.equals("loha") ? "lycoris" : kind);
                i.setString(4, bases[r.nextInt(bases.length)]);
                i.setString(5, name.toString());
                i.setString(6, "[\"" + trigger + "\"]");
                i.addBatch();
                StringBuilder tags = new StringBuilder();
                for (int t = 0; t < 20; t++) {
                    tags.append('\n').append(SearchBenchmark.zipf(r, SearchBenchmark.NAME_WORDS));
                }
                s.setLong(1, n);
                s.setString(2, path + "\n" + name + "\n" + trigger + tags);
                s.addBatch();
                if (n % 2000 == 0) {
                    f.executeBatch();
                    i.executeBatch();
                    s.executeBatch();
                }
            }
            f.executeBatch();
            i.executeBatch();
            s.executeBatch();
        }
    }
}
