package io.tensors.engine.scan;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.SafetensorsHeader;
import io.tensors.engine.safetensors.HeaderParse;
import io.tensors.engine.safetensors.SafetensorsParser;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every enabled hash of one file, fed its bytes in file order by whoever has them: a channel read,
 * a download. When started before the header is known, it keeps the first bytes until the parser
 * can tell where the data starts, since some hashes need that before their first byte.
 */
public final class HashSession {
    private final List<HashAlgorithm> algorithms;
    private final long size;
    private List<FileHasher> hashers;
    private SafetensorsHeader header;
    /** The first bytes, kept until the header is known; null once it is. */
    private ByteBuffer prefix;
    /** How many bytes the prefix must hold before the parser is asked again. */
    private int needed;
    private long offset;
    private boolean finished;

    HashSession(List<HashAlgorithm> algorithms, FileLayout layout) {
        this.algorithms = algorithms;
        this.size = layout.size();
        this.hashers = newHashers(layout);
    }

    HashSession(List<HashAlgorithm> algorithms, long size) {
        this.algorithms = algorithms;
        this.size = size;
        this.prefix = ByteBuffer.allocate(0);
    }

    /**
     * Consumes the next bytes of the file, from the chunk's position to its limit; the position ends
     * at the limit. No reference to the chunk is kept: the bytes before the header is known are copied.
     *
     * @throws io.tensors.engine.safetensors.InvalidSafetensorsException when the first bytes break a
     *     rule of the header
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
        for (FileHasher hasher : hashers) {
            chunk.position(start);
            hasher.update(offset, chunk);
        }
        chunk.position(chunk.limit());
        offset += chunk.limit() - start;
    }

    /** @return the header, once the session has seen it; empty when started with a known layout */
    public Optional<SafetensorsHeader> header() {
        return Optional.ofNullable(header);
    }

    /**
     * Ends the file: the hashers finish in dependency order (the algorithm list is ordered bases first).
     *
     * @return type name to value in algorithm order; undefined hashes are absent
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
            String type = algorithms.get(i).type();
            Optional<String> value = hashers.get(i).finish(Map.copyOf(done));
            value.ifPresent(v -> {
                results.put(type, v);
                done.put(type, v);
            });
        }
        return results;
    }

    /** Copies bytes of the chunk into the prefix, up to what the parser asked for, then asks it again. */
    private void keep(ByteBuffer chunk) {
        int n = Math.min(chunk.remaining(), needed - prefix.position());
        prefix.put(chunk.slice(chunk.position(), n));
        chunk.position(chunk.position() + n);
        offset += n;
        if (prefix.position() < needed) {
            return;
        }
        switch (SafetensorsParser.parse(prefix.duplicate().flip(), size)) {
            case HeaderParse.Parsed parsed -> start(parsed.header());
            case HeaderParse.NeedMore more -> {
                needed = prefix.position() + more.bytes();
                prefix = ByteBuffer.allocate(needed).put(prefix.flip());
            }
        }
    }

    /** The header is known: the hashers start, and get the bytes kept so far. */
    private void start(SafetensorsHeader parsed) {
        header = parsed;
        hashers = newHashers(new FileLayout(size, parsed.dataStart()));
        ByteBuffer kept = prefix.flip();
        prefix = null;
        for (FileHasher hasher : hashers) {
            kept.position(0);
            hasher.update(0, kept);
        }
    }

    private List<FileHasher> newHashers(FileLayout layout) {
        List<FileHasher> list = new ArrayList<>(algorithms.size());
        for (HashAlgorithm algorithm : algorithms) {
            list.add(algorithm.newHasher(layout));
        }
        return list;
    }
}
