package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shell through a dumb JLine terminal over piped streams, on the same command tree as the command line. */
class ReplTest {
    @TempDir
    Path dir;

    Path models;
    Path db;
    final Map<String, String> env = new HashMap<>();
    final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        db = dir.resolve("catalog.db");
        env.put("HOME", dir.resolve("home").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 10_000, Map.of(), 1);
    }

    Repl repl(InputStream in, String... outerArgs) throws Exception {
        Terminal terminal = TerminalBuilder.builder().system(false).streams(in, screen).type(Terminal.TYPE_DUMB)
                .encoding(StandardCharsets.UTF_8).build();
        var cli = Cli.create(new Environment(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), env, false));
        cli.parseArgs(outerArgs);
        return new Repl(terminal, (TsrCommand) cli.getCommand(), Duration.ofSeconds(20));
    }

    /** What the terminal showed, with the prompts taken out. */
    String screen() {
        return screen.toString(StandardCharsets.UTF_8).replace("\r", "").replaceAll("(?m)^((tsr( [^ >]+)?|js)> |\\.\\.\\. )+", "");
    }

    @Test
    @Timeout(60)
    void helpForOneCommandClearAndHintsThatNameTheShellsOwnHelp() throws Exception {
        String input = String.join("\n", "help db list", "db list --limit abc", "db frobnicate", "help db lisst", "clear", "help", "");
        assertThat(repl(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "--db", db.toString()).run()).isZero();
        String screen = screen();
        assertThat(screen).contains("Usage: tsr db list").contains("--wide");
        assertThat(screen).contains("'help COMMAND' explains one").contains("'clear' clears the screen");
        assertThat(screen.replace("\033[H\033[2J", "CLEARED")).contains("CLEARED");
        assertThat(err.toString()).contains("; see 'help db list'").contains("; see 'help db'").doesNotContain("--help'")
                .contains("tsr: 'lisst' is not a tsr db command (did you mean 'list'?); 'help db' lists them");
        // the prompt names the catalog when it is not the default one
        String raw = this.screen.toString(StandardCharsets.UTF_8);
        assertThat(raw).contains("tsr catalog.db> ").doesNotContain("tsr> ");
    }

    @Test
    void tabAfterTsrDotOffersTheScriptsMembersWithWhatTheyTake() {
        List<org.jline.reader.Candidate> candidates = new java.util.ArrayList<>();
        ShellCompleter.script("tsr.", candidates);
        assertThat(candidates).extracting(org.jline.reader.Candidate::value).contains("tsr.files(", "tsr.search(", "tsr.sql(");
        assertThat(candidates).filteredOn(c -> c.value().equals("tsr.search(")).first()
                .extracting(org.jline.reader.Candidate::descr).asString().contains("text", "baseModel", "limit");
        candidates.clear();
        ShellCompleter.script("const n = tsr.fi", candidates);
        assertThat(candidates).extracting(org.jline.reader.Candidate::value).contains("const n = tsr.files(");
        candidates.clear();
        ShellCompleter.script("mytsr.", candidates);
        assertThat(candidates).isEmpty();
        assertThat(TsrBinding.SIGNATURES.keySet()).isEqualTo(TsrBinding.METHODS.keySet());
    }

    @Test
    @Timeout(60)
    void commandsJavaScriptAndErrorsAtThePrompt() throws Exception {
        String input = String.join("\n",
                "db scan " + models,
                "db list",
                "db bogus",
                "info " + dir.resolve("nope.safetensors"),
                "js tsr.files().map(f => ({size: f.fileSize, linked: f.civitaiModelId !== null}))",
                "js nope()",
                "js",
                "const o = {",
                "  a: [1, 2,",
                "      3]",
                "}",
                "o.a.length * 2",
                ".exit",
                "js o.a",
                "help",
                "") ;
        int code = repl(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "--db", db.toString()).run();
        assertThat(code).isZero();
        String screen = screen();
        assertThat(screen).contains("1 file: 1 new").contains("MODEL").contains("1 file\n");
        assertThat(screen).contains("size   linked\n10000  false\n1 row");
        assertThat(screen).contains("\n6\n").contains("[ 1, 2, 3 ]");
        assertThat(screen).contains("Usage: tsr").contains("'js' alone enters a JavaScript mode");
        assertThat(err.toString().lines()).anyMatch(l -> l.startsWith("tsr: ") && l.contains("bogus"))
                .anyMatch(l -> l.startsWith("tsr: ") && l.contains("nope.safetensors"))
                .contains("tsr: <shell>:1:1: ReferenceError: nope is not defined");
        assertThat(err.toString()).doesNotContain("\tat ");
        assertThat(dir.resolve("config/tensors/history")).content().contains("db list").contains("js nope()");
    }

    @Test
    @Timeout(60)
    void ctrlCStopsARunawayScriptNotTheShell() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys, 64 * 1024);
        env.put("TSR_DB", db.toString());
        Repl repl = repl(in);
        Thread shell = Thread.ofPlatform().start(repl::run);
        keys.write("js let kept = 7\njs console.log('loop' + 'ing'); while (true) {}\n".getBytes(StandardCharsets.UTF_8));
        keys.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!screen().contains("looping\n")) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        Thread.sleep(200);
        repl.interrupt(); // what JLine's SIGINT handler calls on Ctrl-C
        keys.write("js kept * 6\n".getBytes(StandardCharsets.UTF_8));
        keys.close();
        shell.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(shell.isAlive()).isFalse();
        assertThat(err.toString()).contains("tsr: <shell>: interrupted");
        assertThat(screen()).contains("\n42\n");
    }

    @Test
    @Timeout(60)
    void everyLineActsOnTheCatalogItNames() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        SafetensorsWriter.writeSized(other.resolve("b.safetensors"), 10_000, Map.of(), 2);
        Path a = dir.resolve("a.db");
        Path b = dir.resolve("b.db");
        String input = String.join("\n",
                "db scan " + models + " --db " + a,
                "db scan " + other + " --db " + b,
                "db list --db " + a + " --json",
                "");
        int code = repl(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))).run();
        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(paths(a)).singleElement().asString().endsWith("a.safetensors");
        assertThat(paths(b)).singleElement().asString().endsWith("b.safetensors");
        assertThat(screen()).contains("a.safetensors").doesNotContain("b.safetensors");
    }

    @Test
    @Timeout(60)
    void javaScriptSeesTheShellsCatalog() throws Exception {
        Path other = dir.resolve("other.db");
        String input = String.join("\n",
                "js tsr.location()",
                "db scan " + models + " --db " + other,
                "js tsr.location()",
                "");
        for (String[] outer : new String[][] {{"--db", db.toString(), "shell"}, {"shell", "--db", db.toString()}}) {
            screen.reset();
            int code = repl(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), outer).run();
            assertThat(code).isZero();
            assertThat(screen().lines().filter(l -> l.startsWith(dir.toString())).toList())
                    .as("tsr %s", String.join(" ", outer))
                    .containsExactly(db.toAbsolutePath().toString(), db.toAbsolutePath().toString());
        }
        assertThat(err.toString()).isEmpty();
    }

    static List<String> paths(Path catalog) throws Exception {
        List<String> paths = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + catalog); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT file_path FROM local_files")) {
            while (rs.next()) {
                paths.add(rs.getString(1));
            }
        }
        return paths;
    }

    @Test
    void bracketsKeepJavaScriptModeReading() {
        assertThat(Repl.open("const o = {")).isEqualTo(1);
        assertThat(Repl.open("f(\"(\", '[', `{`)")).isZero();
        assertThat(Repl.open("x // (")).isZero();
        assertThat(Repl.open("`line one")).isEqualTo(1);
        assertThat(Repl.open("[1, [2,\n 3]]")).isZero();
    }
}
