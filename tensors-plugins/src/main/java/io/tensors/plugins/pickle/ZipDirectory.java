package io.tensors.plugins.pickle;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import io.tensors.api.TerminalText;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A zip archive's central directory, read through positional reads from the end-of-central-directory
 * record (Zip64 too: a checkpoint above 4 GB has one), and single entries read from it with bounds.
 * Only the directory and the entries asked for are read; nothing is extracted and nested archives
 * are never opened. A hostile archive (too many entries, names that climb out with {@code ..} or are
 * absolute, offsets outside the file, overlapping entries, a data.pkl that inflates beyond its
 * bounds) is refused with one line naming the violation.
 */
final class ZipDirectory {
    static final int MAX_ENTRIES = 200_000;
    static final long MAX_DIRECTORY_BYTES = 64L << 20;
    static final int MAX_NAME_BYTES = 1024;
    /** Deflate rarely beats 20:1 on a pickle; a higher declared ratio is a bomb. */
    static final long MAX_RATIO = 200;
    /** Entries this small may have any ratio. */
    static final long SMALL_ENTRY = 1L << 20;

    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final int LOCAL_HEADER = 30;

    /** One central-directory entry. */
    record Entry(String name, int nameBytes, int flags, int method, long crc, long compressedSize, long size,
            long localOffset) {}

    private final List<Entry> entries;
    private final Map<String, Entry> byName;
    private final long entriesEnd;
    private final boolean zip64;

    private ZipDirectory(List<Entry> entries, Map<String, Entry> byName, long entriesEnd, boolean zip64) {
        this.entries = entries;
        this.byName = byName;
        this.entriesEnd = entriesEnd;
        this.zip64 = zip64;
    }

    List<Entry> entries() {
        return entries;
    }

    Entry find(String name) {
        return byName.get(name);
    }

    boolean zip64() {
        return zip64;
    }

