package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pickle that would create a file when loaded goes through every command that reads files
 * (scan, info, hash, link) with the real built-in formats: it is cataloged as dangerous, warned
 * about, listed by --unsafe, and the file is never created.
 */
class HostilePickleCommandsTest {
    @TempDir
    Path dir;

    final Map<String, String> env = new HashMap<>();
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void setUp() {
        env.put("HOME", dir.resolve("home").toString());
        env.put("TSR_DB", dir.resolve("c.db").toString());
        env.put("TSR_CIVITAI_URL", "http://127.0.0.1:9"); // nothing listens: link must stay offline anyway
    }

    int tsr(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Cli.run(new Environment(new PrintWriter(out, true), new PrintWriter(err, true), env, false), args);
    }

    /** What {@code pickle.dumps} writes for an object whose {@code __reduce__} is {@code (posix.system, (command,))}, protocol 2. */
    static byte[] systemCall(String command) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x80);
        b.write(2); // PROTO 2
        b.writeBytes("cposix\nsystem\n".getBytes(StandardCharsets.US_ASCII)); // GLOBAL
        byte[] text = command.getBytes(StandardCharsets.UTF_8);
        b.write('X'); // BINUNICODE
        b.write(text.length);
        b.write(0);
        b.write(0);
        b.write(0);
        b.writeBytes(text);
        b.write(0x85); // TUPLE1
        b.write('R'); // REDUCE
        b.write('.'); // STOP
        return b.toByteArray();
    }

    @Test
    void aPickleThatWouldCreateAFileIsFlaggedAndNeverRunByAnyCommand() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models/embeddings"));
        Path canary = dir.resolve("PWNED");
        Path evil = Files.write(models.resolve("free style.pt"), systemCall("touch " + canary));

        assertThat(tsr("db", "scan", dir.resolve("models").toString())).isZero();
        assertThat(err.toString()).contains("tsr: warning: " + evil + ": dangerous to load: imports posix.system");
        assertThat(canary).doesNotExist();

        assertThat(tsr("db", "scan", dir.resolve("models").toString(), "--db", dir.resolve("other.db").toString(), "--json")).isZero();
        JsonNode scan = JsonMapper.builder().build().readTree(out.toString());
        assertThat(scan.get("added").asLong()).isEqualTo(1);
        assertThat(scan.get("dangerous").get(0).get("path").asString()).isEqualTo(evil.toString());
        assertThat(scan.get("dangerous").get(0).get("reasons").get(0).asString()).isEqualTo("imports posix.system");

        assertThat(tsr("info", evil.toString())).isZero();
        assertThat(out.toString()).contains("format:       pickle").contains("safety:       dangerous").contains("posix.system");
        assertThat(canary).doesNotExist();

        assertThat(tsr("hash", evil.toString(), "--json")).isZero();
        JsonNode hashes = JsonMapper.builder().build().readTree(out.toString());
        assertThat(hashes.toString()).contains("SHA256").doesNotContain("AutoV3");
        assertThat(canary).doesNotExist();

        tsr("db", "link", "--offline");
        assertThat(canary).doesNotExist();

        assertThat(tsr("db", "list", "--unsafe", "--json")).isZero();
        JsonNode rows = JsonMapper.builder().build().readTree(out.toString());
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.get(0).get("format").asString()).isEqualTo("pickle");
        assertThat(rows.get(0).get("safety").asString()).isEqualTo("dangerous");
        assertThat(canary).doesNotExist();
    }
}
