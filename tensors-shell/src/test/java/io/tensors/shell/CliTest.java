package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The command line through the same CommandLine main() uses, with captured output. */
class CliTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

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
    }

    int tsr(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Cli.run(new Environment(new PrintWriter(out, true), new PrintWriter(err, true), env, false), args);
    }

    Path model(String name, long size, long seed) throws Exception {
        return SafetensorsWriter.writeSized(models.resolve(name), size, Map.of("ss_network_dim", "8"), seed);
    }

    @Test
    void scanThenListAsJsonWithSnakeCaseKeys() throws Exception {
        Path a = model("a.safetensors", 3 << 20, 1);
        assertThat(tsr("db", "scan", models.toString(), "--db", db.toString())).isZero();
        assertThat(out.toString()).startsWith("1 file: 1 new, 0 changed, 0 moved, 0 unchanged, 0 failed, 0 missing; hashed 3.1 MB");
        assertThat(err.toString()).isEmpty();

        assertThat(tsr("--db", db.toString(), "db", "list", "--json")).isZero();
        JsonNode rows = JSON.readTree(out.toString());
        assertThat(rows.size()).isEqualTo(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("file_path").asString()).isEqualTo(a.toString());
        assertThat(row.get("sha256").asString()).isEqualTo(sha256(a));
        assertThat(row.get("file_size").asLong()).isEqualTo(3 << 20);
        assertThat(row.has("model_name")).isTrue();
        assertThat(row.get("model_name").isNull()).isTrue();
    }

    @Test
    void listForPeopleShowsATableAndTheCount() throws Exception {
        Path a = model("a.safetensors", 10_000, 1);
        tsr("db", "scan", models.toString(), "--db", db.toString());
        assertThat(tsr("db", "list", "--db", db.toString(), "--wide")).isZero();
        assertThat(out.toString()).contains("MODEL").contains("PATH").contains(a.toString()).contains("1 file\n");
    }

    @Test
    void listGroupsByFolderWithACountAndSizePerGroup() throws Exception {
        Path loras = Files.createDirectories(models.resolve("loras"));
        SafetensorsWriter.writeSized(loras.resolve("l1.safetensors"), 10_000, Map.of(), 1);
        SafetensorsWriter.writeSized(loras.resolve("l2.safetensors"), 20_000, Map.of(), 2);
        model("c.safetensors", 30_000, 3);
        tsr("db", "scan", models.toString(), "--db", db.toString());
        out.getBuffer().setLength(0);
        assertThat(tsr("db", "list", "--db", db.toString(), "--group", "folder")).isZero();
        String text = out.toString();
        assertThat(text).contains(models + ": 1 file, 30.0 kB\n").contains(loras + ": 2 files, 30.0 kB\n")
                .endsWith("3 files in 2 groups\n");
        assertThat(text.indexOf(models + ": 1 file")).isLessThan(text.indexOf(loras + ": 2 files"));
        assertThat(tsr("db", "list", "--db", db.toString(), "--group", "type")).isZero();
        assertThat(out.toString()).contains("(unknown): 3 files, 60.0 kB");
    }

    @Test
    void listFitsEightyColumnsWhenNotATerminalAndTheFileNameStaysWhole() throws Exception {
        Path deep = Files.createDirectories(models.resolve("a very long folder name/another long folder name/loras"));
        Path a = SafetensorsWriter.writeSized(deep.resolve("detail tweaker lora with a long name.safetensors"), 10_000, Map.of(), 1);
        Path other = Files.createDirectories(models.resolve("checkpoints/a folder with a name as long as the other ones"));
        SafetensorsWriter.writeSized(other.resolve("checkpoint.safetensors"), 20_000, Map.of(), 2);
        tsr("db", "scan", models.toString(), "--db", db.toString());
        out.getBuffer().setLength(0);
        assertThat(tsr("db", "list", "--db", db.toString())).isZero();
        assertThat(out.toString().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        assertThat(out.toString()).contains("…").contains("long name.safetensors").doesNotContain(a.toString())
                .startsWith("in " + models + "/\n");
    }

    @Test
    void scanJsonIsCleanForPrograms() throws Exception {
        model("a.safetensors", 10_000, 1);
        Files.writeString(models.resolve("bad.safetensors"), "<!DOCTYPE html>");
        assertThat(tsr("db", "scan", models.toString(), "--db", db.toString(), "--json")).isEqualTo(1);
        JsonNode summary = JSON.readTree(out.toString());
        assertThat(summary.get("seen").asInt()).isEqualTo(2);
        assertThat(summary.get("added").asInt()).isEqualTo(1);
        assertThat(summary.get("failed").asInt()).isEqualTo(1);
        assertThat(summary.get("failures").get(0).get("path").asString()).endsWith("bad.safetensors");
    }

    @Test
    void aBadFileIsOneLineOnStderrAndExitOneWhileTheRestIsCataloged() throws Exception {
        model("good.safetensors", 10_000, 1);
        Path bad = models.resolve("bad.safetensors");
        Files.write(bad, new byte[] {1, 2, 3});
        assertThat(tsr("db", "scan", models.toString(), "--db", db.toString())).isEqualTo(1);
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).startsWith("tsr: " + bad + ": invalid safetensors: ");
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.toString()).contains("1 new").contains("1 failed");
    }

    @Test
    void badUsageAndMissingFoldersExitTwo() {
        assertThat(tsr("db", "scan", dir.resolve("nope").toString(), "--db", db.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("tsr: " + dir.resolve("nope") + ": no such file or folder; check the path");
        assertThat(tsr("db", "scan", models.toString(), "--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("--bogus").contains("--help");
        assertThat(tsr("db")).isEqualTo(2);
        assertThat(err.toString()).contains("scan").contains("list");
        assertThat(tsr("db", "scan", models.toString(), "--db", db.toString(), "--hashes", "md5")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown hash 'md5'").contains("sha256");
    }

    @Test
    void aNamedFileThatIsNotAModelFileIsSaidSo() throws Exception {
        Path good = model("good.safetensors", 10_000, 1);
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not a model");
        Path ckpt = Files.copy(good, dir.resolve("model.onnx")); // an ending no format claims
        // nothing named can be scanned: bad input
        assertThat(tsr("db", "scan", notes.toString(), "--db", db.toString())).isEqualTo(2);
        String endings = err.toString().replaceFirst("(?s).*\\(only (.*) files are cataloged\\).*", "$1");
        assertThat(endings).contains("*.safetensors").contains("*.sft");
        assertThat(err.toString()).isEqualTo("tsr: " + notes
                + ": not a model file (only " + endings + " files are cataloged); name such files or folders\n");
        assertThat(out.toString()).isEmpty();
        // the rest is scanned, the file is one line, and the scan partly failed
        assertThat(tsr("db", "scan", ckpt.toString(), good.toString(), "--db", db.toString())).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(
                "tsr: " + ckpt + ": not a model file (only " + endings + " files are cataloged); not scanned");
        assertThat(out.toString()).contains(" 1 new,").contains(" 1 failed,");
    }

    @Test
    void aPruneSaysHowManyRowsItPrunedNotThatTheyAreMissing() throws Exception {
        Path a = model("a.safetensors", 10_000, 1);
        Path b = model("b.safetensors", 10_000, 2);
        assertThat(tsr("db", "scan", models.toString(), "--db", db.toString())).isZero();
        Files.delete(a);
        assertThat(tsr("db", "scan", models.toString(), "--db", db.toString(), "--prune")).isZero();
        assertThat(out.toString()).contains(" 0 failed, 1 pruned;").doesNotContain("missing");
        Files.delete(b);
        assertThat(tsr("db", "scan", models.toString(), "--db", db.toString(), "--json")).isZero();
        JsonNode summary = JSON.readTree(out.toString());
        assertThat(summary.get("missing").asInt()).isEqualTo(1);
        assertThat(summary.get("pruned").asInt()).isZero();
        assertThat(tsr("db", "scan", models.toString(), "--db", db.toString(), "--prune", "--json")).isZero();
        summary = JSON.readTree(out.toString());
        assertThat(summary.get("missing").asInt()).isZero();
        assertThat(summary.get("pruned").asInt()).isEqualTo(1);
        assertThat(tsr("db", "list", "--missing", "--json", "--db", db.toString())).isZero();
        assertThat(JSON.readTree(out.toString()).size()).isZero();
    }

    @Test
    void aCatalogFromANewerProgramExitsThreeAndIsLeftAlone() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("PRAGMA user_version = 42");
        }
        assertThat(tsr("db", "list", "--db", db.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("schema version 42").doesNotContain("\tat ");
        assertThat(tsr("-x", "db", "list", "--db", db.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("\tat ");
    }

    @Test
    void aNegativeSchemaVersionExitsThreeWithOneLine() throws Exception {
        model("a.safetensors", 10_000, 1);
        assertThat(tsr("db", "scan", models.toString(), "--db", db.toString())).isZero();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("PRAGMA user_version = -1");
        }
        for (List<String> command : List.of(List.of("db", "list"), List.of("db", "scan", models.toString()))) {
            assertThat(tsr(withDb(command, db))).as(command.toString()).isEqualTo(3);
            assertThat(err.toString().lines()).as(command.toString()).singleElement().asString()
                    .startsWith("tsr: catalog " + db + " has schema version -1").doesNotContain("internal error");
        }
    }

    @Test
    void anotherProgramsDatabaseIsRefusedAndLeftByteForByteUnchanged() throws Exception {
        model("a.safetensors", 10_000, 1);
        Path other = dir.resolve("notes.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            s.executeUpdate("INSERT INTO notes (body) VALUES ('keep me')");
        }
        String before = fileState(other);
        for (List<String> command : List.of(List.of("db", "scan", models.toString()), List.of("db", "list"),
                List.of("db", "stats"))) {
            assertThat(tsr(withDb(command, other))).as(command.toString()).isEqualTo(3);
            assertThat(err.toString().lines()).as(command.toString()).singleElement().asString()
                    .startsWith("tsr: " + other + " is not a tsr catalog").contains("--db");
            assertThat(fileState(other)).as(command.toString()).isEqualTo(before);
        }
    }

    @Test
    void theOriginalPythonTsrsCatalogAtTheDefaultPathIsMigratedOnFirstUseAndItsFilesAreReadOnce() throws Exception {
        Path a = model("a.safetensors", 3 << 20, 1);
        Path b = model("b.safetensors", 1 << 20, 2);
        Path original = Files.createDirectories(dir.resolve("home/.local/share/tensors")).resolve("models.db");
        io.tensors.engine.testing.OriginalTsrCatalog.write(original);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + original); Statement s = c.createStatement()) {
            // a, linked, as the original hashed it; b changed since the original hashed it
            s.executeUpdate("INSERT INTO local_files (file_path, sha256, civitai_model_id, civitai_version_id) VALUES ('"
                    + a + "', '" + sha256(a) + "', 4201, 5301), ('" + b + "', '" + "0".repeat(64) + "', 4201, 5301)");
        }
        assertThat(tsr("db", "list")).isZero();
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("tsr: warning: catalog " + original + " was made by the original Python tsr")
                .contains(original + ".before-tsr-");
        assertThat(out.toString()).contains("Analog Style").contains("a.safetensors");

        assertThat(tsr("db", "scan", models.toString())).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).startsWith("2 files: 0 new, 0 changed, 0 moved, 0 unchanged, 0 failed, 0 missing")
                .contains("; from the original tsr: 0 trusted, 2 re-read (1 kept their SHA256 and link, 1 changed)");
        assertThat(tsr("db", "list", "--linked", "--json")).isZero();
        assertThat(out.toString()).contains(a.toString()).doesNotContain(b.toString());
        assertThat(tsr("db", "scan", models.toString())).isZero();
        assertThat(out.toString()).startsWith("2 files: 0 new, 0 changed, 0 moved, 2 unchanged").doesNotContain("original");
    }

    private static String[] withDb(List<String> command, Path db) {
        List<String> args = new java.util.ArrayList<>(command);
        args.addAll(List.of("--db", db.toString()));
        return args.toArray(String[]::new);
    }

    /** The file's SHA-256 and the names beside it that start with its name (a -wal, -shm or -journal). */
    static String fileState(Path file) throws Exception {
        try (var files = Files.list(file.getParent())) {
            return sha256(file) + " " + files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(file.getFileName().toString())).sorted().toList();
        }
    }

    @Test
    void infoAndHashReadTheFileWithoutTouchingTheCatalog() throws Exception {
        Path a = model("a.safetensors", 3 << 20, 7);
        assertThat(tsr("info", a.toString(), "--db", db.toString())).isZero();
        assertThat(out.toString()).contains("tensors:      1").contains("ss_network_dim = 8");
        assertThat(tsr("info", a.toString(), "--json", "--db", db.toString())).isZero();
        JsonNode header = JSON.readTree(out.toString());
        assertThat(header.get("tensors").get(0).get("dtype").asString()).isEqualTo("U8");
        assertThat(header.get("metadata").get("ss_network_dim").asString()).isEqualTo("8");

        assertThat(tsr("hash", a.toString(), "--db", db.toString(), "--json", "--hashes", "sha256,autov2,crc32")).isZero();
        JsonNode hashes = JSON.readTree(out.toString());
        assertThat(hashes.get("SHA256").asString()).isEqualTo(sha256(a));
        assertThat(hashes.get("AutoV2").asString()).isEqualTo(sha256(a).substring(0, 10));
        assertThat(hashes.has("CRC32")).isTrue();
        assertThat(tsr("hash", a.toString(), "--db", db.toString())).isZero();
        assertThat(out.toString()).contains("SHA256  " + sha256(a)).contains("AutoV1").contains("AutoV3");
        assertThat(db).doesNotExist();
    }

    @Test
    void terminalEscapesInMetadataNeverReachTheTerminal() throws Exception {
        Path a = SafetensorsWriter.writeSized(models.resolve("esc.safetensors"), 10_000,
                Map.of("title", "\u001b]0;pwned\u0007ok \u001b[31mred\u202e"), 1);
        assertThat(tsr("info", a.toString())).isZero();
        assertThat(out.toString()).contains("title = ok red").doesNotContain("\u001b").doesNotContain("pwned")
                .doesNotContain("[31m").doesNotContain("\u202e");
    }

    @Test
    void infoOnABadOrMissingFileIsBadInput() throws Exception {
        Path bad = models.resolve("bad.safetensors");
        Files.writeString(bad, "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 123\n");
        assertThat(tsr("info", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("tsr: " + bad + ": not a safetensors file: ").containsIgnoringCase("lfs");
        assertThat(tsr("hash", models.resolve("nope.safetensors").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file");
        assertThat(tsr("info", models.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is a folder");
    }

    @Test
    void infoOnATextFileSaysItIsNotASafetensorsFile() throws Exception {
        Path notes = Files.writeString(models.resolve("notes.safetensors"), "Lorem ipsum dolor sit amet.\nSecond line\n");
        assertThat(tsr("info", notes.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("tsr: " + notes + ": not a safetensors file:"
                + " it is plain text, starting \"Lorem ipsum dolor sit a…\" (header length 8100041059028070220"
                + " exceeds the limit of 100000000 bytes)" + System.lineSeparator());
    }

    @Test
    void infoShowsADimensionAbove2To63Exactly() throws Exception {
        String json = "{\"empty\":{\"dtype\":\"F32\",\"shape\":[0,18446744073709551615],\"data_offsets\":[0,0]}}";
        Path file = Files.write(models.resolve("zero.safetensors"), SafetensorsWriter.raw(json.length(), json, new byte[0]));
        assertThat(tsr("info", file.toString(), "--tensors")).isZero();
        assertThat(out.toString()).contains("  empty  F32 [0, 18446744073709551615]");
        assertThat(tsr("info", file.toString(), "--json")).isZero();
        assertThat(JSON.readTree(out.toString()).get("tensors").get(0).get("shape").toString())
                .isEqualTo("[0,18446744073709551615]");
    }

    @Test
    void theCatalogComesFromTsrDbElseTheXdgDataHome() throws Exception {
        model("a.safetensors", 10_000, 1);
        Path fromEnv = dir.resolve("env.db");
        env.put("TSR_DB", fromEnv.toString());
        assertThat(tsr("db", "scan", models.toString())).isZero();
        assertThat(fromEnv).exists();
        env.remove("TSR_DB");
        env.put("XDG_DATA_HOME", dir.resolve("xdg").toString());
        assertThat(tsr("db", "scan", models.toString())).isZero();
        assertThat(dir.resolve("xdg/tensors/models.db")).exists();
        env.remove("XDG_DATA_HOME");
        assertThat(tsr("db", "scan", models.toString())).isZero();
        assertThat(dir.resolve("home/.local/share/tensors/models.db")).exists();
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void queriesRefuseAMissingCatalogInsteadOfCreatingOne() {
        Path typo = dir.resolve("typo/x.db");
        for (List<String> command : List.of(List.of("db", "list"), List.of("db", "stats"), List.of("db", "dupes"),
                List.of("db", "search", "x"), List.of("db", "outdated"), List.of("db", "export", "--format", "csv"))) {
            List<String> args = new java.util.ArrayList<>(command);
            args.addAll(List.of("--db", typo.toString()));
            assertThat(tsr(args.toArray(String[]::new))).as(command.toString()).isEqualTo(2);
            assertThat(err.toString()).as(command.toString()).isEqualTo("tsr: no catalog at " + typo
                    + ": run 'tsr db scan DIR' first, or check --db / TSR_DB\n");
        }
        assertThat(dir.resolve("typo")).doesNotExist();
    }

    @Test
    void badThreadsAndModelIdsAreBadUsage() {
        assertThat(tsr("db", "scan", models.toString(), "--threads", "-3", "--db", db.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("tsr: --threads must be 0 (one per processor) or more, not -3;")
                .doesNotContain("Exception");
        assertThat(tsr("db", "cache", "0", "--db", db.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("tsr: model id 0 is not a CivitAI model id").doesNotContain("Exception");
        assertThat(tsr("db", "cache", "-5", "--db", db.toString())).isEqualTo(2);
        assertThat(db).doesNotExist();
    }

    @Test
    void badNetworkSettingsOnlyFailTheCommandsThatUseTheNetwork() throws Exception {
        Path a = model("a.safetensors", 1000, 1);
        env.put("TSR_CIVITAI_URL", "notaurl");
        env.put("TSR_HTTP_TIMEOUT_SECONDS", "abc");
        assertThat(tsr("db", "scan", models.toString(), "--db", db.toString())).isZero();
        assertThat(tsr("db", "stats", "--db", db.toString())).isZero();
        assertThat(tsr("info", a.toString())).isZero();
        assertThat(tsr("db", "link", "--db", db.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("tsr: TSR_HTTP_TIMEOUT_SECONDS 'abc' is not a number of seconds\n");
        env.remove("TSR_HTTP_TIMEOUT_SECONDS");
        assertThat(tsr("db", "link", "--db", db.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("tsr: TSR_CIVITAI_URL 'notaurl' is not a URL like https://civitai.com\n");
    }
}
