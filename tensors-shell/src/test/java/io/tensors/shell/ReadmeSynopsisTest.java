package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's synopsis of {@code tsr run}, typed as written, does what it says. */
class ReadmeSynopsisTest {
    static final Path README = Path.of(System.getProperty("user.dir")).resolve("../README.md").normalize();

    @TempDir
    Path dir;

    @Test
    void theRunSynopsisWorksAsWritten() throws Exception {
        Matcher row = Pattern.compile("(?m)^\\| `(tsr run [^`]*)`").matcher(Files.readString(README));
        assertThat(row.find()).as("a row for tsr run in " + README).isTrue();
        String synopsis = row.group(1);
        Path script = dir.resolve("echo.js");
        Files.writeString(script, "console.log(JSON.stringify(args))");

        List<String> line = new ArrayList<>();
        for (String word : synopsis.replace("[", "").replace("]", "").split(" ")) {
            switch (word) {
                case "tsr" -> { }
                case "FILE.js", "FILE" -> line.add(script.toString());
                case "ARGS...", "ARGS" -> line.addAll(List.of("one", "two"));
                case "S", "SECONDS" -> line.add("5");
                default -> line.add(word);
            }
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(new Environment(new PrintWriter(out, true), new PrintWriter(err, true), Map.of("HOME", dir.toString()), false),
                line.toArray(String[]::new));
        assertThat(exit).as(synopsis + ": " + err).isZero();
        assertThat(out.toString().strip()).as(synopsis).isEqualTo("[\"one\",\"two\"]");
        assertThat(err.toString()).as(synopsis).isEmpty();
    }
}
