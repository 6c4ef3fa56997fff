package io.tensors.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.FileLayout;
import io.tensors.plugins.Feed.Kind;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class AutoV1Test {
    private static final int MIB = 0x100000;
    private static final int WINDOW_END = 0x110000;
    private static final int TWO_MIB = 0x200000;

    static Stream<Arguments> cases() {
        int[] sizes = {
            MIB - 1, MIB, MIB + 1, WINDOW_END - 1, WINDOW_END, WINDOW_END + 1,
            TWO_MIB - 1, TWO_MIB, TWO_MIB + 1, 3 * MIB + 12345
        };
        // chunk sizes that put boundaries inside, at, and around the window edges
        int[] chunks = {4 * MIB, MIB, 65536, 65537, 4095, 1_000_003};
        Stream.Builder<Arguments> b = Stream.builder();
        for (int size : sizes) {
            for (int chunk : chunks) {
                for (Kind kind : Kind.values()) {
                    b.add(Arguments.of(size, chunk, kind));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "size {0}, chunk {1}, {2}")
    @MethodSource("cases")
    void presenceAndValue(int size, int chunk, Kind kind) {
        byte[] data = Reference.random(size, size);
        Optional<String> autoV1 = Feed.hash(new AutoV1Algorithm(), new FileLayout(size, 8), data, chunk, kind);
        if (size < TWO_MIB) {
            assertThat(autoV1).isEmpty();
        } else {
            assertThat(autoV1).contains(Reference.sha256(data, MIB, WINDOW_END).substring(0, 8));
        }
    }

    @ParameterizedTest(name = "one-byte chunks, {0}")
    @EnumSource(Kind.class)
    void oneByteChunksAtTheThreshold(Kind kind) {
        byte[] data = Reference.random(TWO_MIB, 7);
        assertThat(Feed.hash(new AutoV1Algorithm(), new FileLayout(TWO_MIB, 8), data, 1, kind))
                .contains(Reference.sha256(data, MIB, WINDOW_END).substring(0, 8));
    }
}
