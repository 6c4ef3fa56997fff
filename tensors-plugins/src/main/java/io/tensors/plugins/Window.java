package io.tensors.plugins;

import java.nio.ByteBuffer;

/**
 * Hands the part of each chunk that falls inside a file range {@code [start, end)} to a {@link Sink}
 * as byte-array slices (or, for a sink that takes them, as buffer ranges), without moving the
 * caller's buffer.
 */
final class Window {
    /** Receives the bytes of the window, in file order. */
    interface Sink {
        void accept(byte[] bytes, int offset, int length);

        /**
         * Offered the window's part of a chunk that has no accessible array (direct or read-only),
         * before it is copied through a scratch array to {@link #accept(byte[], int, int)}.
         *
         * @param chunk the caller's buffer; the sink must not move its position or limit
         * @param index the absolute index of the first byte in {@code chunk}
         * @return true if the sink consumed {@code chunk[index, index + length)} itself; false (the
         *     default) to have it copied
         */
        default boolean accept(ByteBuffer chunk, int index, int length) {
            return false;
        }
    }

    /** An end past any real file: the window runs to EOF. */
    static final long EOF = Long.MAX_VALUE;

    /** Copy size for buffers without an accessible array (direct or read-only). */
    private static final int SCRATCH_SIZE = 64 * 1024;

    private final long start;
    private final long end;
    private final Sink sink;
    private byte[] scratch;

    Window(long start, long end, Sink sink) {
        this.start = start;
        this.end = end;
        this.sink = sink;
    }

    void feed(long offset, ByteBuffer chunk) {
        int remaining = chunk.remaining();
        long from = Math.max(offset, start);
        long to = Math.min(offset + remaining, end);
        if (from >= to) {
            return;
        }
        int index = chunk.position() + (int) (from - offset);
        int length = (int) (to - from);
        if (chunk.hasArray()) {
            sink.accept(chunk.array(), chunk.arrayOffset() + index, length);
            return;
        }
        if (sink.accept(chunk, index, length)) {
            return;
        }
        // Absolute bulk get leaves the caller's position alone and allocates nothing per chunk.
        if (scratch == null) {
            scratch = new byte[SCRATCH_SIZE];
        }
        while (length > 0) {
            int n = Math.min(length, scratch.length);
            chunk.get(index, scratch, 0, n);
            sink.accept(scratch, 0, n);
            index += n;
            length -= n;
        }
    }
}
