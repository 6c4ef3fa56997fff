package io.tensors.engine.download;

import io.tensors.api.DownloadListener;
import io.tensors.api.DownloadRequest;
import io.tensors.api.DownloadedFile;
import io.tensors.api.ScanListener;
import io.tensors.api.ScanRequest;
import io.tensors.engine.DefaultCatalog;
import io.tensors.engine.Settings;
import io.tensors.engine.plugin.PluginRegistry;
import io.tensors.plugins.testing.SafetensorsWriter;
import io.tensors.plugins.testing.FakeCivitai;
import io.tensors.plugins.testing.FakeCivitai.ServedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Not a test: one safetensors file of N MiB served from the loopback FakeCivitai, fetched in turns by
 * {@code curl -o} and by {@code tsr dl} (every default hash computed on the way in, then cataloged), and
 * the curl'd file scanned, so "download then scan" can be set against "dl". Prints the best of R rounds.
 * Usage: {@code java -cp <test classpath> io.tensors.engine.download.DownloadBenchmark [MiB] [rounds] [bytes/s]}
 * (a rate caps the server, as a real network would). Both catalogs exist before their clocks start.
 */
public final class DownloadBenchmark {
    private DownloadBenchmark() {}

    /** A user's catalog exists: it is created (schema and all) before the clock starts, for both sides. */
    private static void existing(DefaultCatalog catalog, Path emptyFolder) {
        catalog.scan(new ScanRequest(List.of(emptyFolder), List.of(), false, 1), ScanListener.NONE);
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long rate = args.length > 2 ? Long.parseLong(args[2]) : 0; // bytes a second the server sends, 0: unlimited
        Path dir = Files.createTempDirectory("tsr-dl-bench");
        try (FakeCivitai civitai = new FakeCivitai()) {
            Path source = SafetensorsWriter.writeSized(dir.resolve("source.safetensors"), (long) mib << 20, Map.of(), 1);
            byte[] bytes = Files.readAllBytes(source);
            Files.delete(source);
            String sha256 = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            civitai.serve(1, FakeCivitai.model(1, "Bench", sha256, "D".repeat(64)));
            String url = civitai.baseUrl() + "/api/download/models/12";
            civitai.on("GET", "/api/download/models/12", new ServedFile(bytes, "\"b\"", "attachment; filename=\"bench.safetensors\"")
                    .throttle(rate));
            Path library = dir.resolve("lib");
            Path empty = Files.createDirectories(dir.resolve("empty"));
            Map<String, String> env = Map.of("HOME", dir.toString(), "TSR_CIVITAI_URL", civitai.baseUrl().toString());
            double curlBest = Double.MAX_VALUE;
            double dlBest = Double.MAX_VALUE;
            double scanBest = Double.MAX_VALUE;
            for (int round = 0; round < rounds; round++) {
                Path curled = dir.resolve("curl.safetensors");
                long t0 = System.nanoTime();
                Process curl = new ProcessBuilder("curl", "-s", "-o", curled.toString(), url).inheritIO().start();
                if (curl.waitFor() != 0) {
                    throw new IllegalStateException("curl failed");
                }
                curlBest = Math.min(curlBest, (System.nanoTime() - t0) / 1e9);

                Path scanDb = dir.resolve("scan-" + round + ".db");
                try (DefaultCatalog catalog = new DefaultCatalog(Settings.fromEnvironment(env, scanDb), PluginRegistry.load(DownloadBenchmark.class.getClassLoader()))) {
                    existing(catalog, empty);
                    long t1 = System.nanoTime();
                    catalog.scan(new ScanRequest(List.of(curled), List.of(), false, 1), ScanListener.NONE);
                    scanBest = Math.min(scanBest, (System.nanoTime() - t1) / 1e9);
                }
                Files.delete(curled);

                Path dlDb = dir.resolve("dl-" + round + ".db");
                try (DefaultCatalog catalog = new DefaultCatalog(Settings.fromEnvironment(env, dlDb), PluginRegistry.load(DownloadBenchmark.class.getClassLoader()))) {
                    existing(catalog, empty);
                    long t2 = System.nanoTime();
                    DownloadedFile f = catalog.download(new DownloadRequest(List.of(12L), null, null, null, false, null, null, library,
                            true, 1, false), DownloadListener.NONE).files().getFirst();
                    dlBest = Math.min(dlBest, (System.nanoTime() - t2) / 1e9);
                    if (!"downloaded".equals(f.status())) {
                        throw new IllegalStateException(f.reason());
                    }
                    Files.delete(Path.of(f.path()));
                }
            }
            double mb = bytes.length / 1e6;
            System.out.printf(Locale.ROOT, "file: %d MiB safetensors from 127.0.0.1 (%s), best of %d rounds%n", mib,
                    rate == 0 ? "unthrottled" : "server capped at " + rate / 1_000_000 + " MB/s", rounds);
            System.out.printf(Locale.ROOT, "curl -o                           %6.2f s  %7.0f MB/s%n", curlBest, mb / curlBest);
            System.out.printf(Locale.ROOT, "tsr dl (5 hashes + catalog+link)  %6.2f s  %7.0f MB/s%n", dlBest, mb / dlBest);
            System.out.printf(Locale.ROOT, "tsr db scan of the curl'd file    %6.2f s  %7.0f MB/s%n", scanBest, mb / scanBest);
            System.out.printf(Locale.ROOT, "curl then scan                    %6.2f s; tsr dl saves %.2f s (%.0f%%)%n", curlBest + scanBest,
                    curlBest + scanBest - dlBest, 100 * (curlBest + scanBest - dlBest) / (curlBest + scanBest));
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
