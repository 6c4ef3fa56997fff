package io.tensors.plugins.pickle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal zip writer shaped like torch.save's archives (ARCHIVE/data.pkl first, then byteorder,
 * data/N, version), stored or deflated, Zip64 when asked or needed, with sparse entries for
 * multi-GB checkpoints and fields a test can bend to make hostile archives.
 */
final class TorchZip {
    /** One entry; the public fields bend what is written. */
    static final class Entry {
        String name;
        byte[] data;
        long sparse = -1; // a run of this many unwritten (zero) bytes instead of data
        boolean deflate;
        Long declaredSize; // the uncompressed size written, when not the real one
        int flags;
        Integer method;
        String localName; // the name written in the local header, when not the directory's
        Long localOffset; // the offset written in the directory, when not the real one

        long length() {
            return sparse >= 0 ? sparse : data.length;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    boolean zip64;
    Long declaredCount;
    Long declaredDirectoryOffset;

    static TorchZip checkpoint(String archive, byte[] dataPkl, long... storageBytes) {
        TorchZip zip = new TorchZip();
        zip.add(archive + "/data.pkl", dataPkl);
        zip.add(archive + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < storageBytes.length; i++) {
            zip.add(archive + "/data/" + i, new byte[(int) storageBytes[i]]);
        }
        zip.add(archive + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        return zip;
    }

    Entry add(String name, byte[] data) {
        Entry entry = new Entry();
        entry.name = name;
        entry.data = data;
        entries.add(entry);
        return entry;
    }

    Entry addSparse(String name, long length) {
        Entry entry = add(name, null);
        entry.sparse = length;
        return entry;
    }

    Entry entry(String name) {
        return entries.stream().filter(e -> e.name.equals(name)).findFirst().orElseThrow();
    }

    void write(Path path) throws IOException {
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteArrayOutputStream directory = new ByteArrayOutputStream();
            long position = 0;
            for (Entry entry : entries) {
                byte[] payload;
                long compressed;
                long crc = 0;
                if (entry.sparse >= 0) {
                    payload = null;
                    compressed = entry.sparse;
                } else {
                    CRC32 crc32 = new CRC32();
                    crc32.update(entry.data);
                    crc = crc32.getValue();
                    payload = entry.deflate ? deflate(entry.data) : entry.data;
                    compressed = payload.length;
                }
                long size = entry.declaredSize != null ? entry.declaredSize : entry.length();
                int method = entry.method != null ? entry.method : entry.deflate ? 8 : 0;
                boolean big = zip64 || size >= 0xFFFFFFFFL || compressed >= 0xFFFFFFFFL || position >= 0xFFFFFFFFL;
                byte[] name = entry.name.getBytes(StandardCharsets.UTF_8);
                byte[] localName = (entry.localName != null ? entry.localName : entry.name).getBytes(StandardCharsets.UTF_8);
                ByteBuffer local = le(30 + localName.length + (big ? 20 : 0));
                local.putInt(0x04034b50).putShort((short) (big ? 45 : 20)).putShort((short) (entry.flags | 0x800))
                        .putShort((short) method).putShort((short) 0).putShort((short) 0x21).putInt((int) crc)
                        .putInt(big ? -1 : (int) compressed).putInt(big ? -1 : (int) size)
                        .putShort((short) localName.length).putShort((short) (big ? 20 : 0)).put(localName);
                if (big) {
                    local.putShort((short) 1).putShort((short) 16).putLong(size).putLong(compressed);
                }
                long offset = position;
                position += writeAt(out, local.flip(), position);
                if (payload != null) {
                    position += writeAt(out, ByteBuffer.wrap(payload), position);
                } else {
                    position += compressed; // a hole
                }
                long written = entry.localOffset != null ? entry.localOffset : offset;
                boolean bigDirectory = big || written >= 0xFFFFFFFFL;
                ByteBuffer central = le(46 + name.length + (bigDirectory ? 28 : 0));
                central.putInt(0x02014b50).putShort((short) 0x031e).putShort((short) (bigDirectory ? 45 : 20))
                        .putShort((short) (entry.flags | 0x800)).putShort((short) method).putShort((short) 0)
                        .putShort((short) 0x21).putInt((int) crc).putInt(bigDirectory ? -1 : (int) compressed)
                        .putInt(bigDirectory ? -1 : (int) size).putShort((short) name.length)
                        .putShort((short) (bigDirectory ? 28 : 0)).putShort((short) 0).putShort((short) 0)
                        .putShort((short) 0).putInt(0).putInt(bigDirectory ? -1 : (int) written).put(name);
                if (bigDirectory) {
                    central.putShort((short) 1).putShort((short) 24).putLong(size).putLong(compressed).putLong(written);
                }
                directory.write(central.array());
            }
            long directoryAt = position;
            byte[] cd = directory.toByteArray();
            position += writeAt(out, ByteBuffer.wrap(cd), position);
            long count = declaredCount != null ? declaredCount : entries.size();
            long cdOffset = declaredDirectoryOffset != null ? declaredDirectoryOffset : directoryAt;
            boolean bigEnd = zip64 || count >= 0xFFFF || cdOffset >= 0xFFFFFFFFL;
            if (bigEnd) {
                long recordAt = position;
                ByteBuffer record = le(56 + 20);
                record.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                        .putLong(count).putLong(count).putLong(cd.length).putLong(cdOffset);
                record.putInt(0x07064b50).putInt(0).putLong(recordAt).putInt(1);
                position += writeAt(out, record.flip(), position);
            }
            ByteBuffer end = le(22);
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                    .putShort((short) (bigEnd ? -1 : count)).putShort((short) (bigEnd ? -1 : count))
                    .putInt(bigEnd ? -1 : cd.length).putInt(bigEnd ? -1 : (int) cdOffset).putShort((short) 0);
            writeAt(out, end.flip(), position);
        }
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 << 10];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int writeAt(FileChannel out, ByteBuffer bytes, long position) throws IOException {
        int n = bytes.remaining();
        while (bytes.hasRemaining()) {
            out.write(bytes, position + n - bytes.remaining());
        }
        return n;
    }
}
