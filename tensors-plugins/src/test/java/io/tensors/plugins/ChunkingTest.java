package io.tensors.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.FileLayout;
import io.tensors.plugins.Feed.Kind;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every algorithm gives the same value whatever the chunking and buffer kind. */
class ChunkingTest {
    // > 2 MiB so AutoV1 is defined; odd so the last chunk is short
    private static final int SIZE = 0x200000 + 70_001;
    private static final long DATA_START = 8 + 12_345;
    private static final byte[] DATA = Reference.random(SIZE, 11);
    private static final FileLayout LAYOUT = new FileLayout(SIZE, DATA_START);

    private static Map<String, Optional<String>> oneChunk;

    @BeforeAll
    static void hashInOneChunk() {
        oneChunk = Feed.all(Feed.BUILTINS, LAYOUT, DATA, SIZE, Kind.HEAP);
    }

    @Test
    void oneChunkMatchesTheReference() {
        String sha256 = Reference.sha256(DATA, 0, SIZE);
        assertThat(oneChunk.get("SHA256")).contains(sha256);
        assertThat(oneChunk.get("AutoV2")).contains(sha256.substring(0, 10));
        assertThat(oneChunk.get("AutoV1")).contains(Reference.sha256(DATA, 0x100000, 0x110000).substring(0, 8));
        assertThat(oneChunk.get("AutoV3")).contains(Reference.sha256(DATA, (int) DATA_START, SIZE).substring(0, 12));
        assertThat(oneChunk.get("CRC32")).contains(Reference.crc32LittleEndian(DATA));
        assertThat(oneChunk.get("BLAKE3")).contains(Reference.blake3(DATA));
    }

    static Stream<Arguments> cases() {
        int[] chunks = {1, 7, 4096, 1 << 20, 1000, 65535, 65537, 333_333, 4 << 20};
        Stream.Builder<Arguments> b = Stream.builder();
        for (int chunk : chunks) {
            for (Kind kind : Kind.values()) {
                b.add(Arguments.of(chunk, kind));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "chunk {0}, {1}")
    @MethodSource("cases")
    void sameAsOneChunk(int chunk, Kind kind) {
        assertThat(Feed.all(Feed.BUILTINS, LAYOUT, DATA, chunk, kind)).isEqualTo(oneChunk);
    }
}
