package io.tensors.plugins.safetensors;

import static io.tensors.plugins.safetensors.InvalidSafetensorsException.HEADER_TOO_LARGE;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.HEADER_TOO_SMALL;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.HEADER_TRUNCATED;

import io.tensors.api.SafetensorsHeader;
import io.tensors.api.TensorEntry;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalInt;

/**
 * Reads and validates the header of a safetensors file the way the reference implementation
 * ({@code huggingface/safetensors}, {@code tensor.rs}) does, and a little stricter where the
 * reference is silent (duplicate names, trailing bytes). Only the 8 length bytes and the N header
 * bytes are read; the tensor data is never touched, so multi-GB files cost the same as small ones.
 *
 * <p>The work is split by rule: {@link FormatSniffer} names other formats, {@link JsonHeaderReader}
 * reads the header as strict JSON, {@link TensorLayout} checks sizes and offsets. Every rule
 * broken throws {@link InvalidSafetensorsException} with a one-line message and a reason code.
 */
public final class SafetensorsParser {
    /** The largest header the reference accepts (MAX_HEADER_SIZE in tensor.rs): 100 MB. */
    public static final long MAX_HEADER_SIZE = 100_000_000L;

    static final int LENGTH_FIELD_BYTES = 8;

    private SafetensorsParser() {}

    /**
     * Opens {@code file}, reads and validates its header.
     *
     * @param file a file that should be a safetensors file
     * @return the validated header, tensors in data-offset order
     * @throws InvalidSafetensorsException when the file breaks a rule
     * @throws IOException when the file can't be read, or shrank while being read
     */
    public static SafetensorsHeader read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel, channel.size(), file.toString());
        }
    }

    /**
     * Reads and validates the header through positional reads (the channel's position is not
     * used or changed), at most {@code 8 + min(N, 100 MB)} bytes, through {@link #parse}.
     *
     * @param channel an open channel on the file
     * @param fileSize the file's size in bytes, as seen by the caller (the data section must end
     *     exactly there)
     * @param displayName how to name the file in {@link IOException} messages; {@link
     *     InvalidSafetensorsException} messages never contain it
     * @return the validated header, tensors in data-offset order, metadata in file order
     * @throws InvalidSafetensorsException when the file breaks a rule
     * @throws IOException when reading fails or the file ends before {@code fileSize}
     */
    public static SafetensorsHeader read(FileChannel channel, long fileSize, String displayName)
            throws IOException {
        ByteBuffer prefix = ByteBuffer.allocate(0);
        while (true) {
            switch (parse(prefix.flip(), fileSize)) {
                case HeaderParse.Parsed parsed -> {
                    return parsed.header();
                }
                case HeaderParse.NeedMore more -> {
                    // The sniffing length at least: a bad length field is then named with the best hint at once.
                    int size = Math.max(prefix.limit() + more.bytes(), (int) Math.min(FormatSniffer.SNIFF_BYTES, fileSize));
                    prefix = ByteBuffer.allocate(size).put(prefix);
                    readFully(channel, prefix, displayName);
                }
            }
        }
    }

    /**
     * Validates the header from the first bytes of a file, for readers that get the file as a
     * stream (a download, a hashing session) rather than as a channel. Answers the same as {@link
     * #read(FileChannel, long, String)} on the same bytes, whatever the prefix's length.
     *
     * @param prefix the file's first bytes, from its position to its limit; neither is changed.
     *     More bytes than the header are fine (they are not looked at)
     * @param fileSize the whole file's size in bytes, at least the prefix's length
     * @return the header, or how many more bytes are needed to decide
     * @throws InvalidSafetensorsException when the bytes given already break a rule
     */
    public static HeaderParse parse(ByteBuffer prefix, long fileSize) {
        if (fileSize < 0) {
            throw new IllegalArgumentException("fileSize < 0: " + fileSize);
        }
        int given = prefix.remaining();
        if (fileSize < given) {
            throw new IllegalArgumentException("a prefix of " + given + " bytes for a file of " + fileSize);
        }
        if (fileSize < LENGTH_FIELD_BYTES) {
            throw new InvalidSafetensorsException(HEADER_TOO_SMALL, "file is " + fileSize
                    + " bytes; a safetensors file starts with an 8-byte header length");
        }
        if (given < LENGTH_FIELD_BYTES) {
            return new HeaderParse.NeedMore(LENGTH_FIELD_BYTES - given);
        }
        long headerSize = prefix.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(prefix.position());
        long afterLengthField = fileSize - LENGTH_FIELD_BYTES;
        // Both checks before any allocation of N bytes; N is an unsigned u64.
        boolean tooLarge = Long.compareUnsigned(headerSize, MAX_HEADER_SIZE) > 0;
        if (tooLarge || headerSize > afterLengthField) {
            int sniff = (int) Math.min(FormatSniffer.SNIFF_BYTES, fileSize);
            if (given < sniff) {
                return new HeaderParse.NeedMore(sniff - given);
            }
            throw tooLarge
                    ? FormatSniffer.notSafetensorsOr(prefix, HEADER_TOO_LARGE, "header length "
                            + Long.toUnsignedString(headerSize) + " exceeds the limit of " + MAX_HEADER_SIZE + " bytes")
                    : FormatSniffer.notSafetensorsOr(prefix, HEADER_TRUNCATED, "header claims " + headerSize
                            + " bytes, file has " + afterLengthField + " after the length field");
        }
        int headerEnd = LENGTH_FIELD_BYTES + (int) headerSize;
        if (given < headerEnd) {
            return new HeaderParse.NeedMore(headerEnd - given);
        }
        JsonHeaderReader.ParsedJson json = JsonHeaderReader.read(headerBytes(prefix, headerEnd));
        List<TensorEntry> tensors = TensorLayout.validate(json.tensors(), afterLengthField - headerSize);
        return new HeaderParse.Parsed(new SafetensorsHeader(headerSize, tensors, json.metadata()));
    }

    /**
     * @param dtype a dtype name as written in a header, case-sensitive
     * @return bits per element (F4 = 4, F6_* = 6, BOOL = 8, F32 = 32...), empty when unknown
     */
    public static OptionalInt dtypeBits(String dtype) {
        return TensorLayout.bits(dtype);
    }

    /** The header's bytes, without a copy when the prefix is a heap buffer (a header is up to 100 MB). */
    private static ByteBuffer headerBytes(ByteBuffer prefix, int headerEnd) {
        ByteBuffer header = prefix.slice(prefix.position() + LENGTH_FIELD_BYTES, headerEnd - LENGTH_FIELD_BYTES);
        if (header.hasArray()) {
            return header;
        }
        return ByteBuffer.wrap(new byte[header.remaining()]).put(header).flip();
    }

    /** Fills {@code buffer} from the channel at the file offset equal to the buffer's position. */
    private static void readFully(FileChannel channel, ByteBuffer buffer, String displayName) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, buffer.position());
            if (n < 0) {
                throw new EOFException((displayName.isEmpty() ? "" : displayName + ": ") + "file ended at byte " + buffer.position()
                        + ", before the size it had when opened; was it changed during the read?");
            }
        }
    }
}
