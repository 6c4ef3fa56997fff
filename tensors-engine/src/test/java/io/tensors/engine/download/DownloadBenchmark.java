package io.tensors.engine.download;

import io.tensors.plugins.testing.FakeCivitai;
import io.tensors.plugins.testing.FakeCivitai.ServedFile;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Not a test: one safetensors file of N MiB served from the loopback FakeCivitai (in this JVM), fetched
 * as a user would, each in its own process: {@code curl -o}, then {@code tsr db scan} of what curl
 * wrote ("download then scan"), and {@code tsr dl} (every default hash computed on the way in, then
 * cataloged and linked). Whole-process wall times, best of R rounds, for each server rate given (a
 * rate caps the server as a real network would; 0 is unthrottled). Both catalogs exist before their
 * clocks start, as a user's does.
 *
 * <p>Usage, from the repository root (it runs {@code ./tsr}):
 * {@code java -cp <engine test classpath> io.tensors.engine.download.DownloadBenchmark [MiB] [rounds] [bytes/s,...]}
 */
public final class DownloadBenchmark {
    private DownloadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Long> rates = new ArrayList<>();
        for (String rate : (args.length > 2 ? args[2] : "0").split(",")) {
            rates.add(Long.parseLong(rate.strip()));
        }
        Path tsr = Path.of(System.getProperty("tsr.launcher", "tsr")).toAbsolutePath();
        if (!Files.isExecutable(tsr)) {
            throw new IllegalStateException(tsr + " not found: run this from the repository root, or pass -Dtsr.launcher=PATH");
        }
        Path dir = Files.createTempDirectory("tsr-dl-bench");
        try (FakeCivitai civitai = new FakeCivitai()) {
            Path source = SafetensorsWriter.writeSized(dir.resolve("source.safetensors"), (long) mib << 20, Map.of(), 1);
            byte[] bytes = Files.readAllBytes(source);
            Files.delete(source);
            String sha256 = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            civitai.serve(1, FakeCivitai.model(1, "Bench", sha256, "D".repeat(64)));
            String url = civitai.baseUrl() + "/api/download/models/12";
            Map<String, String> env = Map.of("HOME", dir.toString(), "TSR_CIVITAI_URL", civitai.baseUrl().toString());
            Path library = dir.resolve("lib");
            Path empty = Files.createDirectories(dir.resolve("empty"));
            Path scanDb = dir.resolve("scan.db");
            Path dlDb = dir.resolve("dl.db");
            run(env, tsr.toString(), "--version"); // builds the checkout once, outside the timings
            run(env, tsr.toString(), "db", "scan", empty.toString(), "--db", scanDb.toString());
            run(env, tsr.toString(), "db", "scan", empty.toString(), "--db", dlDb.toString());
            double mb = bytes.length / 1e6;
            System.out.printf(Locale.ROOT, "file: %d MiB safetensors from 127.0.0.1, whole processes, best of %d rounds%n", mib, rounds);
            System.out.printf(Locale.ROOT, "%-12s %16s %16s %16s %24s%n", "server", "curl -o", "tsr db scan", "tsr dl", "dl against curl+scan");
            for (long rate : rates) {
                civitai.on("GET", "/api/download/models/12", new ServedFile(bytes, "\"b\"", "attachment; filename=\"bench.safetensors\"")
                        .throttle(rate));
                double curlBest = Double.MAX_VALUE;
                double dlBest = Double.MAX_VALUE;
                double scanBest = Double.MAX_VALUE;
                for (int round = 0; round < rounds; round++) {
                    Path curled = dir.resolve("curl.safetensors");
                    curlBest = Math.min(curlBest, run(env, "curl", "-s", "-o", curled.toString(), url));
                    scanBest = Math.min(scanBest, run(env, tsr.toString(), "db", "scan", curled.toString(), "--db", scanDb.toString()));
                    Files.delete(curled);
                    dlBest = Math.min(dlBest, run(env, tsr.toString(), "dl", "12", "--to", library.toString(), "--db", dlDb.toString()));
                    try (Stream<Path> walk = Files.walk(library)) {
                        for (Path file : walk.filter(Files::isRegularFile).toList()) {
                            Files.delete(file);
                        }
                    }
                }
                double before = curlBest + scanBest;
                System.out.printf(Locale.ROOT, "%-12s %6.2f s %4.0f MB/s %6.2f s %4.0f MB/s %6.2f s %4.0f MB/s %+8.2f s (%+.0f%%)%n",
                        rate == 0 ? "unthrottled" : rate / 1_000_000 + " MB/s", curlBest, mb / curlBest, scanBest, mb / scanBest,
                        dlBest, mb / dlBest, dlBest - before, 100 * (dlBest - before) / before);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** @return the command's wall seconds; it must succeed */
    private static double run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        long start = System.nanoTime();
        int code = builder.start().waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + code);
        }
        return seconds;
    }
}
