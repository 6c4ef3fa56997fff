package io.tensors.plugins;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Single-thread throughput of the hash paths, as the engine drives them: 1 GiB fed in 4 MiB chunks
 * from one reused buffer, direct and heap; or, given a file, that file read through a FileChannel
 * into one direct buffer of 1 MiB, as the scan reads (bench/blake3.sh compares it with b3sum). Not a test; run
 * by hand:
 *
 * <pre>
 * mvn -q -o -pl tensors-plugins dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java --enable-native-access=ALL-UNNAMED \
 *     -cp tensors-plugins/target/classes:tensors-plugins/target/test-classes:$(cat /tmp/cp.txt) \
 *     io.tensors.plugins.HashThroughput [GiB | FILE]
 * </pre>
 */
public final class HashThroughput {
    private static final int CHUNK = 4 << 20;
    private static final int ROUNDS = 3;
    /** A file is read 1 MiB at a time, as the engine's HashPipeline reads. */
    private static final int FILE_CHUNK = 1 << 20;
    private static final int FILE_ROUNDS = Integer.getInteger("rounds", 7);
    /** The thread's CPU time, not the wall clock: other processes on a shared machine do not count. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private HashThroughput() {}

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && Files.isRegularFile(Path.of(args[0]))) {
            file(Path.of(args[0]));
            return;
        }
        long total = (args.length > 0 ? Long.parseLong(args[0]) : 1) << 30;
        byte[] random = new byte[CHUNK];
        new Random(1).nextBytes(random);
        ByteBuffer direct = ByteBuffer.allocateDirect(CHUNK).put(0, random);
        ByteBuffer heap = ByteBuffer.allocate(CHUNK).put(0, random);
        FileLayout layout = new FileLayout(total, 0);

        System.out.printf("%s %s, native SHA-256 available: %s%n",
                System.getProperty("java.vm.name"), Runtime.version(), NativeSha256.available());
        System.out.printf("%d MiB per run, %d MiB chunks, best of %d runs, single thread, MB per second of the thread's CPU time%n",
                total >> 20, CHUNK >> 20, ROUNDS);
        for (ByteBuffer buffer : new ByteBuffer[] {direct, heap}) {
            String kind = buffer.isDirect() ? "direct" : "heap";
            run("SHA-256 MessageDigest", kind, buffer, total, () -> new Sha256Hasher(0, Window.EOF, 64, false));
            if (NativeSha256.available()) {
                run("SHA-256 OpenSSL (FFM)", kind, buffer, total, () -> new Sha256Hasher(0, Window.EOF, 64, true));
            }
            run("CRC32", kind, buffer, total, () -> new Crc32Algorithm().newHasher(layout));
            run("BLAKE3 (plugin's)", kind, buffer, total, () -> new Blake3Algorithm().newHasher(layout));
            run("BLAKE3 commons-codec", kind, buffer, total, CommonsBlake3::new);
        }
    }

    /**
     * SHA-256 and BLAKE3 take turns over the file, 7 rounds each (-Drounds=N) after a warm-up: on a shared
     * VM the speed of both drifts by a third within a minute, so only their ratio round by round is steady.
     */
    private static void file(Path file) throws IOException {
        long size = Files.size(file);
        FileLayout layout = new FileLayout(size, 0);
        ByteBuffer buffer = ByteBuffer.allocateDirect(FILE_CHUNK);
        System.out.printf("%s %s; %s, %d MiB, read in %d MiB chunks; %d rounds taking turns, MB per second of the thread's CPU time (reads included)%n",
                System.getProperty("java.vm.name"), Runtime.version(), file.getFileName(), size >> 20, FILE_CHUNK >> 20, FILE_ROUNDS);
        List<Map.Entry<String, Supplier<FileHasher>>> hashers = List.of(
                Map.entry("SHA-256 MessageDigest", () -> new Sha256Hasher(0, Window.EOF, 64, false)),
                Map.entry("BLAKE3 (plugin's)", () -> new Blake3Algorithm().newHasher(layout)));
        double[][] speeds = new double[hashers.size()][FILE_ROUNDS];
        String[] values = new String[hashers.size()];
        for (int round = -1; round < FILE_ROUNDS; round++) { // round -1 warms up
            for (int h = 0; h < hashers.size(); h++) {
                FileHasher hasher = hashers.get(h).getValue().get();
                long t0 = CPU.getCurrentThreadCpuTime();
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    long offset = 0;
                    for (int n; (n = channel.read(buffer.clear())) > 0; offset += n) {
                        hasher.update(offset, buffer.flip());
                    }
                }
                values[h] = hasher.finish(Map.of()).orElseThrow().toLowerCase(java.util.Locale.ROOT);
                double seconds = (CPU.getCurrentThreadCpuTime() - t0) / 1e9;
                if (round >= 0) {
                    speeds[h][round] = size / 1e6 / seconds;
                }
            }
        }
        double[] ratios = new double[FILE_ROUNDS];
        for (int round = 0; round < FILE_ROUNDS; round++) {
            ratios[round] = speeds[1][round] / speeds[0][round];
        }
        for (int h = 0; h < hashers.size(); h++) {
            System.out.printf("  %-22s %,8.0f MB/s best, %,8.0f median   (%s)%n",
                    hashers.get(h).getKey(), max(speeds[h]), median(speeds[h]), values[h]);
        }
        System.out.printf("  BLAKE3 / SHA-256 round by round: median %.2f, range %.2f to %.2f%n",
                median(ratios), min(ratios), max(ratios));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElse(0);
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElse(0);
    }

    private static void run(String name, String kind, ByteBuffer buffer, long total, Supplier<FileHasher> hashers) {
        hash(hashers.get(), buffer, Math.min(total, 256L << 20)); // warm-up
        double best = 0;
        String value = null;
        for (int round = 0; round < ROUNDS; round++) {
            FileHasher hasher = hashers.get();
            long t0 = CPU.getCurrentThreadCpuTime();
            value = hash(hasher, buffer, total);
            double seconds = (CPU.getCurrentThreadCpuTime() - t0) / 1e9;
            best = Math.max(best, total / 1e6 / seconds);
        }
        System.out.printf("  %-22s %-6s %,8.0f MB/s   (%s...)%n", name, kind, best, value.substring(0, 8));
    }

    private static String hash(FileHasher hasher, ByteBuffer buffer, long total) {
        for (long offset = 0; offset < total; offset += CHUNK) {
            buffer.clear().limit((int) Math.min(CHUNK, total - offset));
            hasher.update(offset, buffer);
        }
        return hasher.finish(Map.of()).orElseThrow();
    }

    /** commons-codec's BLAKE3, which the plugin used before, for comparison. */
    private static final class CommonsBlake3 implements FileHasher, Window.Sink {
        private final org.apache.commons.codec.digest.Blake3 blake3 = org.apache.commons.codec.digest.Blake3.initHash();
        private final Window window = new Window(0, Window.EOF, this);

        @Override
        public void update(long offset, ByteBuffer chunk) {
            window.feed(offset, chunk);
        }

        @Override
        public void accept(byte[] bytes, int offset, int length) {
            blake3.update(bytes, offset, length);
        }

        @Override
        public java.util.Optional<String> finish(Map<String, String> required) {
            return java.util.Optional.of(Sha256Hasher.HEX.formatHex(blake3.doFinalize(32)));
        }
    }
}
