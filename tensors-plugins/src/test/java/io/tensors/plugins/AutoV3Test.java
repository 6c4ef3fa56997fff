package io.tensors.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.FileLayout;
import io.tensors.plugins.Feed.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AutoV3Test {
    private static final int SIZE = 300_000;
    private static final byte[] DATA = Reference.random(SIZE, 3);

    static Stream<Arguments> cases() {
        long[] starts = {0, 1, 8, 9, 4095, 4096, 4097, 65536, 123_457, SIZE - 1, SIZE};
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
}
