package io.tensors.plugins.pickle;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes of pickle streams, from memory (an archive's data.pkl) or from a file through
 * positional reads of a small window (a legacy file, whose pickles are followed by gigabytes of
 * storage data). Long byte strings are skipped, never read, so a pickle holding a large array costs
 * nothing.
 */
final class PickleInput {
    private static final int WINDOW = 128 << 10;
    private static final long MAX_LINE = 1L << 20;

    private final FileChannel channel;
    private final long end;
    private ByteBuffer window;
    private long windowStart;

    private PickleInput(FileChannel channel, ByteBuffer window, long windowStart, long end) {
        this.channel = channel;
        this.window = window;
        this.windowStart = windowStart;
        this.end = end;
    }

    /** @param bytes the stream, position 0 to limit */
    static PickleInput of(ByteBuffer bytes) {
        ByteBuffer window = bytes.slice();
        return new PickleInput(null, window, 0, window.limit());
    }

    /** Reads {@code channel} from {@code start} up to {@code end}. */
    static PickleInput of(FileChannel channel, long start, long end) {
        return new PickleInput(channel, ByteBuffer.allocate(0), start, end);
    }

    long position() {
        return windowStart + window.position();
    }

    long end() {
        return end;
    }

    boolean atEnd() {
        return position() >= end;
    }

    /** @return the next byte, 0 to 255 */
    int u8() throws IOException {
        ensure(1);
        return window.get() & 0xFF;
    }

    /** @return the next byte without consuming it, or -1 at the end */
    int peek() throws IOException {
        if (atEnd()) {
            return -1;
        }
        ensure(1);
        return window.get(window.position()) & 0xFF;
    }

    /** Little-endian unsigned integer of {@code n} bytes (n at most 8; 8 bytes may come back negative). */
    long littleEndian(int n) throws IOException {
        ensure(n);
        long value = 0;
        for (int i = 0; i < n; i++) {
            value |= (long) (window.get() & 0xFF) << (8 * i);
        }
        return value;
    }

    byte[] bytes(int n) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            int chunk = Math.min(n - done, WINDOW);
            ensure(chunk);
            window.get(out, done, chunk);
            done += chunk;
        }
        return out;
    }

    void skip(long n) throws IOException {
        if (n < 0 || n > end - position()) {
            throw truncated(n);
        }
        if (n <= window.remaining()) {
            window.position(window.position() + (int) n);
        } else {
            long target = position() + n;
            window = ByteBuffer.allocate(0);
            windowStart = target;
        }
    }

    /**
     * Reads up to and including a newline.
     *
     * @param keep how many bytes to keep at most; the rest of a longer line is skipped
     * @return the line without its newline, cut to {@code keep}
     */
    byte[] line(int keep) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long start = position();
        while (true) {
            if (position() - start > MAX_LINE) {
                // no pickler writes such a line; a binary file read as protocol 0 would be scanned to its end
                throw new PickleStreamException("the pickle stream is malformed at byte " + start
                        + ": a text argument longer than " + MAX_LINE + " bytes", false);
            }
            int b = u8();
            if (b == '\n') {
                return out.toByteArray();
            }
            if (out.size() < keep) {
                out.write(b);
            }
        }
    }

    private void ensure(int n) throws IOException {
        if (window.remaining() >= n) {
            return;
        }
        if (channel == null || position() + n > end) {
            throw truncated(n);
        }
        long start = position();
        int size = (int) Math.min(Math.max(WINDOW, n), end - start);
        ByteBuffer next = ByteBuffer.allocate(size);
        while (next.hasRemaining()) {
            int read = channel.read(next, start + next.position());
            if (read < 0) {
                throw new EOFException("file ended at byte " + (start + next.position())
                        + ", before the size it had when opened; was it changed during the read?");
            }
        }
        window = next.flip();
        windowStart = start;
    }

    private PickleStreamException truncated(long n) {
        return new PickleStreamException("the pickle stream ends at byte " + end + " inside an opcode (needs "
                + n + " more bytes at byte " + position() + ")", false);
    }
}
