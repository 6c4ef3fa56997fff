package io.tensors.shell;

import static io.tensors.engine.plugin.PluginJars.plugin;
import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.engine.plugin.PluginJars;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Plugins that would end tsr or hang a scan, through the command line main() uses. */
class HostilePluginTest {
    @TempDir
    Path dir;

    final Map<String, String> env = new HashMap<>();
    Path release;
    StringWriter out;
    Stderr err;

    /** Stderr that lets the stuck plugin go once the wait on it has been told. */
    final class Stderr extends Writer {
        final StringBuffer text = new StringBuffer();

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
            if (text.indexOf("hash 'slow', for ") >= 0 && !Files.exists(release)) {
                try {
                    Files.writeString(release, "");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        @Override
        public String toString() {
            return text.toString();
        }
    }

    @BeforeEach
    void setUp() {
        env.put("HOME", dir.resolve("home").toString());
        release = dir.resolve("release");
    }

    @AfterEach
    void tearDown() throws IOException {
        if (!Files.exists(release)) {
            Files.writeString(release, "");
        }
    }

    int tsr(boolean terminal, String... args) {
        out = new StringWriter();
        err = new Stderr();
        return Cli.run(new Environment(new PrintWriter(out, true), new PrintWriter(err, true), env, terminal), args);
    }

    @Test
    void aPluginThatWouldExitIsListedAsRefusedAndEveryCommandGoesOn() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.builder().source("p.Exits", plugin("p.Exits", "public int apiVersion() { System.exit(42); return API_VERSION; }"))
                .provider("p.Exits").write(plugins.resolve("exits.jar"));
        env.put("TSR_PLUGINS", plugins.toString());

        assertThat(tsr(false, "plugins")).isZero();
        assertThat(out.toString()).contains("failed: p.Exits (exits.jar): refused: p.Exits.apiVersion() calls System.exit,"
                + " which would end tsr; remove the jar, or have its author throw an exception instead\n");
        // at 80 columns the jar's name gives way to the ids contributed; the failure line above names it
        assertThat(out.toString()).containsPattern("p\\.Exits +\\? +failed");
        assertThat(tsr(false, "plugins", "--json")).isZero();
        assertThat(out.toString()).contains("\"origin\" : \"exits.jar\"");

        Path models = Files.createDirectories(dir.resolve("models"));
        SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 10_000, Map.of(), 1);
        assertThat(tsr(false, "db", "scan", models.toString(), "--db", dir.resolve("c.db").toString())).isZero();
        assertThat(err.toString()).isEqualTo("tsr: warning: plugin p.Exits (exits.jar) failed: refused: p.Exits.apiVersion()"
                + " calls System.exit, which would end tsr; remove the jar, or have its author throw an exception instead\n");
        assertThat(out.toString()).startsWith("1 file");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // if the wait were never told, the scan would hang for good
    void aScanWaitingOnAPluginSaysSoOnceOnStderrWhenItIsNotATerminal() throws Exception {
        Path file = stuckPluginAndOneFile();

        int exit = tsr(false, "db", "scan", file.getParent().toString(), "--db", dir.resolve("c.db").toString(),
                "--hashes", "sha256,slow");

        assertThat(exit).isZero();
        String line = "tsr: waiting 0 s on plugin 'slowpoke' (slow.jar), hash 'slow', for " + file
                + ": it has not returned; Ctrl-C stops the scan\n";
        assertThat(err.toString()).contains(line);
        assertThat(err.toString().split(java.util.regex.Pattern.quote(line), -1)).hasSize(2);
        assertThat(out.toString()).startsWith("1 file");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // if the wait were never told, the scan would hang for good
    void onATerminalTheWaitIsToldOnceAndCountedOnTheProgressLine() throws Exception {
        Path file = stuckPluginAndOneFile();

        int exit = tsr(true, "db", "scan", file.getParent().toString(), "--db", dir.resolve("c.db").toString(),
                "--hashes", "sha256,slow");

        assertThat(exit).isZero();
        assertThat(err.toString()).contains("tsr: waiting 0 s on plugin 'slowpoke' (slow.jar), hash 'slow', for " + file
                        + ": it has not returned; Ctrl-C stops the scan\n")
                .contains("\rwaiting 0 s on plugin 'slowpoke' (slow.jar), hash 'slow', for a.safetensors");
        assertThat(out.toString()).startsWith("1 file");
    }

    private Path stuckPluginAndOneFile() throws Exception {
        PluginJars.stuckHash(dir.resolve("plugins/slow.jar"), release);
        env.put("TSR_PLUGINS", dir.resolve("plugins").toString());
        env.put("TSR_PLUGIN_WAIT_SECONDS", "0");
        Path models = Files.createDirectories(dir.resolve("models"));
        return SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 10_000, Map.of(), 1);
    }
}
