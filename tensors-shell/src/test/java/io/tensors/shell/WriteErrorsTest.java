package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standard output that cannot be written (a full disk, a closed pipe): exit 1 and one line, never a silent 0. */
class WriteErrorsTest {
    @TempDir
    Path dir;

    Path db;
    StringWriter err;

    /** Fails every write as a full disk does (ENOSPC). */
    static final class FullDisk extends OutputStream {
        private final String reason;

        FullDisk(String reason) {
            this.reason = reason;
        }

        @Override
        public void write(int b) throws IOException {
            throw new IOException(reason);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException(reason);
        }
    }

    @BeforeEach
    void catalog() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 10_000, Map.of(), 1);
        db = dir.resolve("catalog.db");
        assertThat(run(new PrintWriter(new StringWriter()), "db", "scan", models.toString())).isZero();
    }

    int run(PrintWriter out, String... args) {
        err = new StringWriter();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--db", db.toString()))
                .toArray(String[]::new);
        return Cli.run(new Environment(out, new PrintWriter(err, true), Map.of("HOME", dir.toString()), false), all);
    }

    @Test
    void aFullDiskUnderStandardOutputIsExitOneWithOneLine() {
        for (String[] command : new String[][] {{"db", "list", "--json"}, {"db", "export", "--format", "csv"},
                {"db", "list"}, {"db", "stats", "--format", "markdown"}, {"db", "list", "--help"}}) {
            int exit = run(new CheckedPrintWriter(new FullDisk("No space left on device")), command);
            assertThat(exit).as(String.join(" ", command)).isEqualTo(1);
            assertThat(err.toString()).as(String.join(" ", command)).isEqualTo("tsr: cannot write the output: disk full\n");
        }
    }

    @Test
    void anyPrintWriterThatFailedIsCaughtEvenWithoutAReason() {
        PrintWriter failing = new PrintWriter(new FullDisk("No space left on device"), true);
        assertThat(run(failing, "db", "list", "--json")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("tsr: cannot write the output\n");
    }

    @Test
    void aClosedPipeEndsQuietlyWithExitOne() {
        // 'tsr db list | head -1': the reader chose to stop; no line about it
        assertThat(run(new CheckedPrintWriter(new FullDisk("Broken pipe")), "db", "list", "--json")).isEqualTo(1);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aCommandThatFailedKeepsItsOwnExitCode() {
        int exit = run(new CheckedPrintWriter(new FullDisk("No space left on device")), "db", "export", "--format", "yaml");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("tsr: unknown format 'yaml'");
    }
}
