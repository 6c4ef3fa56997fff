package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog this user cannot write (the file, or its folder): every query still answers, every command that
 * writes says so on one line (exit 3), and nothing is created or changed beside it, so the catalog works
 * again as soon as it is made writable. The commands run in a child JVM; as root (which file permissions do
 * not stop) that JVM runs without capabilities through setpriv.
 */
class ReadOnlyCatalogIT {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    @Test
    void aReadOnlyCatalogFileAnswersQueriesAndRefusesWrites() throws Exception {
        Path db = catalog();
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
        checkReadOnly(db);
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(run(List.of("db", "scan", dir.resolve("models").toString(), "--db", db.toString()))
                .getFirst().exit()).as("writable again").isZero();
    }

    @Test
    void aCatalogInAReadOnlyFolderAnswersQueriesAndRefusesWrites() throws Exception {
        Path db = catalog();
        Files.setPosixFilePermissions(db.getParent(), PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            checkReadOnly(db);
        } finally {
            Files.setPosixFilePermissions(db.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertThat(run(List.of("db", "scan", dir.resolve("models").toString(), "--db", db.toString()))
                .getFirst().exit()).as("writable again").isZero();
    }

    private Path catalog() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 10_000, Map.of("ss_network_dim", "8"), 1);
        Path db = Files.createDirectories(dir.resolve("catalog")).resolve("models.db");
        assertThat(Cli.run(new Environment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), false),
                "db", "scan", models.toString(), "--db", db.toString())).isZero(); // by this process: the same owner
        assertThat(siblings(db)).containsExactly("models.db");
        return db;
    }

    private void checkReadOnly(Path db) throws Exception {
        String before = sha256(db);
        Path script = Files.writeString(dir.resolve("count.js"),
                "console.log('files: ' + tsr.sql('SELECT count(*) AS n FROM local_files')[0].n)\n");
        String file = dir.resolve("models/a.safetensors").toString();
        List<List<String>> reads = List.of(List.of("db", "list", "--json"), List.of("db", "stats"),
                List.of("db", "search", "anything"), List.of("db", "dupes"), List.of("db", "outdated"),
                List.of("db", "export", "--format", "csv"), List.of("db", "triggers", file), List.of("db", "prompts", "1"),
                List.of("run", script.toString()));
        List<List<String>> writes = List.of(List.of("db", "scan", dir.resolve("models").toString()),
                List.of("db", "link", "--offline"));
        List<List<String>> lines = new ArrayList<>();
        for (List<String> command : reads) {
            lines.add(withDb(command, db));
        }
        for (List<String> command : writes) {
            lines.add(withDb(command, db));
        }
        List<Result> results = run(lines.toArray(List[]::new));
        for (int i = 0; i < reads.size(); i++) {
            Result r = results.get(i);
            String what = reads.get(i).toString() + ": " + r.err();
            assertThat(r.err()).as(what).doesNotContain("read-only").doesNotContain("cannot be opened");
            // triggers: the file is not linked; prompts: model 1 is not cached; the rest answer
            assertThat(r.exit()).as(what).isEqualTo(reads.get(i).contains("triggers") || reads.get(i).contains("prompts") ? 1 : 0);
        }
        assertThat(results.get(0).out()).contains("a.safetensors");
        assertThat(results.get(reads.size() - 1).out()).isEqualTo("files: 1\n");
        for (int i = 0; i < writes.size(); i++) {
            Result r = results.get(reads.size() + i);
            assertThat(r.exit()).as(writes.get(i).toString()).isEqualTo(3);
            assertThat(r.err().lines()).as(writes.get(i).toString()).singleElement().asString()
                    .startsWith("tsr: catalog " + db + " is read-only").contains("make it writable").doesNotContain("SQLITE");
        }
        assertThat(sha256(db)).isEqualTo(before);
        assertThat(siblings(db)).as("nothing created beside the catalog").containsExactly("models.db");
    }

    private static List<String> withDb(List<String> command, Path db) {
        List<String> line = new ArrayList<>(command);
        line.addAll(command.getFirst().equals("run") ? 1 : line.size(), List.of("--db", db.toString())); // run: before FILE
        return line;
    }

    /** Runs the command lines in one child JVM without the right to override file permissions. */
    @SafeVarargs
    private List<Result> run(List<String>... lines) throws Exception {
        List<String> command = new ArrayList<>();
        if (overridesPermissions()) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "running as root without setpriv to drop that");
            command.addAll(List.of("/usr/bin/setpriv", "--bounding-set=-all", "--inh-caps=-all"));
        }
        command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CliBatch.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("HOME", dir.resolve("home").toString());
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            for (List<String> line : lines) {
                stdin.write((String.join("\t", line) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(report).isZero();
        List<Result> results = new ArrayList<>();
        for (String part : report.split("(?m)^=== ", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int nl = part.indexOf('\n');
            int split = part.indexOf("--- stderr\n");
            results.add(new Result(Integer.parseInt(part.substring(0, nl)), part.substring(nl + 1, split),
                    part.substring(split + "--- stderr\n".length())));
        }
        assertThat(results).as(report).hasSize(lines.length);
        return results;
    }

    /** Whether this process may write a file that its permissions make read-only (root). */
    private boolean overridesPermissions() throws IOException {
        Path probe = Files.writeString(dir.resolve(".probe"), "");
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("r--r--r--"));
        try {
            return Files.isWritable(probe);
        } finally {
            Files.delete(probe);
        }
    }

    private static List<String> siblings(Path db) throws IOException {
        try (var files = Files.list(db.getParent())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
