package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JavaScript host through {@code tsr run} and directly: results, errors, limits. */
class ScriptHostTest {
    @TempDir
    Path dir;

    Path db;
    final Map<String, String> env = new HashMap<>();
    StringWriter out;
    StringWriter err;
    TsrCommand root;

    @BeforeEach
    void setUp() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        db = dir.resolve("catalog.db");
        env.put("HOME", dir.resolve("home").toString());
        SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 10_000, Map.of(), 1);
        SafetensorsWriter.writeSized(models.resolve("b.safetensors"), 20_000, Map.of(), 2);
        assertThat(tsr("db", "scan", models.toString(), "--db", db.toString())).isZero();
    }

    @AfterEach
    void tearDown() {
        if (root != null) {
            root.closeCatalog();
        }
    }

    int tsr(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Cli.run(new Environment(new PrintWriter(out, true), new PrintWriter(err, true), env, false), args);
    }

    int run(String code, String... args) throws Exception {
        Path script = dir.resolve("script.js");
        Files.writeString(script, code);
        List<String> line = new java.util.ArrayList<>(List.of("--db", db.toString(), "run", script.toString()));
        line.addAll(List.of(args));
        return tsr(line.toArray(String[]::new));
    }

    /** A host over captured streams, as the shell uses it. */
    ScriptHost host(long outputCap) {
        out = new StringWriter();
        err = new StringWriter();
        root = (TsrCommand) Cli.create(new Environment(new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("HOME", dir.toString(), "TSR_DB", db.toString()), false)).getCommand();
        return new ScriptHost(root::catalog, new PrintWriter(out, true), new PrintWriter(err, true), outputCap);
    }

    @Test
    void tsrOptionsAfterTheScriptGoToTheScriptWithANote() throws Exception {
        assertThat(run("console.log(JSON.stringify(args))", "--db", "other.db", "plain")).isZero();
        assertThat(out.toString().strip()).isEqualTo("[\"--db\",\"other.db\",\"plain\"]");
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("tsr: note: '--db' comes after the script").contains("tsr run --db X FILE");
    }

    @Test
    void scriptsGetPlainJsValuesAndTheirArguments() throws Exception {
        assertThat(run("""
                const files = tsr.files();
                console.log(JSON.stringify(files.map(f => f.fileSize).sort((a, b) => a - b)));
                console.log(Array.isArray(files), typeof files[0].filePath, files[0].modelName === null);
                const rows = tsr.sql('SELECT count(*) AS n, sum(file_size) AS total FROM local_files WHERE file_size > ?', 15000);
                console.log(JSON.stringify(rows));
                console.log(JSON.stringify(args));
                """, "--json", "x y")).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString().lines()).containsExactly("[10000,20000]", "true string true", "[{\"n\":1,\"total\":20000}]",
                "[\"--json\",\"x y\"]");
    }

    @Test
    void integersBeyondDoublePrecisionComeBackExactlyAsBigInt() throws Exception {
        long mtime;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT mtime_ns FROM local_files ORDER BY file_size LIMIT 1")) {
            mtime = rs.getLong(1);
        }
        assertThat(mtime).isGreaterThan(1L << 53);
        assertThat(run("""
                const r = tsr.sql('SELECT 9007199254740993 AS big, -9007199254740993 AS neg, 9007199254740991 AS safe, mtime_ns'
                    + ' FROM local_files ORDER BY file_size LIMIT 1')[0];
                console.log(typeof r.big, String(r.big), String(r.neg), typeof r.safe, String(r.mtime_ns));
                console.log(tsr.sql('SELECT mtime_ns = ? AS same FROM local_files ORDER BY file_size LIMIT 1', r.mtime_ns)[0].same);
                console.log(JSON.stringify(r));
                """)).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString().lines()).containsExactly("bigint 9007199254740993 -9007199254740993 number " + mtime, "1",
                "{\"big\":\"9007199254740993\",\"neg\":\"-9007199254740993\",\"safe\":9007199254740991,\"mtime_ns\":\"" + mtime + "\"}");
    }

    @Test
    void theShellPrintsBigIntegersExactly() {
        ScriptHost host = host(ScriptHost.OUTPUT_CAP);
        try (host) {
            assertThat(host.evalSnippet("tsr.sql('SELECT 9007199254740993 AS big, 1 AS small')", Duration.ofSeconds(5))).isTrue();
            assertThat(host.evalSnippet("({big: 2n ** 64n, text: '\\u0000n1', list: [-(2n ** 63n)]})", Duration.ofSeconds(5))).isTrue();
            assertThat(host.evalSnippet("2n ** 70n", Duration.ofSeconds(5))).isTrue();
        }
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).isEqualTo("""
                big               small
                9007199254740993  1
                1 row
                {
                  "big" : 18446744073709551616,
                  "text" : "\\u0000n1",
                  "list" : [ -9223372036854775808 ]
                }
                1180591620717411303424
                """);
    }

    @Test
    void theShellPrintsTheSameWhateverTheSnippetsRedefine() {
        ScriptHost host = host(ScriptHost.OUTPUT_CAP);
        try (host) {
            assertThat(host.evalSnippet("JSON.stringify = () => { for (;;) {} }; JSON.parse = String = BigInt = Object = null; 'redefined'",
                    Duration.ofSeconds(5))).isTrue();
            assertThat(host.evalSnippet("({a: [1, 2]})", Duration.ofSeconds(5))).isTrue();
            assertThat(host.evalSnippet("tsr.sql('SELECT 9007199254740993 AS big')[0]", Duration.ofSeconds(5))).isTrue();
        }
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).isEqualTo("redefined\n{\n  \"a\" : [ 1, 2 ]\n}\n{\n  \"big\" : 9007199254740993\n}\n");
    }

    @Test
    void aScriptOverTheSizeLimitIsRefusedWithOneLine() throws Exception {
        Path big = dir.resolve("big.js");
        Files.writeString(big, "//" + " ".repeat(RunCommand.MAX_SCRIPT_BYTES - 1));
        assertThat(tsr("--db", db.toString(), "run", big.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("tsr: " + big + ": more than 4 MiB; a script is at most that: check that this is the"
                + " script you meant\n");
        assertThat(tsr("--db", db.toString(), "run", "/dev/zero")).isEqualTo(2);
        assertThat(err.toString()).startsWith("tsr: /dev/zero: more than 4 MiB;").doesNotContain("\tat ").hasLineCount(1);
        Files.write(big, new byte[] {'/', '/', (byte) 0xff, '\n'});
        assertThat(tsr("--db", db.toString(), "run", big.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("tsr: " + big + ": not UTF-8 text; a script must be saved as UTF-8\n");
    }

    @Test
    void aScriptErrorShowsFileLineColumnAndExitsOne() throws Exception {
        assertThat(run("const a = 1;\nundefinedThing.call();\n")).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("tsr: script.js:2:1: ReferenceError: undefinedThing is not defined");
        assertThat(run("let x = ;")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("tsr: script.js:1:9: SyntaxError: Expected an operand but found ;");
        assertThat(run("throw new Error('boom')")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("tsr: script.js:1:7: Error: boom");
        assertThat(run("tsr.sql(42)")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("tsr: script.js:1:1: tsr.sql: argument 1 (query) must be a string");
        assertThat(run("tsr.listFiles()")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("tsr: script.js:1:1: TypeError: tsr has no 'listFiles': it has "
                + "duplicates, files, location, outdated, prompts, search, searchFiles, sql, stats, triggers");
        assertThat(tsr("run", dir.resolve("nope.js").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope.js: no such file");
    }

    @Test
    void aRunawayScriptIsStoppedByTheTimeLimit() throws Exception {
        Path script = dir.resolve("loop.js");
        Files.writeString(script, "while (true) {}");
        long start = System.nanoTime();
        assertThat(tsr("--db", db.toString(), "run", "--timeout", "1", script.toString())).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(err.toString().strip()).isEqualTo("tsr: loop.js: stopped: exceeded the time limit (1 s); use --timeout SECONDS to allow more");
    }

    @Test
    void outputIsCappedAndTheScriptStopped() {
        ScriptHost host = host(10_000);
        try (host) {
            assertThat(host.runFile("flood.js", "for (;;) console.log('x'.repeat(100))", List.of(), Duration.ofSeconds(20))).isFalse();
        }
        assertThat(out.toString().length()).isLessThanOrEqualTo(10_000);
        assertThat(err.toString()).contains("output cut at 10.0 kB; script stopped");
    }

    @Test
    void escapeSequencesInScriptOutputNeverReachTheScreen() {
        ScriptHost host = host(ScriptHost.OUTPUT_CAP);
        try (host) {
            assertThat(host.runFile("ansi.js", """
                    console.log('\\u001b[31mred\\u001b[0m and\\tplain\\nsecond line');
                    console.error('\\u001b]0;pwned\\u0007title\\u009b2J');
                    """, List.of(), Duration.ofSeconds(20))).isTrue();
            assertThat(host.evalSnippet("'\\u001b[1;32mgreen\\u001b[0m'", Duration.ofSeconds(5))).isTrue();
        }
        assertThat(out.toString()).contains("red and\tplain\nsecond line\n").contains("\ngreen\n")
                .doesNotContain("\u001b").doesNotContain("[31m").doesNotContain("[0m");
        assertThat(err.toString()).contains("title").doesNotContain("pwned").doesNotContain("\u001b")
                .doesNotContain("\u009b").doesNotContain("2J");
    }

    @Test
    void snippetsShareStateAndPrintTablesOrJson() {
        ScriptHost host = host(ScriptHost.OUTPUT_CAP);
        try (host) {
            assertThat(host.evalSnippet("let n = 20", Duration.ofSeconds(5))).isTrue();
            assertThat(host.evalSnippet("[{name: 'a', size: n}, {name: 'b', size: 2}]", Duration.ofSeconds(5))).isTrue();
            assertThat(host.evalSnippet("({a: [1, 2]})", Duration.ofSeconds(5))).isTrue();
            assertThat(host.evalSnippet("'text'", Duration.ofSeconds(5))).isTrue();
            long start = System.nanoTime();
            assertThat(host.evalSnippet("tsr.files().length", Duration.ofSeconds(5))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).contains("name  size\na     20\nb     2\n2 rows\n")
                .contains("{\n  \"a\" : [ 1, 2 ]\n}").contains("\ntext\n").endsWith("\n2\n");
    }

    @Test
    void interruptStopsASnippetAndTheHostGoesOn() throws Exception {
        ScriptHost host = host(ScriptHost.OUTPUT_CAP);
        try (host) {
            host.evalSnippet("let kept = 7", Duration.ofSeconds(5));
            Thread stopper = Thread.ofPlatform().start(() -> {
                while (!host.busy()) {
                    Thread.onSpinWait();
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                host.interrupt();
            });
            assertThat(host.evalSnippet("while (true) {}", Duration.ofSeconds(60))).isFalse();
            stopper.join();
            assertThat(err.toString()).contains("<shell>: interrupted");
            assertThat(host.evalSnippet("kept * 6", Duration.ofSeconds(5))).isTrue();
        }
        assertThat(out.toString()).endsWith("42\n");
    }
}
