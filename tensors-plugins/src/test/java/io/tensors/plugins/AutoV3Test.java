package io.tensors.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.FileLayout;
import io.tensors.plugins.Feed.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AutoV3Test {
    private static final int SIZE = 300_000;
    private static final byte[] DATA = Reference.random(SIZE, 3);

    static Stream<Arguments> cases() {
        long[] starts = {1, 8, 9, 4095, 4096, 4097, 65536, 123_457, SIZE - 1, SIZE};
        int[] chunks = {1, 7, 4096, 65537, 1 << 20};
        Stream.Builder<Arguments> b = Stream.builder();
        for (long start : starts) {
            for (int chunk : chunks) {
                for (Kind kind : Kind.values()) {
                    b.add(Arguments.of(start, chunk, kind));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "dataStart {0}, chunk {1}, {2}")
    @MethodSource("cases")
    void hashesFromDataStartToEof(long dataStart, int chunk, Kind kind) {
        assertThat(Feed.hash(new AutoV3Algorithm(), new FileLayout(SIZE, dataStart), DATA, chunk, kind))
                .contains(Reference.sha256(DATA, (int) dataStart, SIZE).substring(0, 12));
    }

    /** A stream hashed before its header was parsed (a download) gives no data start: N comes from the first 8 bytes. */
    @ParameterizedTest(name = "chunk {0}, {1}")
    @MethodSource("chunksAndKinds")
    void withoutADataStartItReadsTheLengthField(int chunk, Kind kind) {
        byte[] file = DATA.clone();
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 4089); // data starts at 8 + 4089
        assertThat(Feed.hash(new AutoV3Algorithm(), new FileLayout(SIZE, 0), file, chunk, kind))
                .contains(Reference.sha256(file, 4097, SIZE).substring(0, 12));
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, SIZE); // past the end: undefined
        assertThat(Feed.hash(new AutoV3Algorithm(), new FileLayout(SIZE, 0), file, chunk, kind)).isEmpty();
    }

    static Stream<Arguments> chunksAndKinds() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int chunk : new int[] {1, 3, 7, 4096, 1 << 20}) {
            for (Kind kind : Kind.values()) {
                b.add(Arguments.of(chunk, kind));
            }
        }
        return b.build();
    }

    @org.junit.jupiter.api.Test
    void itAppliesToSafetensorsOnly() {
        assertThat(new AutoV3Algorithm().appliesTo("safetensors")).isTrue();
        assertThat(new AutoV3Algorithm().appliesTo("gguf")).isFalse();
        assertThat(new AutoV3Algorithm().appliesTo("pickle")).isFalse();
        assertThat(new AutoV3Algorithm().appliesTo("unknown")).isFalse();
    }
}
