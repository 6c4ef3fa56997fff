package io.tensors.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.ExportData;
import io.tensors.api.Exporter;
import io.tensors.api.TensorsPlugin;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BuiltinExportersPluginTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Tricky values: separators, quotes, line breaks, pipes, non-ASCII, null, numbers, a nested list. */
    private static final ExportData DATA = new ExportData("local files", List.of("file_path", "file_size", "trigger_words", "tags"),
            List.of(row("file_path", "/m/a,b.safetensors", "file_size", 12L, "trigger_words", "say \"hi\"", "tags", List.of("x", "y")),
                    row("file_path", "/m/line\nbreak|pipe.safetensors", "file_size", 3.5, "trigger_words", null),
                    row("file_path", "/m/crlf\r\nü", "file_size", null, "trigger_words", "plain", "tags", null)));

    static String export(String id, ExportData data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exporter(id).export(data, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static Exporter exporter(String id) {
        return new BuiltinExportersPlugin().exporters().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void serviceLoaderFindsThePluginWithTheFourFormats() {
        List<TensorsPlugin> plugins = ServiceLoader.load(TensorsPlugin.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p instanceof BuiltinExportersPlugin).toList();
        assertThat(plugins).hasSize(1);
        assertThat(plugins.getFirst().apiVersion()).isEqualTo(TensorsPlugin.API_VERSION);
        assertThat(plugins.getFirst().name()).isEqualTo("builtin-exporters");
        assertThat(plugins.getFirst().exporters()).extracting(Exporter::id).containsExactly("json", "jsonl", "csv", "markdown");
        assertThat(plugins.getFirst().exporters()).allSatisfy(e -> assertThat(e.description()).isNotBlank());
    }

    @Test
    void csvFollowsRfc4180() throws Exception {
        assertThat(export("csv", DATA)).isEqualTo(
                "file_path,file_size,trigger_words,tags\r\n"
                        + "\"/m/a,b.safetensors\",12,\"say \"\"hi\"\"\",\"x\ny\"\r\n"
                        + "\"/m/line\nbreak|pipe.safetensors\",3.5,,\r\n"
                        + "\"/m/crlf\r\nü\",,plain,\r\n");
    }

    @Test
    void csvOfNoRowsIsTheHeaderAndAFieldWithOnlyCrIsQuoted() throws Exception {
        assertThat(export("csv", new ExportData("t", List.of("a", "b"), List.of()))).isEqualTo("a,b\r\n");
        assertThat(export("csv", new ExportData("t", List.of("a"), List.of(row("a", "x\ry"), row("a", ""))))).isEqualTo("a\r\n\"x\ry\"\r\n\r\n");
        assertThat(CsvExporter.field("no quoting needed; here")).isEqualTo("no quoting needed; here");
    }

    @Test
    void markdownEscapesPipesBackslashesAndLineBreaks() throws Exception {
        String md = export("markdown", DATA);
        assertThat(md).isEqualTo(
                "## local files\n\n"
                        + "| file_path | file_size | trigger_words | tags |\n"
                        + "| --- | --- | --- | --- |\n"
                        + "| /m/a,b.safetensors | 12 | say \"hi\" | x<br>y |\n"
                        + "| /m/line<br>break\\|pipe.safetensors | 3.5 |  |  |\n"
                        + "| /m/crlf<br>ü |  | plain |  |\n");
        assertThat(MarkdownExporter.cell("a\\|b")).isEqualTo("a\\\\\\|b");
        // every row stays one line with the right number of unescaped separators
        md.lines().skip(2).forEach(line -> assertThat(line.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(5));
    }

    /** Trigger words hold commas: a list of them must not come out joined with a comma-like separator. */
    @Test
    void aListOfWordsIsOneWordPerLineAndOtherNestedValuesStayJson() throws Exception {
        ExportData words = new ExportData("local files", List.of("file_path", "trigger_words"), List.of(
                row("file_path", "/m/a.safetensors", "trigger_words", List.of("Thigh clothes, semi-realistic, shiny skin", "glossy")),
                row("file_path", "/m/b.safetensors", "trigger_words", List.of()),
                row("file_path", "/m/c.safetensors", "trigger_words", List.of("two\nlines", "x")),
                row("file_path", "/m/d.safetensors", "trigger_words", List.of(Map.of("k", 1)))));
        assertThat(export("csv", words)).isEqualTo("file_path,trigger_words\r\n"
                + "/m/a.safetensors,\"Thigh clothes, semi-realistic, shiny skin\nglossy\"\r\n"
                + "/m/b.safetensors,\r\n"
                + "/m/c.safetensors,\"[\"\"two\\nlines\"\",\"\"x\"\"]\"\r\n"
                + "/m/d.safetensors,\"[{\"\"k\"\":1}]\"\r\n");
        assertThat(export("markdown", words)).contains("| /m/a.safetensors | Thigh clothes, semi-realistic, shiny skin<br>glossy |\n");
        JsonNode first = JSON.readTree(export("jsonl", words).lines().findFirst().orElseThrow());
        assertThat(first.get("trigger_words").isArray()).isTrue();
        assertThat(first.get("trigger_words").get(0).asString()).isEqualTo("Thigh clothes, semi-realistic, shiny skin");
        assertThat(JSON.readTree(export("json", words)).get(0).get("trigger_words").size()).isEqualTo(2);
    }

    @Test
    void jsonlIsOneCompactObjectPerLine() throws Exception {
        String jsonl = export("jsonl", DATA);
        List<String> lines = List.of(jsonl.split("\n", -1));
        assertThat(lines).hasSize(4);
        assertThat(lines.getLast()).isEmpty(); // ends with a newline
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.propertyNames()).containsExactly("file_path", "file_size", "trigger_words", "tags");
        assertThat(first.get("tags").get(1).asString()).isEqualTo("y");
        assertThat(JSON.readTree(lines.get(1)).get("file_path").asString()).isEqualTo("/m/line\nbreak|pipe.safetensors");
        assertThat(JSON.readTree(lines.get(2)).get("file_path").asString()).isEqualTo("/m/crlf\r\nü");
        assertThat(lines.get(2)).contains("ü");
        assertThat(JSON.readTree(lines.get(2)).get("file_size").isNull()).isTrue();
        assertThat(export("jsonl", new ExportData("t", List.of("a"), List.of()))).isEmpty();
    }

    @Test
    void jsonIsAnArrayOfObjectsInColumnOrder() throws Exception {
        JsonNode array = JSON.readTree(export("json", DATA));
        assertThat(array.isArray()).isTrue();
        assertThat(array.size()).isEqualTo(3);
        assertThat(array.get(0).propertyNames()).containsExactly("file_path", "file_size", "trigger_words", "tags");
        assertThat(array.get(0).get("file_size").asLong()).isEqualTo(12);
        assertThat(array.get(1).get("tags").isNull()).isTrue();
        assertThat(JSON.readTree(export("json", new ExportData("t", List.of("a"), List.of()))).size()).isZero();
    }

    @Test
    void exportDataOrdersRowsByColumnsAndRefusesUnknownKeys() {
        ExportData d = new ExportData("t", List.of("b", "a"), List.of(row("a", 1, "b", 2)));
        assertThat(d.rows().getFirst().keySet()).containsExactly("b", "a");
        assertThatThrownBy(() -> new ExportData("t", List.of("a"), List.of(row("zz", 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zz");
    }
}
