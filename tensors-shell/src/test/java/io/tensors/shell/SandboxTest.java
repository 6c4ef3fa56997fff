package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.io.IOAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Escapes from the JavaScript sandbox each fail with a clear one-line message, and the catalog stays unchanged. */
class SandboxTest {
    @TempDir
    Path dir;

    Path db;
    StringWriter out;
    StringWriter err;
    TsrCommand root;
    ScriptHost host;

    @BeforeEach
    void setUp() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        db = dir.resolve("catalog.db");
        SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 10_000, Map.of(), 1);
        out = new StringWriter();
        err = new StringWriter();
        Environment env = new Environment(new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("HOME", dir.toString(), "TSR_DB", db.toString()), false);
        assertThat(Cli.run(env, "db", "scan", models.toString())).isZero();
        out.getBuffer().setLength(0);
        root = (TsrCommand) Cli.create(env).getCommand();
        host = root.scripts();
    }

    @AfterEach
    void tearDown() {
        root.closeCatalog();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Java.type('java.lang.Runtime')                        | Access to host class java.lang.Runtime is not allowed
            new Packages.java.io.File('/etc/passwd')              | TypeError
            java.lang.System.exit(3)                              | TypeError
            load('/etc/passwd')                                   | Operation is not allowed for: /etc/passwd
            require('fs')                                         | ReferenceError: require is not defined
            Polyglot.eval('js', '1')                              | ReferenceError: Polyglot is not defined
            tsr.sql('DELETE FROM local_files')                    | tsr.sql is read-only: DELETE refused
            tsr.sql('UPDATE local_files SET file_size = 0')       | tsr.sql is read-only: UPDATE refused
            tsr.sql('CREATE TABLE evil (x)')                      | tsr.sql is read-only: CREATE refused
            tsr.sql('PRAGMA query_only = 0; DELETE FROM local_files') | tsr.sql is read-only: PRAGMA refused
            tsr.sql("ATTACH DATABASE '/tmp/tsr-evil.db' AS evil")  | tsr.sql is read-only: ATTACH refused
            tsr.files.getClass()                                  | getClass
            new Worker('x')                                       | ReferenceError: Worker is not defined
            """)
    void escapesFailWithAClearMessage(String code, String message) throws Exception {
        assertThat(host.evalSnippet(code, Duration.ofSeconds(10))).as(code).isFalse();
        String line = err.toString().strip();
        assertThat(line).as(code).startsWith("tsr: <shell>:").contains(message).doesNotContain("\n").doesNotContain("\tat ");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), min(file_size) FROM local_files")) {
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getLong(2)).isEqualTo(10_000);
        }
        assertThat(Path.of("/tmp/tsr-evil.db")).doesNotExist();
    }

    @Test
    void aRefusedPragmaNeverRan() {
        assertThat(host.evalSnippet("tsr.sql('PRAGMA query_only = 0')", Duration.ofSeconds(5))).isFalse();
        assertThat(host.evalSnippet("tsr.sql('PRAGMA writable_schema = 1')", Duration.ofSeconds(5))).isFalse();
        assertThat(host.evalSnippet("tsr.sql('SELECT * FROM pragma_query_only, pragma_writable_schema')", Duration.ofSeconds(5))).isTrue();
        assertThat(out.toString()).isEqualTo("query_only  writable_schema\n1           0\n1 row\n");
        assertThat(err.toString().lines()).containsExactly(
                "tsr: <shell>:1:1: tsr.sql is read-only: PRAGMA refused: query_only can be read here (PRAGMA query_only), not set",
                "tsr: <shell>:1:1: tsr.sql is read-only: PRAGMA refused: writable_schema can be read here (PRAGMA writable_schema), not set");
    }

    @Test
    void onlyTheAllowListIsReachable() {
        assertThat(host.evalSnippet("Object.keys(tsr)", Duration.ofSeconds(5))).isTrue();
        assertThat(out.toString().replaceAll("\\s", "")).isEqualTo("[\"" + String.join("\",\"",
                TsrBinding.METHODS.keySet().stream().sorted().toList()) + "\"]");
        out.getBuffer().setLength(0);
        assertThat(host.evalSnippet("tsr.files = 1; tsr.evil = 2; typeof tsr.files + ' ' + typeof tsr.evil", Duration.ofSeconds(5))).isTrue();
        assertThat(out.toString().strip()).isEqualTo("function undefined");
        assertThat(TsrBinding.METHODS.keySet()).doesNotContain("scan", "link", "cache", "hash", "inspect");
    }

    @Test
    void theSandboxRefusesToBeLoosened() {
        try (Engine engine = Engine.newBuilder("js").sandbox(SandboxPolicy.CONSTRAINED).out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream()).option("engine.WarnInterpreterOnly", "false").build()) {
            ScriptHost.sandbox(engine, OutputStream.nullOutputStream(), OutputStream.nullOutputStream()).build().close();
            assertThatThrownBy(() -> ScriptHost.sandbox(engine, OutputStream.nullOutputStream(), OutputStream.nullOutputStream())
                    .allowIO(IOAccess.ALL).build()).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ScriptHost.sandbox(engine, OutputStream.nullOutputStream(), OutputStream.nullOutputStream())
                    .allowCreateProcess(true).build()).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void scriptsCannotReadFilesThroughTheirArguments() {
        assertThat(host.runFile("a.js", "console.log(typeof tsr.inspect, typeof tsr.hash)", List.of("/etc/passwd"), Duration.ofSeconds(5))).isTrue();
        assertThat(out.toString().strip()).isEqualTo("undefined undefined");
    }
}
