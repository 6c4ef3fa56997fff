package io.tensors.engine.scan;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Computes every enabled hash of a file from one sequential read: each chunk read goes to every
 * hasher, then the hashers finish in dependency order (the algorithm list is already ordered bases
 * first).
 */
public final class HashPipeline {
    /** Sequential reads of 1 MiB (measured a little faster than 4 MiB and 256 KiB); one buffer per worker bounds memory. */
    public static final int CHUNK_BYTES = 1 << 20;

    private final List<HashAlgorithm> algorithms;

    public HashPipeline(List<HashAlgorithm> algorithms) {
        this.algorithms = List.copyOf(algorithms);
    }

    /**
     * Reads the channel from offset 0 to {@code layout.size()}.
     *
     * @param buffer a reusable buffer; direct, so the read lands in it with no extra copy
     * @param progress told the byte count of each chunk
     * @return type name to value in algorithm order; undefined hashes are absent
     * @throws IOException when the read fails or the file ends early (it shrank while being read)
     */
    public Map<String, String> hash(FileChannel channel, FileLayout layout, ByteBuffer buffer, LongConsumer progress)
            throws IOException {
        List<FileHasher> hashers = new ArrayList<>(algorithms.size());
        for (HashAlgorithm algorithm : algorithms) {
            hashers.add(algorithm.newHasher(layout));
        }
        long offset = 0;
        long size = layout.size();
        while (offset < size) {
            buffer.clear();
            if (size - offset < buffer.capacity()) {
                buffer.limit((int) (size - offset));
            }
            int n = channel.read(buffer, offset);
            if (n < 0) {
                throw new IOException("file ended at byte " + offset + " of " + size + " while being read");
            }
            buffer.flip();
            for (FileHasher hasher : hashers) {
                buffer.position(0);
                hasher.update(offset, buffer);
            }
            offset += n;
            progress.accept(n);
        }
        Map<String, String> results = new LinkedHashMap<>();
        Map<String, String> finished = new HashMap<>();
        for (int i = 0; i < hashers.size(); i++) {
            HashAlgorithm algorithm = algorithms.get(i);
            Optional<String> value = hashers.get(i).finish(Map.copyOf(finished));
            value.ifPresent(v -> {
                results.put(algorithm.type(), v);
                finished.put(algorithm.type(), v);
            });
        }
        return results;
    }
}
