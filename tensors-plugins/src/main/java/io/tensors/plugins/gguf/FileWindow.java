package io.tensors.plugins.gguf;

import io.tensors.plugins.gguf.InvalidGgufException.Rule;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.function.Supplier;

/**
 * Reads a file front to back through positional reads of one bounded buffer, never past the size
 * the caller gave: a request beyond it is a truncated header, named with what was being read.
 */
final class FileWindow {
    static final int CHUNK = 64 << 10;

    private final FileChannel channel;
    private final long size;
    private final Supplier<String> where;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK).limit(0);
    private final byte[] array = buffer.array();
    private long bufferStart;
    private long position;

    /**
     * @param where what is being read, for the message when the file ends inside it
     *     ({@code "the value of metadata key 'x'"})
     */
    FileWindow(FileChannel channel, long size, Supplier<String> where) {
        this.channel = channel;
        this.size = size;
        this.where = where;
    }

    void order(ByteOrder order) {
        buffer.order(order);
    }

    long position() {
        return position;
    }

    long remaining() {
        return size - position;
    }

    int u8() throws IOException {
        return array[at(1)] & 0xFF;
    }

    int u16() throws IOException {
        return buffer.getShort(at(2)) & 0xFFFF;
    }

    int i32() throws IOException {
        return buffer.getInt(at(4));
    }

    long u32() throws IOException {
        return buffer.getInt(at(4)) & 0xFFFF_FFFFL;
    }

    long i64() throws IOException {
        return buffer.getLong(at(8));
    }

    /** Moves past {@code n} bytes without looking at them. */
    void skip(long n) {
        require(n);
        position += n;
    }

    /**
     * Moves past a string of {@code length} bytes, which must be valid UTF-8.
     *
     * @param keep whether to return it
     * @return the string, or null when not kept
     * @throws InvalidGgufException when the bytes are not UTF-8 or the file ends first
     */
    String string(long length, boolean keep) throws IOException {
        require(length);
        int n = (int) length; // callers bound length far below 2 GiB
        byte[] bytes;
        int offset;
        if (n <= CHUNK) {
            offset = at(n);
            bytes = array;
        } else {
            bytes = new byte[n];
            offset = 0;
            for (int done = 0; done < n; ) {
                int part = Math.min(CHUNK, n - done);
                System.arraycopy(array, at(part), bytes, done, part);
                done += part;
            }
        }
        int bad = Utf8.firstInvalid(bytes, offset, n);
        if (bad >= 0) {
            throw new InvalidGgufException(Rule.STRING_NOT_UTF8, where.get() + ": the string is not valid UTF-8 (at byte "
                    + bad + " of " + n + ")");
        }
        return keep ? new String(bytes, offset, n, java.nio.charset.StandardCharsets.UTF_8) : null;
    }

    /** @return the index in {@link #array} of the next {@code n <= CHUNK} bytes, then moves past them */
    private int at(int n) throws IOException {
        require(n);
        if (position + n > bufferStart + buffer.limit()) {
            fill();
        }
        int index = (int) (position - bufferStart);
        position += n;
        return index;
    }

    private void require(long n) {
        if (n > remaining()) {
            throw new InvalidGgufException(Rule.TRUNCATED, "the file ends inside " + where.get() + " (it needs "
                    + n + " bytes at byte " + position + ", the file has " + size + ")");
        }
    }

    private void fill() throws IOException {
        bufferStart = position;
        buffer.clear().limit((int) Math.min(CHUNK, size - position));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, bufferStart + buffer.position()) < 0) {
                throw new EOFException("the file ended at byte " + (bufferStart + buffer.position())
                        + ", before the size it had when opened (" + size + " bytes); was it changed during the read?");
            }
        }
        buffer.flip();
    }
}
