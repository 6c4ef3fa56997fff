package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tsr ... > /dev/full}: the real process, its real standard output on a device that is always full. */
class FullDiskIT {
    static final Path DEV_FULL = Path.of("/dev/full");

    @TempDir
    Path dir;

    @Test
    void writingToDevFullExitsOneWithOneLine() throws Exception {
        assumeTrue(Files.isWritable(DEV_FULL), "no writable /dev/full on this system");
        Path models = Files.createDirectories(dir.resolve("models"));
        SafetensorsWriter.writeSized(models.resolve("a.safetensors"), 10_000, Map.of(), 1);
        Path db = dir.resolve("catalog.db");
        assertThat(tsr(dir.resolve("scan.out").toFile(), "db", "scan", models.toString(), "--db", db.toString()).exit).isZero();

        for (List<String> command : List.of(List.of("db", "list", "--json"), List.of("db", "export", "--format", "csv"),
                List.of("--help"))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--db", db.toString()));
            Result r = tsr(DEV_FULL.toFile(), args.toArray(String[]::new));
            assertThat(r.exit).as(command.toString()).isEqualTo(1);
            assertThat(r.err).as(command.toString()).isEqualTo("tsr: cannot write the output: disk full\n");
        }
    }

    record Result(int exit, String err) {}

    Result tsr(File stdout, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout).redirectError(err.toFile());
        builder.environment().put("HOME", dir.toString());
        Process p = builder.start();
        int exit = p.waitFor();
        return new Result(exit, Files.readString(err, StandardCharsets.UTF_8));
    }
}
