package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The original tsr's config file and options, as its users type them. */
class OriginalHabitsTest {
    @TempDir
    Path dir;

    Path models;
    Path db;
    final Map<String, String> env = new HashMap<>();
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void setUp() throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        db = dir.resolve("catalog.db");
        env.put("HOME", dir.resolve("home").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
    }

    int tsr(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Cli.run(new Environment(new PrintWriter(out, true), new PrintWriter(err, true), env, false), args);
    }

    int tsrWithInput(String input, String... args) {
        InputStream in = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return tsr(args);
        } finally {
            System.setIn(in);
        }
    }

    @Test
    void configSetKeyWritesTheOriginalsFileReadableByItsOwnerAndNeverShowsTheKey() throws Exception {
        Path toml = dir.resolve("xdg/tensors/config.toml");
        Files.createDirectories(toml.getParent());
        Files.writeString(toml, "default_remote = \"junkpile\"\n\n[remotes]\njunkpile = \"http://junkpile:8080\"\n");
        assertThat(tsrWithInput("sk-secret-123\n", "config", "--set-key")).isZero();
        assertThat(out.toString() + err.toString()).doesNotContain("sk-secret-123");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(toml))).isEqualTo("rw-------");
        assertThat(Files.readString(toml)).contains("[api]\ncivitai_key = \"sk-secret-123\"")
                .contains("default_remote = \"junkpile\"").contains("junkpile = \"http://junkpile:8080\"");

        assertThat(tsr("config", "--set-path", "loras=/opt/comfy/models/loras")).isZero();
        assertThat(Files.readString(toml)).contains("[paths]\nloras = \"/opt/comfy/models/loras\"");
        assertThat(tsr("config", "--show")).isZero();
        assertThat(out.toString()).contains("API key: set (config file)").contains("loras: /opt/comfy/models/loras")
                .doesNotContain("sk-secret");

        Files.setPosixFilePermissions(toml, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(tsr("config")).isZero();
        assertThat(out.toString()).contains("API key: refused: ").contains("chmod 600").doesNotContain("sk-secret");

        assertThat(tsr("config", "--set-key", "sk-literal")).isZero();
        assertThat(err.toString()).contains("warning: an API key written on the command line stays in your shell history")
                .doesNotContain("sk-literal");
        assertThat(tsr("config", "--set-path", "potatoes=/x")).isEqualTo(2);
        assertThat(err.toString()).contains("'potatoes' is not a type");
        assertThat(tsrWithInput("\n", "config", "--set-key")).isEqualTo(2);
    }

    @Test
    void theOriginalsShortOptionsInfoMetaStatsTablesAndApiKeyWork() throws Exception {
        Path a = SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 1 << 20, Map.of("ss_network_dim", "8"), 1);
        assertThat(tsr("db", "scan", models.toString(), "-j", "--db", db.toString())).isZero();
        assertThat(out.toString()).startsWith("{").contains("\"added\" : 1");
        assertThat(tsr("db", "list", "-t", "LORA", "-b", "SDXL 1.0", "-j", "--db", db.toString())).isZero();
        assertThat(out.toString().strip()).isEqualTo("[ ]");
        assertThat(tsr("db", "search", "pixel", "-t", "LORA", "-b", "SDXL", "-n", "3", "-j", "--db", db.toString())).isZero();
        assertThat(out.toString().strip()).isEqualTo("[ ]");
        assertThat(tsr("db", "stats", "--tables", "--db", db.toString())).isZero();
        assertThat(out.toString()).contains("local_files").contains("hf_safetensor_files");

        assertThat(tsr("info", a.toString(), "--meta", "ss_network_dim")).isZero();
        assertThat(out.toString().strip()).isEqualTo("8");
        assertThat(tsr("info", a.toString(), "-m", "ss_network_dim", "--json")).isZero();
        assertThat(out.toString()).contains("\"ss_network_dim\" : \"8\"");
        assertThat(tsr("info", a.toString(), "--meta", "ss_nothing")).isEqualTo(1);
        assertThat(err.toString()).contains("has no metadata entry 'ss_nothing'");

        assertThat(tsr("db", "link", "--offline", "--api-key", "sk-on-the-line", "--db", db.toString())).isZero();
        assertThat(err.toString()).contains("stays in your shell history").doesNotContain("sk-on-the-line");
        assertThat(tsrWithInput("sk-from-stdin\n", "db", "link", "--offline", "--api-key", "--db", db.toString())).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(tsr("db", "link", "--offline", "--api-key-fd", "97", "--db", db.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("file descriptor 97 is not open");
    }

    @Test
    void dbImportMergesTheOriginalsCatalog() throws Exception {
        Path original = io.tensors.engine.testing.OriginalTsrCatalog.write(dir.resolve("original.db"));
        assertThat(tsr("db", "import", original.toString(), "--db", db.toString())).isZero();
        assertThat(out.toString()).startsWith("imported " + original + " (original tsr (schema.sql era)): 1 file added, 0 already here;"
                + " 1 model added, 0 already cached; 1 version added");
        assertThat(tsr("db", "import", original.toString(), "--db", db.toString())).isZero();
        assertThat(out.toString()).contains("0 files added, 1 already here; 0 models added, 1 already cached");
        assertThat(tsr("db", "search", "analog", "--db", db.toString())).isZero();
        assertThat(out.toString()).contains("Analog Style");
        // the original's 'db search -t lora': no words, a filter
        assertThat(tsr("db", "search", "-t", "lora", "-j", "--db", db.toString())).isZero();
        assertThat(out.toString()).contains("\"name\" : \"Analog Style\"");
        assertThat(tsr("db", "search", "-t", "checkpoint", "-j", "--db", db.toString())).isZero();
        assertThat(out.toString().strip()).isEqualTo("[ ]");
        assertThat(tsr("db", "search", "--db", db.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing QUERY");
    }
}
