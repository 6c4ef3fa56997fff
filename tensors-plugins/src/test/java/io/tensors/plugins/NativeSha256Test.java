package io.tensors.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.plugins.Feed.Kind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OpenSSL SHA-256 path gives exactly what the JDK path gives, for any range, chunking and buffer
 * kind, without moving the caller's buffer; CRC32 reads direct buffers in place just as correctly.
 */
class NativeSha256Test {
    private static final int GUARD = 13;
    private static final String SHA256_EMPTY = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";

    @BeforeEach
    void requireLibcrypto() {
        Assumptions.assumeTrue(NativeSha256.available(), "libcrypto not found: native SHA-256 not tested");
    }

    @Test
    void theBuiltinsUseTheNativePath() {
        FileLayout layout = new FileLayout(4 << 20, 100);
        assertThat(new Sha256Algorithm().newHasher(layout)).isInstanceOf(Sha256Hasher.class)
                .matches(h -> ((Sha256Hasher) h).isNative());
        assertThat(new AutoV1Algorithm().newHasher(layout)).matches(h -> ((Sha256Hasher) h).isNative());
        assertThat(new AutoV3Algorithm().newHasher(layout)).matches(h -> ((Sha256Hasher) h).isNative());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void randomInputsRangesAndChunkings(Kind kind) {
        Random random = new Random(42 + kind.ordinal());
        for (int round = 0; round < 60; round++) {
            int size = switch (round % 4) {
                case 0 -> random.nextInt(200);
                case 1 -> random.nextInt(70_000);
                case 2 -> random.nextInt(3 << 20);
                default -> (NativeSha256.MAX_CRITICAL * 2) + random.nextInt(3) - 1; // around the split
            };
            byte[] data = Reference.random(size, round);
            long start = round % 3 == 0 ? 0 : random.nextInt(size + 1);
            long end = round % 2 == 0 ? Window.EOF : start + random.nextInt(size - (int) start + 1);
            int maxChunk = 1 + random.nextInt(round % 5 == 0 ? 64 : 5 << 20);
            int seed = random.nextInt();

            String expected = Reference.sha256(data, (int) start, (int) Math.min(end, size));
            String java = feed(new Sha256Hasher(start, end, 64, false), data, maxChunk, seed, kind);
            String fast = feed(new Sha256Hasher(start, end, 64, true), data, maxChunk, seed, kind);
            String where = "size " + size + ", range [" + start + ", " + end + "), chunks <= " + maxChunk;
            assertThat(java).as(where).isEqualTo(expected);
            assertThat(fast).as(where).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void oneByteChunks(Kind kind) {
        byte[] data = Reference.random(5000, 7);
        String expected = Reference.sha256(data, 0, data.length);
        assertThat(feed(new Sha256Hasher(0, Window.EOF, 64, true), data, 1, 0, kind)).isEqualTo(expected);
        assertThat(feed(new Sha256Hasher(100, 4000, 64, true), data, 1, 0, kind))
                .isEqualTo(Reference.sha256(data, 100, 4000));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void emptyInput(Kind kind) {
        assertThat(feed(new Sha256Hasher(0, Window.EOF, 64, true), new byte[0], 1, 0, kind)).isEqualTo(SHA256_EMPTY);
        // a range past the data: nothing fed at all
        assertThat(feed(new Sha256Hasher(10, Window.EOF, 64, true), new byte[5], 3, 0, kind)).isEqualTo(SHA256_EMPTY);
        assertThat(feed(new Sha256Hasher(0, Window.EOF, 64, false), new byte[0], 1, 0, kind)).isEqualTo(SHA256_EMPTY);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void truncatesLikeTheJavaPath(Kind kind) {
        byte[] data = Reference.random(10_000, 3);
        for (int hexLength : List.of(8, 12, 64)) {
            assertThat(feed(new Sha256Hasher(0, Window.EOF, hexLength, true), data, 777, 1, kind))
                    .isEqualTo(feed(new Sha256Hasher(0, Window.EOF, hexLength, false), data, 777, 1, kind))
                    .hasSize(hexLength);
        }
    }

    @Test
    void updatesFromEverySourceInPlace() {
        byte[] data = Reference.random((NativeSha256.MAX_CRITICAL * 3) + 12_345, 5);
        String expected = Reference.sha256(data, 0, data.length);
        try (Arena arena = Arena.ofConfined()) {
            // one big native segment, split internally into critical calls
            MemorySegment offHeap = arena.allocate(data.length);
            offHeap.copyFrom(MemorySegment.ofArray(data));
            NativeSha256 a = new NativeSha256();
            a.update(offHeap);
            assertThat(Reference.hex(a.digest())).isEqualTo(expected);
        }
        // one big heap array
        NativeSha256 b = new NativeSha256();
        b.update(data, 0, data.length);
        assertThat(Reference.hex(b.digest())).isEqualTo(expected);
        // a read-only heap buffer, with a position that is not 0
        ByteBuffer readOnly = ByteBuffer.wrap(data).asReadOnlyBuffer().position(1000);
        NativeSha256 c = new NativeSha256();
        c.update(data, 0, 1000);
        c.update(readOnly, 1000, data.length - 1000);
        assertThat(readOnly.position()).isEqualTo(1000);
        assertThat(Reference.hex(c.digest())).isEqualTo(expected);
    }

    @Test
    void aFinishedDigestCannotBeUsedAndClosingTwiceIsHarmless() {
        NativeSha256 d = new NativeSha256();
        d.update(new byte[] {1, 2, 3}, 0, 3);
        d.digest();
        assertThatThrownBy(() -> d.update(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(d::digest).isInstanceOf(IllegalStateException.class);
        d.close();
        NativeSha256 e = new NativeSha256();
        e.close();
        e.close();
    }

    @Test
    void abandonedDigestsAreFreedByTheCleaner() {
        // Far more contexts than would be noticed if leaked one by one; mostly exercises the Cleaner path
        // (a crash or an error here would mean a double free or a use after free).
        for (int i = 0; i < 20_000; i++) {
            new NativeSha256().update(new byte[] {(byte) i}, 0, 1);
        }
        System.gc();
    }

    @Test
    void hashersOnManyThreadsAtOnce() {
        byte[] data = Reference.random(1 << 20, 9);
        String expected = Reference.sha256(data, 0, data.length);
        List<String> results = IntStream.range(0, 16)
                .parallel()
                .mapToObj(i -> feed(new Sha256Hasher(0, Window.EOF, 64, true), data, 4096 + i, i, Kind.DIRECT))
                .toList();
        assertThat(results).containsOnly(expected);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void crc32WithRandomChunkings(Kind kind) {
        Random random = new Random(99);
        for (int round = 0; round < 20; round++) {
            byte[] data = Reference.random(random.nextInt(300_000), round);
            FileHasher crc = new Crc32Algorithm().newHasher(new FileLayout(data.length, 0));
            String value = feed(crc, data, 1 + random.nextInt(round % 4 == 0 ? 16 : 100_000), round, kind);
            assertThat(value).isEqualTo(Reference.crc32LittleEndian(data));
        }
    }

    /**
     * Feeds {@code data} as the engine does, through one reused buffer with guard bytes around the
     * chunk, in chunks of random sizes up to {@code maxChunk}, checking that no update moves the buffer.
     */
    private static String feed(FileHasher hasher, byte[] data, int maxChunk, long seed, Kind kind) {
        Random random = new Random(seed);
        int capacity = GUARD + Math.min(maxChunk, Math.max(data.length, 1)) + GUARD;
        ByteBuffer buffer = kind == Kind.DIRECT
                ? ByteBuffer.allocateDirect(capacity)
                : ByteBuffer.wrap(new byte[capacity + 3]).position(3).slice(); // arrayOffset 3
        byte[] guard = new byte[capacity];
        Arrays.fill(guard, (byte) 0x5A);
        buffer.put(0, guard);
        for (int offset = 0; offset < data.length; ) {
            int n = Math.min(data.length - offset, 1 + random.nextInt(maxChunk));
            buffer.put(GUARD, data, offset, n);
            buffer.limit(GUARD + n).position(GUARD);
            ByteBuffer chunk = kind == Kind.READ_ONLY_HEAP ? buffer.asReadOnlyBuffer() : buffer;
            hasher.update(offset, chunk);
            if (chunk.position() != GUARD || chunk.limit() != GUARD + n) {
                throw new AssertionError("hasher moved the caller's buffer: " + chunk);
            }
            buffer.clear();
            offset += n;
        }
        return hasher.finish(Map.of()).orElseThrow();
    }
}
