package io.tensors.engine.scan;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.ModelFormat;
import io.tensors.api.TensorsException;
import io.tensors.engine.format.Formats;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every enabled hash of one file that applies to its format, fed its bytes in file order by whoever
 * has them: a channel read, a download. When started before the format is known, it keeps the first
 * bytes until the formats' probes can tell it (no header is parsed: a hash that needs the data start,
 * AutoV3, finds it in the bytes itself).
 */
public final class HashSession {
    /** Chunks smaller than this are hashed on the caller's thread: handing them over would cost more than it saves. */
    static final int SIDE_BY_SIDE_BYTES = 256 * 1024;

    private final List<HashAlgorithm> algorithms;
    private final Formats formats;
    private final long size;
    /** The algorithms that apply to the file's format, in order; null until it is known. */
    private List<HashAlgorithm> applying;
    private List<FileHasher> hashers;
    private String format;
    /** The first bytes, kept until the format is known; null once it is. */
    private ByteBuffer prefix;
    private long offset;
    private boolean finished;
    /** Spare cores this session's hashers may run on side by side. */
    private final SpareCores spare;
    /** Each hasher's nanoseconds on its last chunk, to group them by cost. */
    private long[] cost;

    HashSession(List<HashAlgorithm> algorithms, FileLayout layout, SpareCores spare) {
        this.spare = spare;
        this.algorithms = algorithms;
        this.formats = null;
        this.size = layout.size();
        start(layout);
    }

    HashSession(List<HashAlgorithm> algorithms, Formats formats, long size, SpareCores spare) {
        this.spare = spare;
        this.algorithms = algorithms;
        this.formats = formats;
        this.size = size;
        this.prefix = ByteBuffer.allocate((int) Math.min(formats.probeBytes(), size));
        if (!prefix.hasRemaining()) {
            probe();
        }
    }

    /**
     * Consumes the next bytes of the file, from the chunk's position to its limit; the position ends
     * at the limit. No reference to the chunk is kept: the bytes before the format is known are copied.
     *
     * @throws IllegalStateException when this would pass the file's size, or after {@link #finish}
     */
    public void update(ByteBuffer chunk) {
        if (finished) {
            throw new IllegalStateException("update after finish");
        }
        if (chunk.remaining() > size - offset) {
            throw new IllegalStateException((offset + chunk.remaining()) + " bytes given for a file of " + size);
        }
        while (hashers == null && chunk.hasRemaining()) {
            keep(chunk);
        }
        if (!chunk.hasRemaining()) {
            return;
        }
        int start = chunk.position();
        if (hashers.size() == 1 || chunk.remaining() < SIDE_BY_SIDE_BYTES || !spare.anyFree()) {
            for (FileHasher hasher : hashers) {
                chunk.position(start);
                hasher.update(offset, chunk);
            }
        } else {
            spare.runAll(tasks(offset, chunk));
        }
        chunk.position(chunk.limit());
        offset += chunk.limit() - start;
    }

    /**
     * The hashers in groups of about equal measured cost, one task per group (as many groups as cores,
     * heaviest first), each over its own view of the chunk. Each hasher stays in one task per chunk and
     * the chunks come in file order, so every hasher still sees its bytes in order, one thread at a time.
     */
    private List<Runnable> tasks(long at, ByteBuffer chunk) {
        int groups = Math.min(hashers.size(), spare.cores());
        Integer[] order = new Integer[hashers.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(cost[b], cost[a]));
        long[] load = new long[groups];
        List<List<Integer>> members = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            members.add(new ArrayList<>());
        }
        for (int i : order) {
            int lightest = 0;
            for (int g = 1; g < groups; g++) {
                if (load[g] < load[lightest]) {
                    lightest = g;
                }
            }
            members.get(lightest).add(i);
            load[lightest] += Math.max(1, cost[i]);
        }
        List<Runnable> tasks = new ArrayList<>(groups);
        for (List<Integer> group : members) {
            if (!group.isEmpty()) {
                tasks.add(() -> {
                    for (int i : group) {
                        long t0 = System.nanoTime();
                        hashers.get(i).update(at, chunk.duplicate());
                        cost[i] = System.nanoTime() - t0;
                    }
                });
            }
        }
        return tasks;
    }

    /** Counts the calling thread as hashing this file until closed (see {@link SpareCores#hashing()}). */
    public Hashing hashing() {
        return spare.hashing();
    }

    /** A thread counted as hashing a file; closing it ends that. */
    @FunctionalInterface
    public interface Hashing extends AutoCloseable {
        @Override
        void close();
    }

    /** @return the id of the file's format once the session knows it ({@link Formats#UNKNOWN} for content no format recognises) */
    public Optional<String> format() {
        return Optional.ofNullable(format);
    }

    /**
     * Ends the file: the hashers finish in dependency order (the algorithm list is ordered bases first).
     *
     * @return type name to value in algorithm order; undefined hashes, and those that do not apply to
     *     the file's format (AutoV3 outside safetensors), are absent
     * @throws IllegalStateException when fewer bytes than the file's size were given
     */
    public Map<String, String> finish() {
        if (hashers == null || offset != size) {
            throw new IllegalStateException("the file ended at byte " + offset + " of " + size);
        }
        finished = true;
        Map<String, String> results = new LinkedHashMap<>();
        Map<String, String> done = new HashMap<>();
        for (int i = 0; i < hashers.size(); i++) {
            String type = applying.get(i).type();
            Optional<String> value = hashers.get(i).finish(Map.copyOf(done));
            value.ifPresent(v -> {
                results.put(type, v);
                done.put(type, v);
            });
        }
        return results;
    }

    /** Copies bytes of the chunk into the prefix; once it holds what the probes need, the format is decided. */
    private void keep(ByteBuffer chunk) {
        int n = Math.min(chunk.remaining(), prefix.remaining());
        prefix.put(chunk.slice(chunk.position(), n));
        chunk.position(chunk.position() + n);
        offset += n;
        if (!prefix.hasRemaining()) {
            probe();
        }
    }

    /** The first bytes are in: the hashers start for the format they show, and get the bytes kept so far. */
    private void probe() {
        ByteBuffer kept = prefix.flip();
        prefix = null;
        ModelFormat found;
        try {
            found = formats.probe(kept.duplicate());
        } catch (TensorsException e) {
            found = null; // a format plugin that fails is not asked again; the bytes are hashed as unknown
        }
        start(new FileLayout(size, 0, found == null ? Formats.UNKNOWN : found.id()));
        for (FileHasher hasher : hashers) {
            kept.position(0);
            hasher.update(0, kept);
        }
    }

    private void start(FileLayout layout) {
        cost = new long[algorithms.size()];
        format = layout.format();
        applying = algorithms.stream().filter(a -> a.appliesTo(layout.format())).toList();
        List<FileHasher> list = new ArrayList<>(applying.size());
        for (HashAlgorithm algorithm : applying) {
            list.add(algorithm.newHasher(layout, spare::runAll));
        }
        hashers = list;
    }
}
