package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.tensors.plugins.testing.SafetensorsWriter;
import io.tensors.plugins.testing.FakeCivitai;
import io.tensors.plugins.testing.FakeCivitai.ServedFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A real {@code tsr dl} process stopped mid-body (Ctrl-C, then kill -9): the next {@code tsr dl} resumes
 * its .part, reads the bytes already there once, fetches only the rest, and catalogs the right hashes.
 */
class InterruptedDownloadIT {
    static final long MODEL = 55;
    static final long VERSION = 552;
    static final int SIZE = 24 << 20;

    @TempDir
    Path dir;

    FakeCivitai civitai;
    byte[] bytes;
    String sha256;
    ServedFile file;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        civitai = new FakeCivitai();
        bytes = Files.readAllBytes(SafetensorsWriter.writeSized(dir.resolve("source.safetensors"), SIZE, Map.of(), 3));
        sha256 = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        civitai.serve(MODEL, FakeCivitai.model(MODEL, "Slow", sha256, "C".repeat(64)));
        file = new ServedFile(bytes, "\"e1\"", "attachment; filename=\"test_v2.safetensors\"").throttle(4 << 20);
        civitai.on("GET", "/api/download/models/" + VERSION, file);
        env.putAll(Map.of("HOME", dir.toString(), "TSR_CIVITAI_URL", civitai.baseUrl().toString(),
                "TSR_DB", dir.resolve("models.db").toString(), "TSR_LIBRARY", dir.resolve("lib").toString()));
    }

    @AfterEach
    void stop() {
        civitai.close();
    }

    Path part() {
        return dir.resolve("lib/loras/test_v2.safetensors.part");
    }

    /** Starts {@code tsr dl} in its own JVM and stops it with the signal once part of the body is on disk. */
    long stopMidway(String signal) throws Exception {
        assumeFalse(signal.equals("INT") && StuckPluginIT.sigintIgnored(),
                "SIGINT is ignored by this process (and so by its children): nothing to test");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "dl", Long.toString(VERSION), "--json")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dl.log").toFile());
        builder.environment().putAll(env);
        Process dl = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (dl.isAlive() && System.nanoTime() < deadline && (!Files.exists(part()) || Files.size(part()) < (2 << 20))) {
            Thread.sleep(20);
        }
        assertThat(dl.isAlive()).as("the download was still running: " + Files.readString(dir.resolve("dl.log"))).isTrue();
        new ProcessBuilder("kill", "-" + signal, Long.toString(dl.pid())).start().waitFor();
        assertThat(dl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (signal.equals("INT")) {
            assertThat(dl.exitValue()).isEqualTo(130);
        }
        long kept = Files.size(part());
        assertThat(kept).isBetween(1L, (long) SIZE - 1);
        assertThat(dir.resolve("lib/loras/test_v2.safetensors.part.json")).exists();
        assertThat(dir.resolve("lib/loras/test_v2.safetensors")).doesNotExist();
        return kept;
    }

    JsonNode resume() throws Exception {
        file.throttle(0);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(new Environment(new PrintWriter(out), new PrintWriter(err), env, false), "dl", Long.toString(VERSION), "--json");
        assertThat(exit).as(err.toString()).isZero();
        return CliTest.JSON.readTree(out.toString()).get("files").get(0);
    }

    void assertResumed(long kept, JsonNode result) throws Exception {
        assertThat(result.get("status").asString()).isEqualTo("downloaded");
        assertThat(result.get("resumed_from").asLong()).as("the bytes already there, read once").isEqualTo(kept);
        assertThat(result.get("received").asLong()).as("only the rest came over the network").isEqualTo(SIZE - kept);
        assertThat(result.get("sha256").asString()).isEqualTo(sha256);
        Path done = dir.resolve("lib/loras/test_v2.safetensors");
        assertThat(done).hasBinaryContent(bytes);
        List<String> ranges = new ArrayList<>(file.ranges());
        assertThat(ranges.getLast()).isEqualTo("bytes=" + kept + "-");
        StringWriter out = new StringWriter();
        Cli.run(new Environment(new PrintWriter(out), new PrintWriter(new StringWriter()), env, false), "db", "list", "--json");
        JsonNode row = CliTest.JSON.readTree(out.toString()).get(0);
        assertThat(row.get("sha256").asString()).isEqualTo(sha256);
        assertThat(row.get("civitai_version_id").asLong()).isEqualTo(VERSION);
    }

    @Test
    void afterCtrlCTheNextRunResumesThePart() throws Exception {
        long kept = stopMidway("INT");
        assertResumed(kept, resume());
    }

    @Test
    void afterKillNineTheNextRunResumesThePart() throws Exception {
        long kept = stopMidway("KILL");
        assertResumed(kept, resume());
    }
}
