package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.tensors.engine.plugin.PluginJars;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (SIGINT) ends a real {@code tsr db scan} with exit 130 and one line, also while a plugin hash is stuck and ignores interrupts. */
class StuckPluginIT {
    @TempDir
    Path dir;

    @Test
    void ctrlCEndsAScanStuckInAPlugin() throws Exception {
        assumeFalse(sigintIgnored(), "SIGINT is ignored by this process (and so by its children): nothing to test");
        Path release = dir.resolve("never"); // the plugin stays stuck for the whole test
        Path jar = PluginJars.stuckHash(dir.resolve("plugins/slow.jar"), release);
        Path models = Files.createDirectories(dir.resolve("models"));
        Path file = SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 10_000, Map.of(), 1);
        Path log = dir.resolve("stderr.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "db", "scan", models.toString(),
                "--db", dir.resolve("c.db").toString(), "--hashes", "sha256,slow")
                .redirectError(log.toFile()).redirectOutput(dir.resolve("stdout.log").toFile());
        builder.environment().put("TSR_PLUGINS", jar.toString());
        builder.environment().put("TSR_PLUGIN_WAIT_SECONDS", "0");
        builder.environment().put("HOME", dir.toString());
        Process scan = builder.start();
        try {
            String told = "waiting 0 s on plugin 'slowpoke' (slow.jar), hash 'slow', for " + file;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains(told) && scan.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(Files.readString(log)).contains(told);
            assertThat(scan.isAlive()).isTrue();

            assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(scan.pid())).start().waitFor()).isZero();

            assertThat(scan.waitFor(60, TimeUnit.SECONDS)).as("the scan ended on SIGINT").isTrue();
            assertThat(scan.exitValue()).isEqualTo(130);
            // the same one line as the shell prints, not a silent exit
            assertThat(Files.readString(log)).contains("interrupted; what was committed is kept");
        } finally {
            scan.destroyForcibly();
        }
    }

    @Test
    void ctrlCInAPlainScanSaysWhatWasKeptAndTheCatalogStaysUsable() throws Exception {
        assumeFalse(sigintIgnored(), "SIGINT is ignored by this process (and so by its children): nothing to test");
        Path models = Files.createDirectories(dir.resolve("models"));
        for (int i = 0; i < 40; i++) {
            SafetensorsWriter.writeSized(models.resolve("m" + i + ".safetensors"), 16 << 20, Map.of(), 1);
        }
        Path db = dir.resolve("c.db");
        Path log = dir.resolve("stderr.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "db", "scan", models.toString(),
                "--db", db.toString(), "--threads", "1", "--hashes", "sha256,blake3")
                .redirectError(log.toFile()).redirectOutput(dir.resolve("stdout.log").toFile());
        builder.environment().put("HOME", dir.toString());
        Process scan = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(db) && scan.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            assertThat(scan.isAlive()).as("the scan of 640 MB with blake3 is still running").isTrue();
            assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(scan.pid())).start().waitFor()).isZero();
            assertThat(scan.waitFor(60, TimeUnit.SECONDS)).as("the scan ended on SIGINT").isTrue();
            assertThat(scan.exitValue()).isEqualTo(130);
            assertThat(Files.readString(log)).contains("what was committed is kept").doesNotContain("Exception");
        } finally {
            scan.destroyForcibly();
        }
        java.io.StringWriter out = new java.io.StringWriter();
        Environment env = new Environment(new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()), Map.of("HOME", dir.toString()), false);
        assertThat(Cli.run(env, "db", "stats", "--db", db.toString())).isZero();
    }

    /** @return whether SIGINT is ignored here (a background job of a shell without job control): children inherit it */
    static boolean sigintIgnored() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }
}
