package io.tensors.engine.search;

import io.tensors.api.ModelHit;
import io.tensors.api.SearchQuery;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.SearchIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Not a test: {@code tsr db search} (FTS5, through {@link ModelSearch}, the code path of the command
 * line) against the seed's {@code LIKE '%q%'} search on a generated cache of N models (default 100,000)
 * with 2 versions each, tags, trained words and creators, written with bulk JDBC and indexed by
 * {@link SearchIndex#rebuild} (what the migration runs). Also times {@code listFiles()} over 10,000
 * local files, half linked. Usage:
 * {@code java -cp <test classpath> io.tensors.engine.search.SearchBenchmark [N] [RUNS]}.
 */
public final class SearchBenchmark {
    /** Roughly Zipf-distributed, most frequent first: the benchmark's query words sit at realistic ranks. */
    static final String[] NAME_WORDS = ("style lora xl girl art detailed character realistic photo anime "
            + "beautiful concept portrait woman cinematic pony lighting fantasy background detail clothing slider "
            + "dress hair face merge mix sdxl flux illustrious lineart armor dragon castle cyberpunk neon retro "
            + "vintage film grain watercolor oil painting sketch render boy cat knight witch elf robot mecha "
            + "landscape city forest ocean sunset night winter flower uniform eyes hands pose texture checkpoint "
            + "turbo lightning hyper dream vision studio ultra real epic dark soft bright pastel chibi comic tweaker "
            + "manga ink gothic steampunk samurai ninja pirate space alien cute sharp hdr bokeh macro analog "
            + "polaroid kodak cinema noir horror zombie").split(" ");
    private static final String[] TEXT_WORDS = ("the a and of to in for with this model is trained on images it "
            + "works best at strength use weight recommended sampler steps cfg prompt negative results may vary "
            + "please leave review thanks support version improved quality faces hands backgrounds colors more "
            + "less better new old based merge dataset captions epochs resolution training tested compatible "
            + "generate pictures style character concept realistic anime portrait detail lighting").split(" ");
    private static final String[] TAGS = ("anime character style concept clothing photorealistic base model "
            + "woman man celebrity poses background objects vehicle animal building sci-fi fantasy horror cartoon "
            + "3d pixel art retro game tool slider detail enhancer landscape architecture food fashion armor "
            + "weapon robot mecha cute sexy nsfw comic manga illustration photography portrait lighting").split(" ");
    private static final String[] BASES = {"SD 1.5", "SDXL 1.0", "Pony", "Illustrious", "Flux.1 D", "SD 1.4",
        "SDXL Turbo", "NoobAI"};
    private static final String[] TYPES = {"LORA", "LORA", "LORA", "Checkpoint", "TextualInversion", "LoCon"};

    private SearchBenchmark() {}

    public static void main(String[] args) throws Exception {
        int models = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path dir = Files.createTempDirectory("tsr-search-bench");
        Path db = dir.resolve("models.db");
        try {
            CatalogStore.open(db).close(); // schema V1 + V2
            long start = System.nanoTime();
            String creatorOf12345;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                c.setAutoCommit(false);
                creatorOf12345 = generate(c, models);
                c.commit();
                System.out.printf(Locale.ROOT, "generated %,d models (%,d versions) in %.1f s%n", models, models * 2,
                        (System.nanoTime() - start) / 1e9);
                start = System.nanoTime();
                SearchIndex.rebuild(c);
                c.commit();
                System.out.printf(Locale.ROOT, "search index built (HTML stripped + FTS5) in %.1f s%n",
                        (System.nanoTime() - start) / 1e9);
                localFiles(c, 10_000, models);
                c.commit();
            }
            System.out.printf(Locale.ROOT, "catalog: %.0f MB%n", size(dir) / 1e6);
            try (CatalogStore store = CatalogStore.open(db);
                    Connection like = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                ModelSearch search = new ModelSearch(store);
                List<String> queries = List.of("anime", "realistic portrait", "pony", "detail tweaker", creatorOf12345,
                        "quetzalcoatl");
                System.out.printf(Locale.ROOT, "%-20s %6s %9s %9s   %6s %9s %9s   %8s%n", "query", "hits", "fts p50",
                        "fts p95", "rows", "like p50", "like p95", "speedup");
                for (String q : queries) {
                    List<ModelHit> hits = search.search(SearchQuery.of(q));
                    long[] fts = time(runs, () -> search.search(SearchQuery.of(q)));
                    int rows = seedLike(like, q);
                    long[] seed = time(runs, () -> seedLike(like, q));
                    System.out.printf(Locale.ROOT, "%-20s %6d %7.2fms %7.2fms   %6d %7.2fms %7.2fms   %7.0fx%n",
                            '"' + q + '"', hits.size(), ms(p(fts, 50)), ms(p(fts, 95)), rows, ms(p(seed, 50)),
                            ms(p(seed, 95)), (double) p(seed, 50) / p(fts, 50));
                }
                System.out.printf(Locale.ROOT, "fts matches (before limit): anime=%d, pony=%d%n",
                        count(like, "anime"), count(like, "pony"));
                int[] n = new int[1];
                long[] list = time(20, () -> n[0] = new io.tensors.engine.query.Queries(store).listFiles(io.tensors.api.ListFilter.ALL).size());
                System.out.printf(Locale.ROOT, "listFiles(): %d rows, p50 %.1f ms, p95 %.1f ms (20 runs)%n", n[0],
                        ms(p(list, 50)), ms(p(list, 95)));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Bulk rows shaped like the ingest's; returns the user name of model 12345's creator. */
    static String generate(Connection c, int models) throws SQLException {
        SplittableRandom r = new SplittableRandom(42);
        int creators = Math.max(10, models / 30);
        String[] creatorNames = new String[creators];
        try (PreparedStatement p = c.prepareStatement("INSERT INTO creators (id, username) VALUES (?, ?)")) {
            for (int i = 0; i < creators; i++) {
                creatorNames[i] = pick(r, NAME_WORDS) + "_" + pick(r, NAME_WORDS) + i;
                p.setLong(1, i + 1);
                p.setString(2, creatorNames[i]);
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO tags (id, name) VALUES (?, ?)")) {
            for (int i = 0; i < TAGS.length; i++) {
                p.setLong(1, i + 1);
                p.setString(2, TAGS[i]);
                p.addBatch();
            }
            p.executeBatch();
        }
        int creatorOf12345 = 0;
        try (PreparedStatement m = c.prepareStatement("INSERT INTO models (id, civitai_id, name, description, type,"
                        + " nsfw, nsfw_level, creator_id, download_count, source) VALUES (?,?,?,?,?,?,?,?,?,'civitai')");
                PreparedStatement v = c.prepareStatement("INSERT INTO model_versions (id, civitai_id, model_id, name,"
                        + " base_model, version_index, download_url) VALUES (?,?,?,?,?,?,?)");
                PreparedStatement w = c.prepareStatement(
                        "INSERT INTO trained_words (version_id, word, position) VALUES (?,?,?)");
                PreparedStatement t = c.prepareStatement(
                        "INSERT OR IGNORE INTO model_tags (model_id, tag_id) VALUES (?,?)")) {
            for (int id = 1; id <= models; id++) {
                int words = 2 + r.nextInt(3);
                StringBuilder name = new StringBuilder();
                for (int i = 0; i < words; i++) {
                    name.append(i == 0 ? "" : " ").append(capital(zipf(r, NAME_WORDS)));
                }
                StringBuilder text = new StringBuilder("<p>");
                int length = 20 + r.nextInt(40);
                for (int i = 0; i < length; i++) {
                    text.append(i == 0 ? "" : " ").append(r.nextInt(6) == 0 ? zipf(r, NAME_WORDS) : zipf(r, TEXT_WORDS));
                    if (i == length / 2) {
                        text.append("</p><p>See <a href=\"https://civitai.com/models/").append(id)
                                .append("\">the <b>gallery</b></a>.</p><p>");
                    }
                }
                if (id % 20_000 == 7) {
                    text.append(" quetzalcoatl");
                }
                text.append("</p>");
                int creator = r.nextInt(creators);
                if (id == 12345) {
                    creatorOf12345 = creator;
                }
                int level = r.nextInt(10) < 7 ? 1 : 1 << (1 + r.nextInt(4));
                m.setLong(1, id);
                m.setLong(2, 1_000_000L + id);
                m.setString(3, name.toString());
                m.setString(4, text.toString());
                m.setString(5, TYPES[r.nextInt(TYPES.length)]);
                m.setInt(6, level >= 4 ? 1 : 0);
                m.setInt(7, level);
                m.setLong(8, creator + 1L);
                m.setLong(9, r.nextInt(100_000));
                m.addBatch();
                for (int ver = 0; ver < 2; ver++) {
                    long vid = id * 2L + ver;
                    v.setLong(1, vid);
                    v.setLong(2, 10_000_000L + vid);
                    v.setLong(3, id);
                    v.setString(4, "v" + (2 - ver) + ".0" + (r.nextInt(4) == 0 ? " " + zipf(r, NAME_WORDS) : ""));
                    v.setString(5, BASES[r.nextInt(BASES.length)]);
                    v.setInt(6, ver);
                    v.setString(7, "https://civitai.com/api/download/models/" + (10_000_000L + vid));
                    v.addBatch();
                    int triggers = 1 + r.nextInt(3);
                    for (int k = 0; k < triggers; k++) {
                        w.setLong(1, vid);
                        w.setString(2, k == 0 ? zipf(r, NAME_WORDS) + "_" + Long.toString(id * 7 + k, 36)
                                : zipf(r, NAME_WORDS) + " " + zipf(r, NAME_WORDS));
                        w.setInt(3, k);
                        w.addBatch();
                    }
                }
                int tags = 3 + r.nextInt(3);
                for (int k = 0; k < tags; k++) {
                    t.setLong(1, id);
                    t.setLong(2, 1 + r.nextInt(TAGS.length));
                    t.addBatch();
                }
                if (id % 2000 == 0) {
                    m.executeBatch();
                    v.executeBatch();
                    w.executeBatch();
                    t.executeBatch();
                }
            }
            m.executeBatch();
            v.executeBatch();
            w.executeBatch();
            t.executeBatch();
        }
        return creatorNames[creatorOf12345];
    }

    private static void localFiles(Connection c, int files, int models) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO local_files (file_path, sha256, header_size,"
                + " tensor_count, civitai_model_id, civitai_version_id, created_at, updated_at, file_size, mtime_ns)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            for (int i = 0; i < files; i++) {
                p.setString(1, "/models/loras/file_" + i + ".safetensors");
                p.setString(2, String.format(Locale.ROOT, "%064X", i));
                p.setLong(3, 20_000);
                p.setLong(4, 700);
                if (i % 2 == 0) {
                    long model = 1 + (i * 7L) % models;
                    p.setLong(5, 1_000_000L + model);
                    p.setLong(6, 10_000_000L + model * 2);
                } else {
                    p.setNull(5, java.sql.Types.INTEGER);
                    p.setNull(6, java.sql.Types.INTEGER);
                }
                p.setString(7, "2026-01-01T00:00:00Z");
                p.setString(8, "2026-01-01T00:00:00Z");
                p.setLong(9, 150_000_000L);
                p.setLong(10, 1_700_000_000_000_000_000L);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** The seed's search_cached: name LIKE, joined to the latest version (plus description, as the issue says). */
    private static int seedLike(Connection c, String q) {
        try (PreparedStatement p = c.prepareStatement("SELECT m.*, mv.base_model, mv.download_url FROM models m"
                + " JOIN model_versions mv ON mv.model_id = m.id AND mv.version_index = 0"
                + " WHERE m.name LIKE ? OR m.description LIKE ?")) {
            p.setString(1, "%" + q + "%");
            p.setString(2, "%" + q + "%");
            int rows = 0;
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Connection c, String word) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM model_search WHERE model_search MATCH '\"" + word + "\"*'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long[] time(int runs, Runnable work) {
        for (int i = 0; i < Math.min(20, runs); i++) {
            work.run(); // warm up
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    static long p(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String pick(SplittableRandom r, String[] words) {
        return words[r.nextInt(words.length)];
    }

    /** Roughly Zipf: the first words of the list are the common ones. */
    static String zipf(SplittableRandom r, String[] words) {
        double u = r.nextDouble();
        int i = (int) Math.floor(Math.pow(words.length + 1.0, u)) - 1;
        return words[Math.min(words.length - 1, i)];
    }

    static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path p : files.toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }
}
