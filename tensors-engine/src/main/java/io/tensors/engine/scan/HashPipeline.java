package io.tensors.engine.scan;

import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import io.tensors.engine.format.Formats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Computes every enabled hash of a file from one sequential pass: each chunk goes to every hasher
 * through a {@link HashSession}, fed here from a channel, or by any other source of the bytes; a
 * file's hashers run side by side on cores no other file is using ({@link SpareCores}).
 */
public final class HashPipeline {
    /** Sequential reads of 1 MiB (measured a little faster than 4 MiB and 256 KiB); one buffer per worker bounds memory. */
    public static final int CHUNK_BYTES = 1 << 20;

    private static final int PAGE = 4096;

    private final List<HashAlgorithm> algorithms;
    private final Formats formats;
    private final SpareCores spare;

    /**
     * A direct buffer of {@link #CHUNK_BYTES} for reads, starting on a page boundary: the kernel copied
     * the page cache into a buffer 16 bytes past a page boundary (where malloc puts large blocks, so
     * about every other run got one) at a quarter of its speed (2.3 against 9.4 GB/s here; the loads
     * and stores 4 KiB apart alias), which cost a warm scan a third of its throughput.
     */
    public static ByteBuffer readBuffer() {
        return ByteBuffer.allocateDirect(CHUNK_BYTES + PAGE).alignedSlice(PAGE).slice(0, CHUNK_BYTES);
    }

    /** A pipeline for files whose layout is given; a stream's format is then always unknown. */
    public HashPipeline(List<HashAlgorithm> algorithms) {
        this(algorithms, new Formats(List.of()));
    }

    /** @param formats the formats that a stream's first bytes are probed with ({@link #session(long)}) */
    public HashPipeline(List<HashAlgorithm> algorithms, Formats formats) {
        this(algorithms, formats, SpareCores.SHARED);
    }

    /** @param spare the cores a file's hashers may run on side by side when no other file needs them */
    HashPipeline(List<HashAlgorithm> algorithms, Formats formats, SpareCores spare) {
        this.algorithms = List.copyOf(algorithms);
        this.formats = formats;
        this.spare = spare;
    }

    /** @return the type names this pipeline computes where they apply, sorted */
    public SortedSet<String> types() {
        SortedSet<String> types = new TreeSet<>();
        for (HashAlgorithm algorithm : algorithms) {
            types.add(algorithm.type());
        }
        return types;
    }

    /** A session over a file whose layout is known. */
    public HashSession session(FileLayout layout) {
        return new HashSession(algorithms, layout, spare);
    }

    /** A session over a file of {@code size} bytes whose format is learned from its first bytes. */
    public HashSession session(long size) {
        return new HashSession(algorithms, formats, size, spare);
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
        HashSession session = session(layout);
        long offset = 0;
        long size = layout.size();
        try (HashSession.Hashing reading = session.hashing()) {
            while (offset < size) {
                buffer.clear();
                if (size - offset < buffer.capacity()) {
                    buffer.limit((int) (size - offset));
                }
                int n = channel.read(buffer, offset);
                if (n < 0) {
                    throw new IOException("file ended at byte " + offset + " of " + size + " while being read");
                }
                session.update(buffer.flip());
                offset += n;
                progress.accept(n);
            }
        }
        return session.finish();
    }
}