    static ZipDirectory read(FileChannel channel, long size) throws IOException {
        int tailLength = (int) Math.min(size, 22 + 65535);
        ByteBuffer tail = readAt(channel, size - tailLength, tailLength);
        int eocd = -1;
        for (int i = tailLength - 22; i >= 0; i--) {
            if (tail.getInt(i) == EOCD && i + 22 + (tail.getShort(i + 20) & 0xFFFF) <= tailLength) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw bad("no end-of-central-directory record in its last 64 KiB: the file is cut short"
                    + " (an interrupted download?) or not a zip");
        }
        long eocdAt = size - tailLength + eocd;
        long disk = tail.getShort(eocd + 4) & 0xFFFF;
        long directoryDisk = tail.getShort(eocd + 6) & 0xFFFF;
        long count = tail.getShort(eocd + 10) & 0xFFFF;
        long directorySize = tail.getInt(eocd + 12) & 0xFFFFFFFFL;
        long directoryOffset = tail.getInt(eocd + 16) & 0xFFFFFFFFL;
        long directoryLimit = eocdAt;
        boolean zip64 = false;
        if (eocd >= 20 && tail.getInt(eocd - 20) == ZIP64_LOCATOR) {
            long recordAt = tail.getLong(eocd - 20 + 8);
            if (recordAt < 0 || recordAt > eocdAt - 20 - 56) {
                throw bad("its Zip64 end-of-central-directory record lies outside the file (offset "
                        + Long.toUnsignedString(recordAt) + ")");
            }
            ByteBuffer record = readAt(channel, recordAt, 56);
            if (record.getInt(0) != ZIP64_EOCD) {
                throw bad("no Zip64 end-of-central-directory record where its locator points (offset " + recordAt + ")");
            }
            disk = record.getInt(16) & 0xFFFFFFFFL;
            directoryDisk = record.getInt(20) & 0xFFFFFFFFL;
            count = record.getLong(32);
            directorySize = record.getLong(40);
            directoryOffset = record.getLong(48);
            directoryLimit = recordAt;
            zip64 = true;
        }
        if (disk != 0 || directoryDisk != 0) {
            throw bad("a multi-part (spanned) zip archive; tsr reads single-file archives only");
        }
        if (count < 0 || count > MAX_ENTRIES) {
            throw bad("it declares " + Long.toUnsignedString(count) + " entries, more than the " + MAX_ENTRIES
                    + " tsr reads");
        }
        if (directorySize < 0 || directorySize > MAX_DIRECTORY_BYTES) {
            throw bad("its central directory declares " + Long.toUnsignedString(directorySize)
                    + " bytes, more than the " + MAX_DIRECTORY_BYTES + " tsr reads");
        }
        if (directoryOffset < 0 || directoryOffset > directoryLimit - directorySize) {
            throw bad("its central directory (offset " + Long.toUnsignedString(directoryOffset) + ", "
                    + directorySize + " bytes) lies outside the file");
        }
        if (count * 46 > directorySize) {
            throw bad("it declares " + count + " entries in a central directory of " + directorySize + " bytes");
        }
        ByteBuffer directory = readAt(channel, directoryOffset, (int) directorySize);
        List<Entry> entries = new ArrayList<>((int) count);
        Map<String, Entry> byName = new HashMap<>();
        int at = 0;
        for (long i = 0; i < count; i++) {
            Entry entry = entry(directory, at, i);
            at += 46 + entry.nameBytes() + (directory.getShort(at + 30) & 0xFFFF) + (directory.getShort(at + 32) & 0xFFFF);
            if (entry.localOffset() > directoryOffset - LOCAL_HEADER - entry.nameBytes() - entry.compressedSize()) {
                throw bad("entry \"" + shown(entry.name()) + "\" lies outside the archive's data (offset "
                        + entry.localOffset() + ", " + entry.compressedSize() + " bytes)");
            }
            if (byName.putIfAbsent(entry.name(), entry) != null) {
                throw bad("the entry name \"" + shown(entry.name()) + "\" appears twice; readers disagree on which"
                        + " one counts");
            }
            entries.add(entry);
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::localOffset));
        for (int i = 1; i < byOffset.size(); i++) {
            Entry previous = byOffset.get(i - 1);
            Entry next = byOffset.get(i);
            if (previous.localOffset() + LOCAL_HEADER + previous.nameBytes() + previous.compressedSize()
                    > next.localOffset()) {
                throw bad("entries \"" + shown(previous.name()) + "\" and \"" + shown(next.name())
                        + "\" overlap (a zip bomb's trick)");
            }
        }
        return new ZipDirectory(List.copyOf(entries), Map.copyOf(byName), directoryOffset, zip64);
    }

    private static Entry entry(ByteBuffer directory, int at, long index) {
        if (at > directory.limit() - 46 || directory.getInt(at) != CENTRAL) {
            throw bad("its central directory is damaged at entry " + (index + 1));
        }
        int flags = directory.getShort(at + 8) & 0xFFFF;
        int method = directory.getShort(at + 10) & 0xFFFF;
        long crc = directory.getInt(at + 16) & 0xFFFFFFFFL;
        long compressed = directory.getInt(at + 20) & 0xFFFFFFFFL;
        long size = directory.getInt(at + 24) & 0xFFFFFFFFL;
        int nameLength = directory.getShort(at + 28) & 0xFFFF;
        int extraLength = directory.getShort(at + 30) & 0xFFFF;
        int commentLength = directory.getShort(at + 32) & 0xFFFF;
        long localOffset = directory.getInt(at + 42) & 0xFFFFFFFFL;
        if ((long) at + 46 + nameLength + extraLength + commentLength > directory.limit()) {
            throw bad("its central directory is damaged at entry " + (index + 1));
        }
        if (nameLength > MAX_NAME_BYTES) {
            throw bad("entry " + (index + 1) + " has a name of " + nameLength + " bytes, more than the "
                    + MAX_NAME_BYTES + " tsr accepts");
        }
        byte[] nameBytes = new byte[nameLength];
        directory.get(at + 46, nameBytes);
        String name = name(nameBytes);
        // Zip64 extended information: the 8-byte values of the fields saturated above, in this order
        int extra = at + 46 + nameLength;
        int extraEnd = extra + extraLength;
        while (extra + 4 <= extraEnd) {
            int id = directory.getShort(extra) & 0xFFFF;
            int length = directory.getShort(extra + 2) & 0xFFFF;
            int field = extra + 4;
            if (field + length > extraEnd) {
                break;
            }
            if (id == 0x0001) {
                int end = field + length;
                if (size == 0xFFFFFFFFL && field + 8 <= end) {
                    size = directory.getLong(field);
                    field += 8;
                }
                if (compressed == 0xFFFFFFFFL && field + 8 <= end) {
                    compressed = directory.getLong(field);
                    field += 8;
                }
                if (localOffset == 0xFFFFFFFFL && field + 8 <= end) {
                    localOffset = directory.getLong(field);
                }
            }
            extra += 4 + length;
        }
        if (size < 0 || compressed < 0 || localOffset < 0) {
            throw bad("entry \"" + shown(name) + "\" declares a size or offset beyond 2^63");
        }
        checkName(name);
        return new Entry(name, nameLength, flags, method, crc, compressed, size, localOffset);
    }

    private static String name(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static void checkName(String name) {
        if (name.isEmpty()) {
            throw bad("an entry has an empty name");
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < 0x20) {
                throw bad("the entry name \"" + shown(name) + "\" holds control characters");
            }
        }
        if (name.startsWith("/") || name.startsWith("\\") || (name.length() >= 2 && name.charAt(1) == ':')) {
            throw bad("the entry name \"" + shown(name) + "\" is an absolute path; refusing a hostile archive");
        }
        for (String segment : name.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                throw bad("the entry name \"" + shown(name) + "\" climbs out of the archive with ..;"
                        + " refusing a hostile archive");
            }
        }
    }

    /**
     * Checks an entry's local header against the directory and finds its data.
     *
     * @return the offset of the entry's first data byte; its {@code compressedSize} bytes lie in the file
     */
    long dataStart(FileChannel channel, Entry entry) throws IOException {
        String shown = shown(entry.name());
        if ((entry.flags() & 1) != 0) {
            throw bad("\"" + shown + "\" is encrypted");
        }
        ByteBuffer local = readAt(channel, entry.localOffset(), LOCAL_HEADER);
        if (local.getInt(0) != LOCAL) {
            throw bad("no local header where the directory puts \"" + shown + "\" (offset " + entry.localOffset() + ")");
        }
        int nameLength = local.getShort(26) & 0xFFFF;
        int extraLength = local.getShort(28) & 0xFFFF;
        ByteBuffer localName = readAt(channel, entry.localOffset() + LOCAL_HEADER, nameLength);
        if (nameLength != entry.nameBytes()
                || !localName.equals(ByteBuffer.wrap(entry.name().getBytes(StandardCharsets.UTF_8)))
                        && !localName.equals(ByteBuffer.wrap(entry.name().getBytes(StandardCharsets.ISO_8859_1)))) {
            throw bad("the local header of \"" + shown + "\" names another file; refusing a hostile archive");
        }
        long dataAt = entry.localOffset() + LOCAL_HEADER + nameLength + extraLength;
        if (dataAt > entriesEnd - entry.compressedSize()) {
            throw bad("the data of \"" + shown + "\" runs past the archive's entries");
        }
        if (entry.method() == 0 && entry.compressedSize() != entry.size()) {
            throw bad("\"" + shown + "\" is stored with two different sizes (" + entry.compressedSize()
                    + " and " + entry.size() + ")");
        }
        return dataAt;
    }

    /**
     * Reads one entry's content: stored or deflated, at most {@code cap} bytes, inflation bounded by
     * {@link #MAX_RATIO}, checked against the directory's size and CRC.
     */
    byte[] contents(FileChannel channel, Entry entry, long cap) throws IOException {
        String shown = shown(entry.name());
        long dataAt = dataStart(channel, entry);
        if (entry.size() > cap) {
            throw bad("\"" + shown + "\" declares " + entry.size() + " bytes, more than the " + cap + " tsr reads");
        }
        byte[] out;
        switch (entry.method()) {
            case 0 -> {
                out = new byte[(int) entry.size()];
                ByteBuffer target = ByteBuffer.wrap(out);
                readFully(channel, target, dataAt);
            }
            case 8 -> out = inflate(channel, entry, dataAt, shown);
            default -> throw bad("\"" + shown + "\" is compressed with method " + entry.method()
                    + "; tsr reads stored and deflated entries");
        }
        CRC32 crc = new CRC32();
        crc.update(out);
        if (crc.getValue() != entry.crc()) {
            throw bad("\"" + shown + "\" fails its CRC check: the file is damaged");
        }
        return out;
    }

    private static byte[] inflate(FileChannel channel, Entry entry, long dataAt, String shown) throws IOException {
        if (entry.size() > SMALL_ENTRY && entry.size() / Math.max(1, entry.compressedSize()) > MAX_RATIO) {
            throw bad("\"" + shown + "\" would inflate " + entry.compressedSize() + " bytes to " + entry.size()
                    + ", beyond a ratio of " + MAX_RATIO + ":1 (a zip bomb?)");
        }
        byte[] out = new byte[(int) entry.size()];
        Inflater inflater = new Inflater(true);
        try {
            ByteBuffer input = ByteBuffer.allocate((int) Math.min(64 << 10, Math.max(1, entry.compressedSize())));
            long read = 0;
            int produced = 0;
            byte[] beyond = new byte[1];
            int idle = 0;
            while (!inflater.finished() && idle < 3) {
                int n;
                if (produced < out.length) {
                    n = inflater.inflate(out, produced, out.length - produced);
                    produced += n;
                } else {
                    n = inflater.inflate(beyond);
                    if (n > 0) {
                        throw bad("\"" + shown + "\" inflates beyond the " + entry.size()
                                + " bytes it declares (a zip bomb?)");
                    }
                }
                if (inflater.needsDictionary()) {
                    throw bad("\"" + shown + "\" needs a preset dictionary; it is not a plain deflate stream");
                }
                if (n == 0 && inflater.needsInput()) {
                    if (read == entry.compressedSize()) {
                        break;
                    }
                    input.clear().limit((int) Math.min(input.capacity(), entry.compressedSize() - read));
                    readFully(channel, input, dataAt + read);
                    read += input.limit();
                    inflater.setInput(input.flip());
                    idle = 0;
                } else {
                    idle = n == 0 ? idle + 1 : 0;
                }
            }
            if (produced != out.length) {
                throw bad("\"" + shown + "\" inflates to " + produced + " bytes, not the " + entry.size() + " it declares");
            }
            return out;
        } catch (DataFormatException e) {
            throw bad("\"" + shown + "\" is not a valid deflate stream: the file is damaged");
        } finally {
            inflater.end();
        }
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, buffer, position);
        return buffer.flip();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long start = position - buffer.position();
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, start + buffer.position());
            if (n < 0) {
                throw new EOFException("file ended at byte " + (start + buffer.position())
                        + ", before the size it had when opened; was it changed during the read?");
            }
        }
    }

    static String shown(String name) {
        return TerminalText.sanitize(name, 80);
    }

    static TensorsException bad(String what) {
        return new TensorsException(ErrorCode.BAD_INPUT, "zip archive: " + what);
    }
}
