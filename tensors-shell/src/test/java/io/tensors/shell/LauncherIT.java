package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./tsr launcher itself, run against the jars this build packaged: from a copy of the launcher in a
 * scratch checkout whose target/ links to those jars, so it finds no sources to rebuild and starts
 * with no extracted native library and no AOT cache, as in a fresh clone after its first build.
 */
class LauncherIT {
    static final Path MODULE = Path.of(System.getProperty("user.dir"));
    static final Path TARGET = MODULE.resolve("target");

    @TempDir
    static Path dir;

    static Path checkout;
    static Path native_;

    @BeforeAll
    static void checkout() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "the launcher is a Linux bash script");
        assumeTrue(Files.isRegularFile(TARGET.resolve("tensors-shell.jar")) && Files.isDirectory(TARGET.resolve("lib")),
                "needs the packaged jars (mvn verify runs this after package)");
        // beside the jars, so they can be hard links: the launcher sees their own times, nothing is copied
        checkout = Files.createTempDirectory(TARGET, "launcher-it-");
        Files.copy(MODULE.resolve("../tsr"), checkout.resolve("tsr"), StandardCopyOption.COPY_ATTRIBUTES);
        Path target = Files.createDirectories(checkout.resolve("tensors-shell/target"));
        link(TARGET.resolve("tensors-shell.jar"), target.resolve("tensors-shell.jar"));
        Path lib = Files.createDirectories(target.resolve("lib"));
        try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
            for (Path jar : jars.toList()) {
                link(jar, lib.resolve(jar.getFileName()));
            }
        }
        native_ = target.resolve("native");
        // the first start extracts the native library and trains the AOT cache: once, before the tests
        Run first = tsr(Files.createDirectories(dir.resolve("first")), "--version").finish();
        assertThat(first.exit).as(first.describe()).isZero();
        assertThat(first.out()).isEqualTo("tsr 0.1.0\n");
    }

    @AfterAll
    static void removeCheckout() throws IOException {
        if (checkout != null) {
            try (Stream<Path> files = Files.walk(checkout)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static void link(Path existing, Path link) throws IOException {
        try {
            Files.createLink(link, existing);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(existing, link, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    @Test
    void aLongScanEndsWellWhileOtherTsrCommandsStart() throws Exception {
        Map<Path, List<Object>> libraries = libraries();
        assertThat(libraries).as("the launcher extracted sqlite-jdbc's native library").isNotEmpty();
        Path models = Files.createDirectories(dir.resolve("models"));
        for (int i = 0; i < 16; i++) {
            SafetensorsWriter.writeSized(models.resolve("m" + i + ".safetensors"), 8 << 20, Map.of(), i);
        }
        Path small = Files.createDirectories(dir.resolve("small"));
        SafetensorsWriter.writeSized(small.resolve("s.safetensors"), 10_000, Map.of(), 99);
        Path db = dir.resolve("long.db");

        // BLAKE3 on one thread keeps the scan in SQLite and the hashers for seconds
        Path work = Files.createDirectories(dir.resolve("work"));
        Run scan = tsr(work, "db", "scan", models.toString(), "--db", db.toString(), "--hashes", "sha256,blake3", "--threads", "1", "--json");
        while (scan.process.isAlive() && !Files.exists(db)) {
            Thread.sleep(20); // the catalog file exists once the scan has loaded SQLite
        }
        List<Run> others = List.of(tsr(work, "--version"),
                tsr(work, "db", "scan", small.toString(), "--db", dir.resolve("b.db").toString(), "--json"),
                tsr(work, "db", "scan", small.toString(), "--db", dir.resolve("c.db").toString(), "--json"));
        for (Run other : others) {
            other.finish();
            assertThat(other.exit).as(other.describe()).isZero();
        }
        scan.finish();

        assertThat(scan.exit).as(scan.describe()).isZero();
        assertThat(CliTest.JSON.readTree(scan.out()).get("added").asLong()).isEqualTo(16);
        assertThat(libraries()).as("no start rewrote the library a running tsr has mapped").isEqualTo(libraries);
    }

    @Test
    void anyFileUnderSrcMainNewerThanTheJarMeansARebuildAndASymlinkedTsrFindsItsCheckout() throws Exception {
        assumeTrue(new ProcessBuilder("bash", "-c", "command -v mvn").start().waitFor() == 0, "needs mvn on the PATH");
        Path rules = Files.createDirectories(checkout.resolve("tensors-engine/src/main/resources")).resolve("identity-rules.txt");
        FileTime jarTime = Files.getLastModifiedTime(checkout.resolve("tensors-shell/target/tensors-shell.jar"));
        try {
            Files.writeString(rules, "a rule\n");
            Files.setLastModifiedTime(rules, FileTime.fromMillis(jarTime.toMillis() - 60_000));
            // reached through a symlink in another folder, with a CDPATH that must not be looked in
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Files.deleteIfExists(bin.resolve("tsr"));
            Files.createSymbolicLink(bin.resolve("tsr"), checkout.resolve("tsr"));
            Path work = Files.createDirectories(dir.resolve("symlinked"));
            ProcessBuilder viaLink = new ProcessBuilder("bash", "-c", "CDPATH=/ exec \"$0\" --version", bin.resolve("tsr").toString())
                    .directory(work.toFile()).redirectErrorStream(true);
            viaLink.environment().put("JAVA_HOME", System.getProperty("java.home"));
            viaLink.environment().put("HOME", dir.resolve("home").toString());
            Process p = viaLink.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(out).isEqualTo("tsr 0.1.0\n"); // no rebuild for an older resource, nothing from cd on stdout

            Files.setLastModifiedTime(rules, FileTime.fromMillis(jarTime.toMillis() + 60_000));
            Run stale = tsr(Files.createDirectories(dir.resolve("stale")), "--version").finish();
            // a resource, not only sources: the launcher builds (and here fails: this checkout has no pom)
            assertThat(stale.err()).as(stale.describe()).contains("tsr: building tsr from this checkout");
            assertThat(stale.exit).as(stale.describe()).isEqualTo(4);
            // an editor's swap file is no source
            Files.setLastModifiedTime(rules, FileTime.fromMillis(jarTime.toMillis() - 60_000));
            Path swap = rules.resolveSibling(".identity-rules.txt.swp");
            Files.writeString(swap, "swap");
            Run editing = tsr(Files.createDirectories(dir.resolve("editing")), "--version").finish();
            Files.delete(swap);
            assertThat(editing.exit).as(editing.describe()).isZero();
            assertThat(editing.err()).isEmpty();
        } finally {
            Files.deleteIfExists(rules);
        }
    }

    @Test
    void vmOutputGoesToStderrAndACrashReportToTheCacheFolderNotTheWorkingFolder() throws Exception {
        Path work = Files.createDirectories(dir.resolve("crash"));
        Run shell = tsr(work, "shell", "--db", dir.resolve("shell.db").toString());
        OutputStream keys = shell.process.getOutputStream(); // held open: the shell waits for a line
        while (shell.process.isAlive() && !shell.out().contains("tsr shell:")) {
            Thread.sleep(20); // the banner: the JVM is up and handles signals
        }
        signal(shell, "QUIT"); // Ctrl-\: a thread dump, and the shell goes on
        while (shell.process.isAlive() && !(shell.out() + shell.err()).contains("Full thread dump")) {
            Thread.sleep(20);
        }
        assertThat(shell.err()).contains("Full thread dump");
        assertThat(shell.out()).doesNotContain("Full thread dump");
        signal(shell, "SEGV");
        shell.finish();
        keys.close();

        assertThat(shell.exit).as(shell.describe()).isEqualTo(134); // the JVM's abort after a fatal error
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files).as("crash files in the working folder").isEmpty();
        }
        Path report = dir.resolve("cache/tensors/hs_err_pid" + shell.process.pid() + ".log");
        assertThat(report).content().contains("SIGSEGV");
    }

    static void signal(Run run, String name) throws Exception {
        Process kill = new ProcessBuilder("bash", "-c", "kill -" + name + " $0", Long.toString(run.process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    /** @return each extracted libsqlitejdbc.so with what changes when a file is rewritten in place or replaced */
    static Map<Path, List<Object>> libraries() throws IOException {
        Map<Path, List<Object>> found = new LinkedHashMap<>();
        if (Files.isDirectory(native_)) {
            try (Stream<Path> files = Files.walk(native_)) {
                for (Path file : files.filter(f -> f.getFileName().toString().equals("libsqlitejdbc.so")).sorted().toList()) {
                    found.put(file, List.of(Files.getAttribute(file, "unix:ino"), Files.getAttribute(file, "unix:ctime")));
                }
            }
        }
        return found;
    }

    /** Starts {@code ./tsr ARGS} in the folder {@code work}, with its own home and cache, and no core dump. */
    @Test
    void aFailedBuildSaysItIsBuildingThenShowsMavensErrorNotJustThatItFailed() throws Exception {
        assumeTrue(new ProcessBuilder("bash", "-c", "command -v mvn").start().waitFor() == 0, "needs mvn on the PATH");
        // a checkout whose sources do not compile: no jar yet, so the launcher builds
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.copy(MODULE.resolve("../tsr"), broken.resolve("tsr"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(broken.resolve("pom.xml"), "<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId>"
                + "<artifactId>broken</artifactId><version>1</version><packaging>pom</packaging><modules>"
                + "<module>tensors-shell</module></modules></project>");
        Path shell = Files.createDirectories(broken.resolve("tensors-shell/src/main/java"));
        Files.writeString(broken.resolve("tensors-shell/pom.xml"), "<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId>"
                + "<artifactId>tensors-shell</artifactId><version>1</version>"
                + "<properties><maven.compiler.release>25</maven.compiler.release></properties>"
                // the plugin versions the project uses, so nothing is downloaded
                + "<build><plugins><plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>"
                + "<plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.1</version></plugin></plugins></build></project>");
        Files.writeString(shell.resolve("Broken.java"), "class Broken { int x = \"not a number\"; }");
        ProcessBuilder builder = new ProcessBuilder("bash", broken.resolve("tsr").toString(), "--version")
                .redirectOutput(dir.resolve("broken.out").toFile()).redirectError(dir.resolve("broken.err").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TMPDIR", dir.toString()); // the kept build log
        Process build = builder.start();
        assertThat(build.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("broken.err"));
        assertThat(build.exitValue()).as(err).isEqualTo(4);
        assertThat(err).contains("tsr: building tsr from this checkout").contains("about 30 s")
                .contains("Broken.java").contains("the build failed after").contains("Maven's whole output is in");
    }

    static Run tsr(Path work, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -c 0 && exec \"$0\" \"$@\"", checkout.resolve("tsr").toString()));
        command.addAll(List.of(args));
        String name = "run" + Run.count++;
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HOME", dir.resolve("home").toString());
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        env.remove("XDG_DATA_HOME");
        env.remove("XDG_CONFIG_HOME");
        env.remove("TSR_DB");
        env.remove("TSR_PLUGINS");
        return new Run(String.join(" ", args), builder.start(), dir.resolve(name + ".out"), dir.resolve(name + ".err"));
    }

    static final class Run {
        static int count;
        final String args;
        final Process process;
        final Path out;
        final Path err;
        int exit = -1;

        Run(String args, Process process, Path out, Path err) {
            this.args = args;
            this.process = process;
            this.out = out;
            this.err = err;
        }

        Run finish() throws Exception {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
            }
            exit = process.exitValue();
            return this;
        }

        String out() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        String err() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        String describe() throws IOException {
            return "tsr " + args + " exited " + exit + "; stdout: " + out() + "; stderr: " + err();
        }
    }
}
