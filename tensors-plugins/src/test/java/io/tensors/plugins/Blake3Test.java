package io.tensors.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.FileLayout;
import io.tensors.api.IdleCores;
import io.tensors.plugins.Feed.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plugin's own BLAKE3: the official test vectors at every listed length, fed whole and in odd
 * pieces; random inputs around the batch and subtree boundaries against an independent implementation
 * (commons-codec's); and a file against {@code b3sum} when it is installed.
 */
class Blake3Test {
    private record Vector(int length, String hash) {}

    private static List<Vector> vectors() throws IOException {
        List<Vector> vectors = new ArrayList<>();
        try (InputStream in = Blake3Test.class.getResourceAsStream("/blake3/test_vectors.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.trim().split(" ");
                    vectors.add(new Vector(Integer.parseInt(parts[0]), parts[1]));
                }
            }
        }
        return vectors;
    }

    private static byte[] input(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i % 251);
        }
        return data;
    }

    private static String hex(Blake3 b) {
        return HexFormat.of().formatHex(b.digest());
    }

    @Test
    void officialVectorsInOnePiece() throws IOException {
        List<Vector> vectors = vectors();
        assertThat(vectors).hasSize(22).extracting(Vector::length).contains(0, 1, 1024, 1025, 102400);
        for (Vector v : vectors) {
            Blake3 b = new Blake3();
            b.update(input(v.length()), 0, v.length());
            assertThat(hex(b)).as("length %d", v.length()).isEqualTo(v.hash());
        }
    }

    @Test
    void officialVectorsInPieces() throws IOException {
        for (int piece : new int[] {1, 63, 64, 65, 1023, 1024, 1025, 5000}) {
            for (Vector v : vectors()) {
                byte[] data = input(v.length());
                Blake3 b = new Blake3();
                for (int at = 0; at < data.length; at += piece) {
                    b.update(data, at, Math.min(piece, data.length - at));
                }
                assertThat(hex(b)).as("length %d in pieces of %d", v.length(), piece).isEqualTo(v.hash());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void randomSizesAndChunkingsMatchAnIndependentImplementation(Kind kind) {
        Random random = new Random(7 + kind.ordinal());
        int batch = Blake3.LANES * Blake3.CHUNK_LEN;
        for (int round = 0; round < 24; round++) {
            int size = switch (round % 4) {
                case 0 -> random.nextInt(3 * Blake3.CHUNK_LEN);
                case 1 -> batch * (1 + random.nextInt(4)) + random.nextInt(3) - 1; // around a batch boundary
                case 2 -> random.nextInt(5 << 20);
                default -> batch * 33 + random.nextInt(batch); // past a 2^n-batch subtree
            };
            byte[] data = Reference.random(size, round);
            int chunk = 1 + random.nextInt(round % 3 == 0 ? 5000 : 2 << 20);
            FileLayout layout = new FileLayout(size, 0);
            assertThat(Feed.hash(new Blake3Algorithm(), layout, data, chunk, kind))
                    .as("%d bytes in chunks of %d", size, chunk)
                    .contains(Reference.blake3(data));
        }
    }

    /**
     * Lengths on both sides of every place where the lanes change hands: a vector's worth of chunks (8),
     * two of them, a batch ({@link Blake3#LANES} chunks), a batch plus a vector, two batches, a subtree of
     * 2^n batches, and a group of batches whose parents are compressed together ({@link Blake3#GROUP}) and
     * one more, each fed whole and in pieces that straddle them, from every kind of buffer.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void lengthsAroundTheLaneBoundariesMatchAnIndependentImplementation(Kind kind) {
        int chunk = Blake3.CHUNK_LEN;
        int batch = Blake3.LANES * chunk;
        List<Integer> lengths = new ArrayList<>();
        for (int at : new int[] {8 * chunk, 16 * chunk, 17 * chunk, batch, batch + 8 * chunk, 2 * batch, 4 * batch,
                Blake3.GROUP * batch, (Blake3.GROUP + 1) * batch}) {
            for (int delta = -1; delta <= 1; delta++) {
                lengths.add(at + delta);
            }
        }
        lengths.add(33 * batch + 5);
        for (int length : lengths) {
            byte[] data = Reference.random(length, length);
            String expected = Reference.blake3(data);
            for (int piece : new int[] {length, 1000, 1025, 8191, 65537, batch - 1, batch + 1}) {
                assertThat(Feed.hash(new Blake3Algorithm(), new FileLayout(length, 0), data, piece, kind))
                        .as("%d bytes in pieces of %d", length, piece)
                        .contains(expected);
            }
        }
    }

    /** Every task but the last on a thread of its own, as idle cores would run them. */
    private static final IdleCores TWO_THREADS = tasks -> {
        List<Thread> started = new ArrayList<>();
        for (Runnable task : tasks.subList(0, tasks.size() - 1)) {
            started.add(Thread.ofPlatform().start(task));
        }
        tasks.getLast().run();
        for (Thread t : started) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    @Test
    void runsHashedInHalvesOnTwoThreadsMatchAnIndependentImplementation() {
        int batch = Blake3.LANES * Blake3.CHUNK_LEN;
        List<Integer> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        IdleCores counting = tasks -> {
            threads.add(tasks.size());
            TWO_THREADS.runAll(tasks);
        };
        // around the split threshold, an odd run, a run limit and past it, and a 2^n-batch subtree
        for (int length : new int[] {2 * Blake3.SPLIT_BATCHES * batch, 2 * Blake3.SPLIT_BATCHES * batch + 1, 7 * batch + 3,
                Blake3.RUN_BATCHES * batch, Blake3.RUN_BATCHES * batch + 1, (2 * Blake3.RUN_BATCHES + 3) * batch + 777,
                (9 << 20) + 12345}) {
            byte[] data = Reference.random(length, length + 1);
            String expected = Reference.blake3(data);
            for (int piece : new int[] {length, 1 << 20, 3 * batch + 5, batch - 1}) {
                Blake3 b = new Blake3(counting);
                for (int at = 0; at < length; at += piece) {
                    b.update(data, at, Math.min(piece, length - at));
                }
                assertThat(hex(b)).as("%d bytes in pieces of %d", length, piece).isEqualTo(expected.toLowerCase(java.util.Locale.ROOT));
            }
        }
        assertThat(threads).as("runs were split").isNotEmpty().allMatch(n -> n == 2);
        // with no idle core the same bytes hash the same on this thread alone
        byte[] data = Reference.random(5 << 20, 9);
        Blake3 alone = new Blake3(IdleCores.NONE);
        alone.update(data, 0, data.length);
        assertThat(hex(alone)).isEqualTo(Reference.blake3(data).toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void matchesB3sumOnAFile(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("b3sum"), "b3sum is not installed: the comparison with it is skipped");
        byte[] data = Reference.random((9 << 20) + 12345, 3);
        Path file = Files.write(dir.resolve("model.bin"), data);
        Process p = new ProcessBuilder("b3sum", "--no-names", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        var hashes = Feed.file(List.of(new Blake3Algorithm()), new FileLayout(data.length, 0), file, 1 << 20, Kind.DIRECT);
        assertThat(hashes.get("BLAKE3")).contains(out.toUpperCase(Locale.ROOT));
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
