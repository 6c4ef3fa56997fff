package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.engine.civitai.ModelDocument;
import io.tensors.engine.civitai.ModelIngest;
import io.tensors.engine.store.CatalogStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code tsr db search} through the same CommandLine main() uses, with captured output. */
class SearchCommandTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    Path db;
    final Map<String, String> env = new HashMap<>();
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void setUp() {
        db = dir.resolve("catalog.db");
        env.put("HOME", dir.resolve("home").toString());
        try (CatalogStore store = CatalogStore.open(db)) {
            new ModelIngest(store).ingestModels("civitai", List.of(
                    doc(1, "Anime Lineart", "LORA", false, 1, "SDXL 1.0", "inkline"),
                    doc(2, "Realistic Portrait", "Checkpoint", false, 1, "SD 1.5", "rp_style"),
                    doc(3, "Anime Pinup", "LORA", true, 8, "Pony", "pinup")), Instant.parse("2026-02-01T10:00:00Z"));
        }
    }

    static ModelDocument doc(long id, String name, String type, boolean nsfw, int level, String base, String word) {
        String json = """
                {"id": %d, "name": "%s", "type": "%s", "nsfw": %s, "nsfwLevel": %d,
                 "description": "<p>A <b>model</b> for testing.</p>",
                 "creator": {"username": "maker_%d"}, "tags": ["style", "t%d"],
                 "stats": {"downloadCount": %d},
                 "modelVersions": [{"id": %d, "index": 0, "name": "v1", "baseModel": "%s",
                                    "trainedWords": ["%s", "second word"], "files": [], "images": []}]}
                """.formatted(id, name, type, nsfw, level, id, id, id * 100, id * 10, base, word);
        return new ModelDocument("models/" + id, json);
    }

    int tsr(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Cli.run(new Environment(new PrintWriter(out, true), new PrintWriter(err, true), env, false), args);
    }

    @Test
    void jsonHasSnakeCaseKeysBestHitFirst() throws Exception {
        assertThat(tsr("--db", db.toString(), "db", "search", "anime", "--json")).isZero();
        assertThat(err.toString()).isEmpty();
        JsonNode hits = JSON.readTree(out.toString());
        assertThat(hits.size()).isEqualTo(2);
        JsonNode hit = hits.get(0);
        assertThat(hit.propertyNames()).containsExactlyInAnyOrder("where", "civitai_id", "name", "type", "creator",
                "latest_version", "base_model", "nsfw", "nsfw_level", "download_count", "trigger_words", "tags", "score", "files_on_disk",
                "model_url");
        assertThat(hits.findValuesAsString("name")).containsExactlyInAnyOrder("Anime Lineart", "Anime Pinup");
        JsonNode lineart = hits.get(0).get("civitai_id").asLong() == 1 ? hits.get(0) : hits.get(1);
        assertThat(lineart.get("type").asString()).isEqualTo("LORA");
        assertThat(lineart.get("creator").asString()).isEqualTo("maker_1");
        assertThat(lineart.get("latest_version").asString()).isEqualTo("v1");
        assertThat(lineart.get("base_model").asString()).isEqualTo("SDXL 1.0");
        assertThat(lineart.get("trigger_words").toString()).isEqualTo("[\"inkline\",\"second word\"]");
        assertThat(lineart.get("tags").asString()).isEqualTo("style, t1");
        assertThat(lineart.get("download_count").asLong()).isEqualTo(100);
        assertThat(lineart.get("nsfw").asBoolean()).isFalse();
        assertThat(lineart.get("score").asDouble()).isPositive();
        assertThat(lineart.get("model_url").asString()).isEqualTo("https://civitai.com/models/1");
    }

    @Test
    void filtersAndSeveralWords() throws Exception {
        assertThat(tsr("--db", db.toString(), "db", "search", "anime", "--nsfw", "false", "--json")).isZero();
        assertThat(JSON.readTree(out.toString()).findValuesAsString("name")).containsExactly("Anime Lineart");
        assertThat(tsr("--db", db.toString(), "db", "search", "anime", "--nsfw", "true", "--json")).isZero();
        assertThat(JSON.readTree(out.toString()).findValuesAsString("name")).containsExactly("Anime Pinup");
        assertThat(tsr("--db", db.toString(), "db", "search", "model", "--type", "checkpoint", "--json")).isZero();
        assertThat(JSON.readTree(out.toString()).findValuesAsString("name")).containsExactly("Realistic Portrait");
        assertThat(tsr("--db", db.toString(), "db", "search", "model", "--base", "sdxl", "--tag", "STYLE",
                "--creator", "maker_1", "--json")).isZero();
        assertThat(JSON.readTree(out.toString()).findValuesAsString("name")).containsExactly("Anime Lineart");
        assertThat(tsr("--db", db.toString(), "db", "search", "realistic", "portrait", "--json")).isZero();
        assertThat(JSON.readTree(out.toString()).findValuesAsString("name")).containsExactly("Realistic Portrait");
        assertThat(tsr("--db", db.toString(), "db", "search", "model", "--limit", "1", "--json")).isZero();
        assertThat(JSON.readTree(out.toString()).size()).isEqualTo(1);
    }

    @Test
    void aTableForPeople() {
        assertThat(tsr("--db", db.toString(), "db", "search", "portrait", "--wide")).isZero();
        assertThat(out.toString()).contains("NAME").contains("TRIGGERS").contains("Realistic Portrait")
                .contains("rp_style | second word").contains("1 model");
        assertThat(tsr("--db", db.toString(), "db", "search", "nothingmatches")).isZero();
        assertThat(out.toString()).contains("Nothing matches");
    }

    @Test
    void aMinusWordAfterTheQueryExcludesInsteadOfBeingAnOption() throws Exception {
        assertThat(tsr("--db", db.toString(), "db", "search", "anime", "-pinup", "--json")).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(JSON.readTree(out.toString()).findValuesAsString("name")).containsExactly("Anime Lineart");
        // -h and -x are options, but -hentai and -xl are words, not clusters of them
        assertThat(tsr("--db", db.toString(), "db", "search", "anime", "-hentai", "-xl", "--json")).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(JSON.readTree(out.toString()).findValuesAsString("name")).containsExactlyInAnyOrder("Anime Lineart", "Anime Pinup");
        assertThat(tsr("--db", db.toString(), "db", "search", "anime", "--limit", "5", "-lineart", "--type", "lora", "--json")).isZero();
        assertThat(JSON.readTree(out.toString()).findValuesAsString("name")).containsExactly("Anime Pinup");
        assertThat(tsr("--db", db.toString(), "db", "search", "-h")).isZero();
        assertThat(out.toString()).contains("Usage: tsr db search");

        // the shell parses every line with one CommandLine: a line's words must not carry over to the next
        out = new StringWriter();
        var cli = Cli.create(new Environment(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), env, false));
        assertThat(cli.execute("--db", db.toString(), "db", "search", "lineart", "--json")).isZero();
        out.getBuffer().setLength(0);
        assertThat(cli.execute("--db", db.toString(), "db", "search", "pinup", "--json")).isZero();
        assertThat(JSON.readTree(out.toString()).findValuesAsString("name")).containsExactly("Anime Pinup");
        ((TsrCommand) cli.getCommand()).closeCatalog();
    }

    @Test
    void aSyntaxErrorIsOneLineAndExitCode2() {
        assertThat(tsr("--db", db.toString(), "db", "search", "\"unbalanced")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("tsr: search: unbalanced quote").doesNotContainIgnoringCase("sql");
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(tsr("--db", db.toString(), "db", "search", "--limit", "0", "x")).isEqualTo(2);
        assertThat(tsr("--db", db.toString(), "db", "search", "x", "--nsfw", "maybe")).isEqualTo(2);
        assertThat(tsr("--db", db.toString(), "db", "search")).isEqualTo(2);
    }
}
