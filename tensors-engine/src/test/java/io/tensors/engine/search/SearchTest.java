package io.tensors.engine.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.ErrorCode;
import io.tensors.api.LocalFileRow;
import io.tensors.api.ModelHit;
import io.tensors.api.SearchQuery;
import io.tensors.api.SearchResults;
import io.tensors.api.TensorsException;
import io.tensors.engine.civitai.ModelDocument;
import io.tensors.engine.civitai.ModelIngest;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.HtmlText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code tsr db search} on a real SQLite catalog filled through {@link ModelIngest}. */
class SearchTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T1 = Instant.parse("2026-02-01T10:00:00Z");

    @TempDir
    Path dir;

    private Path db;
    private CatalogStore store;
    private ModelIngest ingest;
    private ModelSearch search;

    @BeforeEach
    void open() {
        db = dir.resolve("models.db");
        store = CatalogStore.open(db);
        ingest = new ModelIngest(store);
        search = new ModelSearch(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    // ------------------------------------------------------------------ model bodies

    /** A model body: one version per base model given, trained words on the first. */
    static ObjectNode model(long id, String name, String description, String type, String creator, List<String> tags,
            List<String> words, String... bases) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", id).put("name", name).put("description", description).put("type", type).put("nsfw", false)
                .put("nsfwLevel", 1);
        m.putObject("stats").put("downloadCount", id % 1000);
        if (creator != null) {
            m.putObject("creator").put("username", creator);
        }
        ArrayNode t = m.putArray("tags");
        tags.forEach(t::add);
        ArrayNode versions = m.putArray("modelVersions");
        String[] baseModels = bases.length == 0 ? new String[] {"SD 1.5"} : bases;
        for (int v = 0; v < baseModels.length; v++) {
            ObjectNode version = versions.addObject();
            version.put("id", id * 10 + v).put("index", v).put("name", "v" + (baseModels.length - v) + ".0")
                    .put("baseModel", baseModels[v]);
            ArrayNode tw = version.putArray("trainedWords");
            if (v == 0) {
                words.forEach(tw::add);
            }
            version.putArray("files");
            version.putArray("images");
        }
        return m;
    }

    static ObjectNode model(long id, String name, String description) {
        return model(id, name, description, "LORA", "someone", List.of(), List.of());
    }

    void cache(ObjectNode... models) {
        List<ModelDocument> docs = new ArrayList<>();
        for (ObjectNode m : models) {
            docs.add(new ModelDocument("models/" + m.get("id").asLong(), JSON.writeValueAsString(m)));
        }
        ingest.ingestModels("civitai", docs, T1);
    }

    List<ModelHit> find(String text) {
        return search.search(SearchQuery.of(text));
    }

    List<Long> ids(String text) {
        return ids(search.search(SearchQuery.of(text)));
    }

    static List<Long> ids(List<ModelHit> hits) {
        return hits.stream().map(ModelHit::civitaiId).toList();
    }

    static SearchQuery query(String text, String type, String base, String tag, String creator, Boolean nsfw, int limit) {
        return new SearchQuery(text, type, base, tag, creator, nsfw, limit);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = SearchTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------------ ranking and fields

    @Test
    void aNameMatchRanksAboveADescriptionOnlyMatch() {
        cache(model(1, "Castle Interiors", "<p>Rooms and halls, with a dragon banner.</p>"),
                model(2, "Dragon Scales", "<p>Scales for any creature.</p>"),
                model(3, "Forest Path", "<p>Trees.</p>"));
        List<ModelHit> hits = find("dragon");
        assertThat(ids(hits)).containsExactly(2L, 1L);
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
    }

    @Test
    void hitsCarryTheModelsLatestVersionTriggersAndTags() {
        cache(model(10, "Lantern Light", "<p>Glow.</p>", "LORA", "paperlight_studio", List.of("style", "lighting"),
                List.of("lanternglow", "warm light"), "SDXL 1.0", "SD 1.5"));
        ModelHit hit = find("lantern").getFirst();
        assertThat(hit.civitaiId()).isEqualTo(10);
        assertThat(hit.name()).isEqualTo("Lantern Light");
        assertThat(hit.type()).isEqualTo("LORA");
        assertThat(hit.creator()).isEqualTo("paperlight_studio");
        assertThat(hit.latestVersion()).isEqualTo("v2.0");
        assertThat(hit.baseModel()).isEqualTo("SDXL 1.0");
        assertThat(hit.triggerWords()).containsExactly("lanternglow", "warm light");
        assertThat(hit.tags()).isEqualTo("lighting, style");
        assertThat(hit.nsfw()).isFalse();
        assertThat(hit.nsfwLevel()).isEqualTo(1);
        assertThat(hit.downloadCount()).isEqualTo(10);
    }

    @Test
    void everyIndexedFieldIsSearchable() {
        cache(model(20, "Plain Name", "<p>Quiet description with marigold.</p>", "LORA", "cobaltsmith",
                List.of("tapestry"), List.of("zx_trigger", "glimmerword"), "SD 1.5"));
        assertThat(ids("marigold")).containsExactly(20L);   // description
        assertThat(ids("tapestry")).containsExactly(20L);   // tag
        assertThat(ids("glimmerword")).containsExactly(20L); // trigger word
        assertThat(ids("zx_trigger")).containsExactly(20L);  // trigger word with _ (literal)
        assertThat(ids("cobaltsmith")).containsExactly(20L); // creator
        assertThat(ids("v1.0")).containsExactly(20L);        // version name
        assertThat(ids("plai")).containsExactly(20L);        // inside a word: the substring search finds it
        assertThat(ids("lain nam")).containsExactly(20L);    // every word anywhere
        assertThat(ids("plai*")).containsExactly(20L);       // a prefix
        assertThat(ids("MARIGOLD")).containsExactly(20L);    // any case
    }

    @Test
    void diacriticsDoNotMatter() {
        cache(model(30, "Café Scene", "<p>Crème brûlée.</p>"));
        assertThat(ids("cafe")).containsExactly(30L);
        assertThat(ids("creme brulee")).containsExactly(30L);
        assertThat(ids("café")).containsExactly(30L);
    }

    // ------------------------------------------------------------------ filters

    @Test
    void substringsFindModelsInEveryScriptAfterTheWordMatches() {
        cache(model(58390, "Detail Tweaker LoRA (细节调整LoRA)", "<p>x</p>"), model(7808, "EasyNegative", "<p>y</p>"),
                model(101, "初音ミク Hatsune Miku", "<p>z</p>"), model(102, "Easy Street", "<p>w</p>"));
        assertThat(ids("weaker")).containsExactly(58390L);
        assertThat(ids("细节")).containsExactly(58390L);
        assertThat(ids("ミク")).containsExactly(101L);
        // one letter, and two short terms together, through the short-term index; a pair split by ASCII is no pair
        assertThat(ids("音")).containsExactly(101L);
        assertThat(ids("细节 调整")).containsExactly(58390L);
        assertThat(ids("节l")).isEmpty();
        assertThat(ids("ミク hatsune")).containsExactly(101L);
        // "easy" is a word of Easy Street (ranked first) and the start of EasyNegative (a prefix: found by words too)
        assertThat(ids("easy")).containsExactlyInAnyOrder(102L, 7808L);
        assertThat(ids("asyneg")).containsExactly(7808L);
        assertThat(ids("ik -miku")).isEmpty();
        assertThat(ids(search.search(query("eak", null, null, null, null, null, 1)))).hasSize(1);
    }

    @Test
    void filtersAloneListWhatTheyMatchAndBaseIsASubstring() {
        cache(model(41, "Sunset Lora", "<p>sunset</p>", "LORA", "Alice", List.of("landscape"), List.of(), "SDXL 1.0"),
                model(42, "Dawn Lora", "<p>dawn</p>", "LORA", "bob", List.of(), List.of(), "Pony"),
                model(43, "Noon Checkpoint", "<p>noon</p>", "Checkpoint", "bob", List.of(), List.of(), "SDXL Turbo"));
        assertThat(ids(search.search(query("", "lora", null, null, null, null, 20)))).containsExactlyInAnyOrder(41L, 42L);
        assertThat(ids(search.search(query("  ", "lora", "xl 1", null, null, null, 20)))).containsExactly(41L);
        assertThat(ids(search.search(query("", null, "turbo", null, null, null, 20)))).containsExactly(43L);
        assertThat(ids(search.search(query("", null, null, null, "BOB", null, 1)))).hasSize(1);
        assertThat(search.search(query("", "lora", null, null, null, null, 20))).allSatisfy(h -> assertThat(h.filesOnDisk()).isZero());
    }

    @Test
    void everyFilterNarrowsTheHits() {
        ObjectNode lora = model(41, "Sunset Lora", "<p>sunset</p>", "LORA", "Alice", List.of("landscape"), List.of(),
                "SDXL 1.0");
        ObjectNode ckpt = model(42, "Sunset Checkpoint", "<p>sunset</p>", "Checkpoint", "bob", List.of("photo"),
                List.of(), "SD 1.5", "Pony");
        ObjectNode emb = model(43, "Sunset Embedding", "<p>sunset</p>", "TextualInversion", "alice",
                List.of("Landscape", "photo"), List.of(), "SDXL Turbo");
        cache(lora, ckpt, emb);
        assertThat(ids("sunset")).containsExactlyInAnyOrder(41L, 42L, 43L);
        assertThat(ids(search.search(query("sunset", "lora", null, null, null, null, 20)))).containsExactly(41L);
        assertThat(ids(search.search(query("sunset", "CHECKPOINT", null, null, null, null, 20)))).containsExactly(42L);
        // base: any version, case-insensitive prefix
        assertThat(ids(search.search(query("sunset", null, "sdxl", null, null, null, 20))))
                .containsExactlyInAnyOrder(41L, 43L);
        assertThat(ids(search.search(query("sunset", null, "pony", null, null, null, 20)))).containsExactly(42L);
        assertThat(ids(search.search(query("sunset", null, "SDXL 1.0", null, null, null, 20)))).containsExactly(41L);
        assertThat(ids(search.search(query("sunset", null, "SD_1%", null, null, null, 20)))).isEmpty(); // literal
        assertThat(ids(search.search(query("sunset", null, null, "landscape", null, null, 20))))
                .containsExactlyInAnyOrder(41L, 43L);
        assertThat(ids(search.search(query("sunset", null, null, "land", null, null, 20)))).isEmpty(); // tags are exact
        assertThat(ids(search.search(query("sunset", null, null, null, "ALICE", null, 20))))
                .containsExactlyInAnyOrder(41L, 43L);
        assertThat(ids(search.search(query("sunset", null, null, null, "bob", null, 20)))).containsExactly(42L);
        assertThat(ids(search.search(query("sunset", null, null, null, "nobody", null, 20)))).isEmpty();
        assertThat(ids(search.search(query("sunset", "lora", "sdxl", "landscape", "alice", false, 20))))
                .containsExactly(41L);
        assertThat(ids(search.search(query("sunset", "lora", "pony", null, null, null, 20)))).isEmpty();
    }

    @Test
    void filtersApplyBeforeTheLimit() {
        List<ObjectNode> models = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            models.add(model(100 + i, "Castle " + i, "<p>castle castle</p>"));
        }
        // the only checkpoint matches in its description only: it ranks last of all
        models.add(model(200, "Ruins", "<p>An old castle.</p>", "Checkpoint", "x", List.of(), List.of()));
        cache(models.toArray(ObjectNode[]::new));
        assertThat(ids(search.search(query("castle", null, null, null, null, null, 5)))).hasSize(5).doesNotContain(200L);
        assertThat(ids(search.search(query("castle", null, null, null, null, null, 100)))).hasSize(31).endsWith(200L);
        assertThat(ids(search.search(query("castle", "checkpoint", null, null, null, null, 5)))).containsExactly(200L);
    }

    @Test
    void nsfwFilterFollowsTheFlagAndTheRatingBitmask() {
        ObjectNode safe = model(51, "Harbor Safe", "<p>harbor</p>");
        ObjectNode pg13 = model(52, "Harbor PG13", "<p>harbor</p>").put("nsfwLevel", 3); // PG + PG-13
        ObjectNode flagged = model(53, "Harbor Flagged", "<p>harbor</p>").put("nsfw", true);
        ObjectNode rated = model(54, "Harbor Rated", "<p>harbor</p>").put("nsfwLevel", 5); // PG + R
        ObjectNode x = model(55, "Harbor X", "<p>harbor</p>").put("nsfwLevel", 8);
        ObjectNode unknown = model(56, "Harbor Unknown", "<p>harbor</p>");
        unknown.remove("nsfw");
        unknown.remove("nsfwLevel");
        cache(safe, pg13, flagged, rated, x, unknown);
        assertThat(ids("harbor")).containsExactlyInAnyOrder(51L, 52L, 53L, 54L, 55L, 56L); // nothing hidden by default
        assertThat(ids(search.search(query("harbor", null, null, null, null, false, 20))))
                .containsExactlyInAnyOrder(51L, 52L, 56L);
        assertThat(ids(search.search(query("harbor", null, null, null, null, true, 20))))
                .containsExactlyInAnyOrder(53L, 54L, 55L);
    }

    // ------------------------------------------------------------------ HTML

    @Test
    void descriptionsAreSearchedWithoutTheirHtml() {
        cache(model(60, "Plain", "<p>Visit <a href=\"https://example.invalid/zebrafish\" title=\"okapi\">my page</a>"
                + " &amp; enjoy <b>bold</b>ness.</p><script>var narwhal = 1;</script><style>.kiwi{}</style>"
                + "<!-- walrus --><p>Fish&#39;n&#x27;chips &lt;tag&gt;</p>"));
        assertThat(ids("zebrafish")).isEmpty();
        assertThat(ids("okapi")).isEmpty();
        assertThat(ids("narwhal")).isEmpty();
        assertThat(ids("kiwi")).isEmpty();
        assertThat(ids("walrus")).isEmpty();
        assertThat(ids("href")).isEmpty();
        assertThat(ids("page")).containsExactly(60L);
        assertThat(ids("enjoy")).containsExactly(60L);
        assertThat(ids("\"fish n chips\"")).containsExactly(60L);
        assertThat(ids("tag")).containsExactly(60L);
    }

    @Test
    void htmlTextKeepsTheVisibleText() {
        assertThat(HtmlText.of("<p>a</p><p>b</p>")).isEqualTo("a b");
        assertThat(HtmlText.of("1 < 2 &amp;&amp; 3 > 2 &bogus; &#65;")).isEqualTo("1 < 2 && 3 > 2 &bogus; A");
        assertThat(HtmlText.of("<a title='x > y'>link</a>")).isEqualTo("link");
        assertThat(HtmlText.of("<SCRIPT>hidden</SCRIPT>shown")).isEqualTo("shown");
        assertThat(HtmlText.of(null)).isNull();
        assertThat(HtmlText.of("<p unclosed")).isEmpty();
    }

    // ------------------------------------------------------------------ user syntax

    @Test
    void orExclusionAndPhrases() {
        cache(model(70, "Red Fox", "<p>forest animal</p>"),
                model(71, "Blue Fox", "<p>arctic animal</p>"),
                model(72, "Red Panda", "<p>forest animal</p>"),
                model(73, "Fox Red", "<p>reversed</p>"));
        assertThat(ids("red fox")).containsExactlyInAnyOrder(70L, 73L);
        assertThat(ids("\"red fox\"")).containsExactly(70L);
        assertThat(ids("fox OR panda")).containsExactlyInAnyOrder(70L, 71L, 72L, 73L);
        assertThat(ids("red fox OR panda")).containsExactlyInAnyOrder(70L, 72L, 73L); // red AND (fox OR panda)
        assertThat(ids("fox -blue")).containsExactlyInAnyOrder(70L, 73L);
        assertThat(ids("animal -\"red fox\" -blue")).containsExactly(72L);
        assertThat(ids("fox or")).isEmpty(); // lower-case "or" is a word
    }

    @Test
    void operatorsQuotesAndWildcardsInUserTextAreLiteral() {
        cache(model(80, "snake_case Helper", "<p>Gives 50% more detail. NEAR the end.</p>"),
                model(81, "Snake and Case", "<p>Other 50 things.</p>"),
                model(82, "Name Colon", "<p>name: value</p>"));
        assertThat(ids("snake_case")).containsExactly(80L);   // _ is not a wildcard
        assertThat(ids("50%")).containsExactlyInAnyOrder(80L, 81L); // % is not a wildcard, "50" is the word
        // FTS5 syntax is text: none of these is an error and none matches everything
        for (String text : List.of("name:colon", "NEAR(snake case)", "snake AND", "AND", "NOT snake", "^snake",
                "snake*", "(snake", "snake)", "{name}: x", "'snake'", "it's", "a\"\"b", "\"\"", "x -", "- x", "+snake")) {
            List<ModelHit> hits = searchOrBadInput(text);
            assertThat(hits).as(text).hasSizeLessThan(3);
        }
        assertThat(ids("name:colon")).containsExactly(82L);
        assertThat(ids("NEAR(snake case)")).isEmpty(); // the word "near" AND "snake" AND "case)"
        assertThat(ids("near snake")).containsExactly(80L);
    }

    private List<ModelHit> searchOrBadInput(String text) {
        try {
            return find(text);
        } catch (TensorsException e) {
            assertThat(e.code()).as(text).isEqualTo(ErrorCode.BAD_INPUT);
            assertThat(e.getMessage()).as(text).startsWith("search: ").doesNotContain("\n").doesNotContainIgnoringCase("sql");
            return List.of();
        }
    }

    @Test
    void malformedQueriesAreOneClearLine() {
        cache(model(90, "Anything", "<p>x</p>"));
        for (String text : List.of("", "   ", "\"unbalanced", "anything \"half", "OR anything", "anything OR",
                "anything OR OR x", "-anything", "%", "_", "!!!", "anything OR -x")) {
            assertThatThrownBy(() -> find(text)).as(text).isInstanceOfSatisfying(TensorsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
                assertThat(e.getMessage()).startsWith("search: ").doesNotContain("\n").doesNotContainIgnoringCase("sql");
            });
        }
        assertThatThrownBy(() -> find("\"unbalanced")).hasMessageContaining("unbalanced quote");
        assertThatThrownBy(() -> find(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> find("-x")).hasMessageContaining("only excludes");
        assertThatThrownBy(() -> search.search(query("anything", null, null, null, null, null, 0)))
                .isInstanceOfSatisfying(TensorsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT))
                .hasMessageContaining("--limit");
    }

    @Test
    void syntaxTranslation() {
        assertThat(SearchSyntax.toMatch("anime girl")).isEqualTo("\"anime\" AND \"girl\"");
        assertThat(SearchSyntax.toMatch("anim* girl")).isEqualTo("\"anim\"* AND \"girl\"");
        assertThat(SearchSyntax.toMatch("a OR b c")).isEqualTo("(\"a\" OR \"b\") AND \"c\"");
        assertThat(SearchSyntax.toMatch("say \"hi there\" -bad")).isEqualTo("(\"say\" AND \"hi there\") NOT (\"bad\")");
        assertThat(SearchSyntax.toMatch("a\"\"b")).isEqualTo("\"a\" AND \"b\""); // an empty phrase has nothing to find
        assertThat(SearchSyntax.toMatch("it's x:y")).isEqualTo("\"it's\" AND \"x:y\"");
        assertThat(SearchSyntax.toMatch("say\"\"\"\"")).isEqualTo("\"say\"");
        assertThatThrownBy(() -> SearchSyntax.toMatch("* **")).hasMessageContaining("no letters or digits");
    }

    @Test
    void aVeryCommonWordRanksOnlyItsMostDownloadedMatchesAndDownloadsAreKeptInStep() {
        // downloads = id % 1000: 101 < 102 < 103 < 104; only 101 has the word in its name (the best bm25)
        cache(model(101, "Glow Lamp", "<p>a lamp</p>"), model(102, "Other A", "<p>a glow here</p>"),
                model(103, "Other B", "<p>a glow there</p>"), model(104, "Other C", "<p>some glow too</p>"));
        SearchQuery topTwo = query("glow", null, null, null, null, null, 2);
        assertThat(ids(search.search(topTwo))).first().isEqualTo(101L);   // below the window: exact bm25 over all
        ModelSearch narrow = new ModelSearch(store, 2);                      // only the 2 most downloaded are ranked
        assertThat(ids(narrow.search(topTwo))).containsExactlyInAnyOrder(103L, 104L);
        ObjectNode popular = model(101, "Glow Lamp", "<p>a lamp</p>");
        ((ObjectNode) popular.get("stats")).put("downloadCount", 5000);
        cache(popular);                                                 // re-cached: now the most downloaded
        assertThat(ids(narrow.search(topTwo))).containsExactly(101L, 104L);
        assertThat(ids(narrow.search(query("glow", null, null, null, null, null, 1)))).containsExactly(101L);
    }

    // ------------------------------------------------------------------ local files by their linked models

    /** A cataloged file on disk, linked to version {@code versionId} of model {@code modelId} when not null. */
    private void localFile(long id, String path, Long modelId, Long versionId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                PreparedStatement p = c.prepareStatement("INSERT INTO local_files (id, file_path, sha256, civitai_model_id,"
                        + " civitai_version_id, created_at, updated_at, file_size, mtime_ns)"
                        + " VALUES (?, ?, ?, ?, ?, '2026-01-01', '2026-01-01', 1000, 1)");
                PreparedStatement text = c.prepareStatement("INSERT INTO file_search (rowid, text) VALUES (?, ?)")) {
            p.setLong(1, id);
            p.setString(2, path);
            p.setString(3, String.format("%064X", id));
            p.setObject(4, modelId);
            p.setObject(5, versionId);
            p.executeUpdate();
            text.setLong(1, id);
            text.setString(2, path); // the file's own search text, as a scan writes it (here its path alone)
            text.executeUpdate();
        }
    }

    @Test
    void filesAreFoundByTheirLinkedModelsTextWithEitherPlanMostDownloadedModelFirst() throws Exception {
        // downloads = id % 1000: 205 > 203 > 201; the files' own paths hold none of the words
        cache(model(201, "Hatsune Miku", "<p>a</p>"), model(203, "Miku Append", "<p>b</p>"), model(205, "Mikuo", "<p>c</p>"),
                model(207, "Tweaker", "<p>d</p>"));
        localFile(1, "/m/a.safetensors", 201L, 2010L);
        localFile(2, "/m/b.safetensors", 203L, 2030L);
        localFile(3, "/m/c.safetensors", 205L, 2050L);
        localFile(4, "/m/d.safetensors", 207L, 2070L);
        localFile(5, "/m/e.safetensors", null, null);
        SubstringTerms terms = SubstringTerms.of("iku");
        for (boolean few : new boolean[] {false, true}) {
            List<Long> all = store.read(m -> m.queries().searchLinkedModels(terms.match(), null, List.of(), List.of(), null, null,
                    null, null, null, 20, few));
            assertThat(all).as("fewLinked=" + few).containsExactly(3L, 2L, 1L);
            List<Long> first = store.read(m -> m.queries().searchLinkedModels(terms.match(), null, List.of(), List.of(), null, null,
                    null, null, null, 1, few));
            assertThat(first).as("fewLinked=" + few).containsExactly(3L);
            SubstringTerms excluding = SubstringTerms.of("iku -append");
            List<Long> notAppend = store.read(m -> m.queries().searchLinkedModels(excluding.match(), null, List.of(),
                    excluding.excluded(), null, null, null, null, null, 20, few));
            assertThat(notAppend).as("fewLinked=" + few).containsExactly(3L, 1L);
        }
        int linked = store.read(m -> m.queries().countLinkedFiles());
        assertThat(linked).isEqualTo(4);
        assertThat(search.searchFiles(SearchQuery.of("weaker"))).extracting(LocalFileRow::filePath).containsExactly("/m/d.safetensors");
    }

    @Test
    void searchAllGivesWhatBothSearchesGiveAndTheModelsFailure() throws Exception {
        cache(model(301, "Detail Tweaker", "<p>sharp</p>"), model(302, "Sharp Lines", "<p>detail</p>"));
        localFile(1, "/m/detail_tweaker.safetensors", 301L, 3010L);
        localFile(2, "/m/other.safetensors", null, null);
        for (String text : List.of("detail", "weaker", "sharp", "nothing here")) {
            SearchQuery q = SearchQuery.of(text);
            SearchResults all = search.searchAll(q);
            assertThat(ids(all.models())).as(text).isEqualTo(ids(search.search(q)));
            assertThat(all.files()).as(text).isEqualTo(search.searchFiles(q));
        }
        assertThat(search.searchAll(SearchQuery.of("detail")).files()).extracting(LocalFileRow::filePath)
                .containsExactly("/m/detail_tweaker.safetensors");
        assertThatThrownBy(() -> search.searchAll(SearchQuery.of("\"a"))).isInstanceOf(TensorsException.class)
                .hasMessageStartingWith("search: ");
        assertThatThrownBy(() -> search.searchAll(query("a", null, null, null, null, null, 0)))
                .hasMessageContaining("--limit must be at least 1");
    }

    // ------------------------------------------------------------------ index upkeep

    @Test
    void reCachingAModelReplacesItsIndexRow() throws Exception {
        ingest.ingestModel("civitai", "models/900100", resource("/civitai/model_900100.json"), T1);
        assertThat(ids("scenes")).containsExactly(900100L);
        assertThat(ids("lanternglow")).containsExactly(900100L);
        ingest.ingestModel("civitai", "models/900100", resource("/civitai/model_900100_changed.json"), T1);
        assertThat(ids("scenes")).isEmpty(); // old description
        assertThat(ids("maintained")).containsExactly(900100L);
        assertThat(ids("archived")).containsExactly(900100L);
        assertThat(ids("\"v3.0\"")).isEmpty(); // old version name
        assertThat(ids("\"v3.1\"")).containsExactly(900100L);
        assertThat(ids("lantern")).containsExactly(900100L); // one row, no duplicate
        assertThat(count("SELECT count(*) FROM model_search WHERE model_search MATCH 'lantern*'")).isEqualTo(1);
    }

    @Test
    void reCachingWithFewerTagsVersionsAndWordsLeavesNoStaleHits() {
        cache(model(95, "Alpha", "<p>first</p>", "LORA", "olduser", List.of("oldtag"), List.of("oldword"), "SD 1.5",
                "SD 2.1"));
        assertThat(ids("oldtag oldword olduser first alpha")).containsExactly(95L);
        assertThat(ids("\"v2.0\"")).containsExactly(95L);
        cache(model(95, "Beta", "<p>second</p>", "LORA", "newuser", List.of("newtag"), List.of("newword")));
        for (String gone : List.of("alpha", "first", "oldtag", "oldword", "olduser", "\"v2.0\"")) {
            assertThat(ids(gone)).as(gone).isEmpty();
        }
        assertThat(ids("beta second newtag newword newuser")).containsExactly(95L);
    }

    @Test
    void aVersionBodyIndexesItsModelAndARemovedModelLeavesTheIndex() throws Exception {
        ingest.ingestVersion("civitai", "model-versions/900103", resource("/civitai/version_900103.json"), T1);
        assertThat(ids("lanternglow")).containsExactly(900100L); // trained words of the version
        assertThat(ids("lookup")).containsExactly(900100L);       // the stub model's name
        cache(model(96, "Keeper", "<p>stays</p>"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
            s.executeUpdate("DELETE FROM models WHERE civitai_id = 900100");
        }
        assertThat(ids("lanternglow")).isEmpty();
        assertThat(ids("lookup")).isEmpty();
        assertThat(ids("keeper")).containsExactly(96L);
    }

    @Test
    void aVersion1CatalogGetsItsIndexBuiltByTheMigration() throws Exception {
        store.close();
        Path old = dir.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = c.createStatement()) {
            s.executeUpdate(resource("/io/tensors/engine/store/migrations/V1__catalog.sql"));
            s.executeUpdate("PRAGMA user_version = 1");
            s.executeUpdate("INSERT INTO creators (id, username) VALUES (1, 'vintage_maker')");
            s.executeUpdate("INSERT INTO models (id, civitai_id, name, description, type, creator_id, nsfw, nsfw_level)"
                    + " VALUES (7, 700, 'Old Film Look', '<p>Grainy <a href=\"https://x.invalid/sepiatone\">cine</a>"
                    + " stock &amp; halation.</p>', 'LORA', 1, 0, 1),"
                    + " (8, 800, 'Unrelated', NULL, 'Checkpoint', NULL, 1, 16)");
            s.executeUpdate("INSERT INTO tags (id, name) VALUES (1, 'analog')");
            s.executeUpdate("INSERT INTO model_tags (model_id, tag_id) VALUES (7, 1)");
            s.executeUpdate("INSERT INTO model_versions (id, civitai_id, model_id, name, base_model, version_index)"
                    + " VALUES (70, 7000, 7, 'kodachrome edition', 'SD 1.5', 0)");
            s.executeUpdate("INSERT INTO trained_words (version_id, word, position) VALUES (70, 'filmgrain', 0)");
        }
        store = CatalogStore.open(old);
        search = new ModelSearch(store);
        assertThat(ids("halation")).containsExactly(700L);
        assertThat(ids("analog")).containsExactly(700L);
        assertThat(ids("filmgrain")).containsExactly(700L);
        assertThat(ids("vintage_maker")).containsExactly(700L);
        assertThat(ids("kodachrome")).containsExactly(700L);
        assertThat(ids("sepiatone")).isEmpty();
        assertThat(ids("unrelated")).containsExactly(800L);
        assertThat(ids(search.search(query("unrelated", null, null, null, null, false, 20)))).isEmpty();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT description_text FROM models WHERE id = 7")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("Grainy cine stock & halation.");
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
