package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output for programs (exporters, --json) printed to a terminal is cleaned of escape sequences as the
 * tables are; written to a file or a pipe it is the exact data.
 */
class TerminalOutputTest {
    static final String EVIL = "\u001b]0;pwned\u0007evil\u001b[31m\u202e";

    @TempDir
    Path dir;

    Path db;
    StringWriter out;

    @BeforeEach
    void catalog() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        SafetensorsWriter.writeSized(models.resolve(EVIL + ".safetensors"), 10_000, Map.of(), 1);
        db = dir.resolve("catalog.db");
        assertThat(tsr(false, "db", "scan", models.toString())).isZero();
    }

    int tsr(boolean terminal, String... args) {
        out = new StringWriter();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--db", db.toString()))
                .toArray(String[]::new);
        return Cli.run(new Environment(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                Map.of("HOME", dir.toString()), false, terminal), all);
    }

    @Test
    void exportsOnATerminalAreSanitizedAndExactElsewhere() {
        String[][] commands = {{"db", "export", "--format", "csv"}, {"db", "export", "--format", "markdown"},
            {"db", "list", "--format", "csv"}, {"db", "list", "--format", "jsonl"}, {"db", "list", "--json"}};
        for (String[] command : commands) {
            assertThat(tsr(true, command)).isZero();
            assertThat(out.toString()).as(String.join(" ", command)).contains("evil").doesNotContain("\u001b")
                    .doesNotContain("\u202e").doesNotContain("\u0007").endsWith("\n");
        }
        for (String format : new String[] {"csv", "markdown"}) {
            assertThat(tsr(true, "db", "export", "--format", format)).isZero();
            assertThat(out.toString()).as(format).doesNotContain("pwned").doesNotContain("[31m");
        }
        assertThat(tsr(true, "db", "export", "--format", "csv")).isZero();
        assertThat(out.toString().split("\r\n")).hasSize(2); // the records' CRLF survive the cleaning

        assertThat(tsr(false, "db", "export", "--format", "csv")).isZero();
        assertThat(out.toString()).contains(EVIL);
        assertThat(tsr(false, "db", "list", "--json")).isZero();
        assertThat(out.toString()).contains("\\u001B]0;pwned").contains("\u202e");
    }

    @Test
    void jsonOfEveryCommandOnATerminalHasNoBidiOverrides() throws Exception {
        Path file = SafetensorsWriter.writeSized(dir.resolve("meta.safetensors"), 10_000, Map.of("title", "a\u202eb\u009b31m"), 2);
        assertThat(tsr(true, "info", file.toString(), "--json")).isZero();
        assertThat(out.toString()).contains("\"title\" : \"ab\"").doesNotContain("\u202e").doesNotContain("\u009b");
        assertThat(tsr(false, "info", file.toString(), "--json")).isZero();
        assertThat(out.toString()).contains("a\u202eb");
    }
}
