package io.tensors.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Feeds bytes to hashers the way the engine does: one reused buffer, file order, chunks of a given
 * size. The buffer has guard bytes before its position and after its limit (and, on the heap, a
 * non-zero array offset), so a hasher that reads outside {@code [position, limit)} gets a wrong hash;
 * and each update is checked not to move the buffer.
 */
final class Feed {
    private static final int GUARD = 13;

    private Feed() {}

    /** Where the chunks live. */
    enum Kind {
        HEAP,
        DIRECT,
        READ_ONLY_HEAP
    }

    /** The six built-in algorithms, in the plugin's order. */
    static final List<HashAlgorithm> BUILTINS = new BuiltinHashesPlugin().hashAlgorithms();

    /** Hashes {@code data} with one algorithm (plus the built-ins it requires). */
    static Optional<String> hash(HashAlgorithm algorithm, FileLayout layout, byte[] data, int chunkSize, Kind kind) {
        List<HashAlgorithm> algorithms = new ArrayList<>();
        for (String type : algorithm.requires()) {
            algorithms.add(byType(type));
        }
        algorithms.add(algorithm);
        return all(algorithms, layout, data, chunkSize, kind).get(algorithm.type());
    }

    static HashAlgorithm byType(String type) {
        return BUILTINS.stream().filter(a -> a.type().equals(type)).findFirst().orElseThrow();
    }

    /**
     * Hashes {@code data} with every algorithm in one pass and finishes them in dependency order.
     *
     * @return type to value; absent values map to {@code Optional.empty()}
     */
    static Map<String, Optional<String>> all(
            List<HashAlgorithm> algorithms, FileLayout layout, byte[] data, int chunkSize, Kind kind) {
        List<FileHasher> hashers = algorithms.stream().map(a -> a.newHasher(layout)).toList();
        ByteBuffer buffer = newBuffer(chunkSize, kind);
        for (int offset = 0; offset < data.length; offset += chunkSize) {
            int n = Math.min(chunkSize, data.length - offset);
            feedChunk(kind, buffer, data, offset, n, hashers);
        }
        return finish(algorithms, hashers);
    }

    /** Hashes a file read through a {@link FileChannel}, as the engine does. */
    static Map<String, Optional<String>> file(
            List<HashAlgorithm> algorithms, FileLayout layout, Path file, int chunkSize, Kind kind)
            throws IOException {
        List<FileHasher> hashers = algorithms.stream().map(a -> a.newHasher(layout)).toList();
        ByteBuffer buffer = kind == Kind.DIRECT ? ByteBuffer.allocateDirect(chunkSize) : ByteBuffer.allocate(chunkSize);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long offset = 0;
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                buffer.flip();
                ByteBuffer chunk = kind == Kind.READ_ONLY_HEAP ? buffer.asReadOnlyBuffer() : buffer;
                for (FileHasher hasher : hashers) {
                    hasher.update(offset, chunk);
                    checkUnmoved(chunk, 0, n);
                }
                offset += n;
            }
            assertThat(offset).isEqualTo(layout.size());
        }
        return finish(algorithms, hashers);
    }

    private static ByteBuffer newBuffer(int chunkSize, Kind kind) {
        int capacity = GUARD + chunkSize + GUARD;
        ByteBuffer buffer;
        if (kind == Kind.DIRECT) {
            buffer = ByteBuffer.allocateDirect(capacity);
        } else {
            // a slice of a bigger array: arrayOffset() != 0
            buffer = ByteBuffer.wrap(new byte[capacity + 5]).position(5).slice();
        }
        byte[] guard = new byte[capacity];
        Arrays.fill(guard, (byte) 0xA5);
        buffer.put(0, guard);
        return buffer;
    }

    private static void feedChunk(
            Kind kind, ByteBuffer buffer, byte[] data, int offset, int n, List<FileHasher> hashers) {
        buffer.put(GUARD, data, offset, n);
        buffer.limit(GUARD + n).position(GUARD);
        ByteBuffer chunk = kind == Kind.READ_ONLY_HEAP ? buffer.asReadOnlyBuffer() : buffer;
        for (FileHasher hasher : hashers) {
            hasher.update(offset, chunk);
            checkUnmoved(chunk, GUARD, GUARD + n);
        }
        buffer.clear();
    }

    // plain check: AssertJ per one-byte chunk would dominate the run time
    private static void checkUnmoved(ByteBuffer chunk, int position, int limit) {
        if (chunk.position() != position || chunk.limit() != limit) {
            throw new AssertionError("hasher moved the caller's buffer: " + chunk);
        }
    }

    private static Map<String, Optional<String>> finish(List<HashAlgorithm> algorithms, List<FileHasher> hashers) {
        Map<String, Optional<String>> results = new LinkedHashMap<>();
        // finish the algorithms without requirements first; two rounds suffice for the built-ins
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < algorithms.size(); i++) {
                HashAlgorithm algorithm = algorithms.get(i);
                if (results.containsKey(algorithm.type())) {
                    continue;
                }
                Map<String, String> required = new LinkedHashMap<>();
                boolean ready = true;
                for (String type : algorithm.requires()) {
                    Optional<String> value = results.get(type);
                    if (value == null) {
                        ready = false;
                    } else {
                        value.ifPresent(v -> required.put(type, v));
                    }
                }
                if (ready) {
                    results.put(algorithm.type(), hashers.get(i).finish(Map.copyOf(required)));
                }
            }
        }
        assertThat(results.keySet()).hasSize(algorithms.size());
        return results;
    }
}
