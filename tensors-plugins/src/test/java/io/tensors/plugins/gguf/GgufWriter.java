package io.tensors.plugins.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Writes GGUF files for tests, valid by default and broken on request: any version, byte order,
 * value type id, declared count or offset can be set by hand. Shared through the test-jar, so the
 * engine's and the shell's tests can make GGUF files too:
 *
 * <pre>
 * Path file = new GgufWriter()
 *         .kv("general.architecture", Value.string("llama"))
 *         .kv("general.file_type", Value.u32(15))
 *         .tensor("token_embd.weight", GgmlType.Q4_K, 256, 4)
 *         .write(dir.resolve("model.gguf"));
 * </pre>
 *
 * Tensor data is zeros, each tensor padded to the alignment as gguf-py writes it.
 */
public final class GgufWriter {
    /** Metadata value type ids (gguf_metadata_value_type). */
    public static final int UINT8 = 0, INT8 = 1, UINT16 = 2, INT16 = 3, UINT32 = 4, INT32 = 5, FLOAT32 = 6,
            BOOL = 7, STRING = 8, ARRAY = 9, UINT64 = 10, INT64 = 11, FLOAT64 = 12;

    private int version = 3;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private byte[] magic = {'G', 'G', 'U', 'F'};
    private int alignment = 32;
    private Long declaredTensors;
    private Long declaredEntries;
    private boolean padLastTensor = true;
    private int trailing;
    private Long dataLength;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Tensor> tensors = new ArrayList<>();

    private record Entry(byte[] key, Value value) {}

    private record Tensor(byte[] name, long[] dims, int type, long offset, long bytes) {}

    /** Sets the version field (3 by default). */
    public GgufWriter version(int version) {
        this.version = version;
        return this;
    }

    /** Writes every number big-endian (the magic stays the bytes {@code GGUF}). */
    public GgufWriter bigEndian() {
        this.order = ByteOrder.BIG_ENDIAN;
        return this;
    }

    /** Replaces the four magic bytes. */
    public GgufWriter magic(byte[] magic) {
        this.magic = magic.clone();
        return this;
    }

    /** Adds {@code general.alignment} as a uint32 and pads with it. */
    public GgufWriter alignment(int alignment) {
        padTo(alignment);
        return kv("general.alignment", Value.u32(alignment));
    }

    /** Pads the header and the tensors to {@code alignment} without writing {@code general.alignment}. */
    public GgufWriter padTo(int alignment) {
        this.alignment = alignment;
        return this;
    }

    /** Declares these counts in the header instead of the real ones. */
    public GgufWriter declaredCounts(long tensors, long entries) {
        this.declaredTensors = tensors;
        this.declaredEntries = entries;
        return this;
    }

    /** Leaves out the padding after the last tensor, as some writers do. */
    public GgufWriter noPaddingAfterLastTensor() {
        this.padLastTensor = false;
        return this;
    }

    /** Makes the data section {@code n} bytes long, whatever the tensors claim (for offsets past the file). */
    public GgufWriter dataLength(long n) {
        this.dataLength = n;
        return this;
    }

    /** Appends {@code n} zero bytes after the tensor data. */
    public GgufWriter trailing(int n) {
        this.trailing = n;
        return this;
    }

    /** Adds a metadata entry. */
    public GgufWriter kv(String key, Value value) {
        return kv(key.getBytes(StandardCharsets.UTF_8), value);
    }

    /** Adds a metadata entry whose key is these bytes (possibly not UTF-8). */
    public GgufWriter kv(byte[] key, Value value) {
        entries.add(new Entry(key.clone(), Objects.requireNonNull(value)));
        return this;
    }

    /** Adds a tensor placed at the aligned end of the data so far, sized by its type and dimensions (ggml order). */
    public GgufWriter tensor(String name, GgmlType type, long... dims) {
        long elements = 1;
        for (long dim : dims) {
            elements *= dim;
        }
        long offset = 0;
        for (Tensor t : tensors) {
            offset = Math.max(offset, align(t.offset + t.bytes));
        }
        return tensor(name.getBytes(StandardCharsets.UTF_8), type.id(), offset,
                elements / type.blockSize() * type.typeSize(), dims);
    }

    /** Adds a tensor with every field given; {@code bytes} is how much data it owns in the data section. */
    public GgufWriter tensor(byte[] name, int typeId, long offset, long bytes, long... dims) {
        tensors.add(new Tensor(name.clone(), dims.clone(), typeId, offset, bytes));
        return this;
    }

    /** @return the offset where the tensor data starts */
    public long dataStart() {
        return align(header().length);
    }

    /** @return the whole file */
    public byte[] toBytes() {
        byte[] header = header();
        long dataEnd = dataEnd();
        long total = align(header.length) + dataEnd + trailing;
        if (tensors.isEmpty()) {
            total = align(header.length) + trailing;
        }
        return Arrays.copyOf(header, Math.toIntExact(total));
    }

    /** Writes the file, the data section in chunks of zeros (sparse where the file system allows). */
    public Path write(Path file) throws IOException {
        byte[] header = header();
        long total = align(header.length) + (tensors.isEmpty() ? 0 : dataEnd()) + trailing;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer head = ByteBuffer.wrap(header);
            while (head.hasRemaining()) {
                out.write(head);
            }
            if (total > header.length) {
                out.write(ByteBuffer.wrap(new byte[1]), total - 1);
            }
        }
        return file;
    }

    private long dataEnd() {
        if (dataLength != null) {
            return dataLength;
        }
        long end = 0;
        for (Tensor t : tensors) {
            end = Math.max(end, t.offset + t.bytes);
        }
        return padLastTensor ? align(end) : end;
    }

    private byte[] header() {
        Out out = new Out(order);
        out.raw(magic);
        out.u32(version);
        out.u64(declaredTensors != null ? declaredTensors : tensors.size());
        out.u64(declaredEntries != null ? declaredEntries : entries.size());
        for (Entry entry : entries) {
            out.u64(entry.key.length);
            out.raw(entry.key);
            out.u32(entry.value.type);
            entry.value.payload.write(out);
        }
        for (Tensor t : tensors) {
            out.u64(t.name.length);
            out.raw(t.name);
            out.u32(t.dims.length);
            for (long dim : t.dims) {
                out.u64(dim);
            }
            out.u32(t.type);
            out.u64(t.offset);
        }
        return out.bytes();
    }

    private long align(long offset) {
        return offset + (alignment - offset % alignment) % alignment;
    }

    /** A typed metadata value: its type id and how its payload is written. */
    public static final class Value {
        final int type;
        final Payload payload;

        private Value(int type, Payload payload) {
            this.type = type;
            this.payload = payload;
        }

        /** Writes a payload (the value without its type id). */
        interface Payload {
            void write(Out out);
        }

        public static Value u8(int v) {
            return new Value(UINT8, out -> out.u8(v));
        }

        public static Value i8(int v) {
            return new Value(INT8, out -> out.u8(v));
        }

        public static Value u16(int v) {
            return new Value(UINT16, out -> out.u16(v));
        }

        public static Value i16(int v) {
            return new Value(INT16, out -> out.u16(v));
        }

        public static Value u32(long v) {
            return new Value(UINT32, out -> out.u32((int) v));
        }

        public static Value i32(int v) {
            return new Value(INT32, out -> out.u32(v));
        }

        public static Value f32(float v) {
            return new Value(FLOAT32, out -> out.u32(Float.floatToRawIntBits(v)));
        }

        public static Value bool(boolean v) {
            return rawBool(v ? 1 : 0);
        }

        /** A bool whose byte is {@code b}, possibly neither 0 nor 1. */
        public static Value rawBool(int b) {
            return new Value(BOOL, out -> out.u8(b));
        }

        public static Value u64(long v) {
            return new Value(UINT64, out -> out.u64(v));
        }

        public static Value i64(long v) {
            return new Value(INT64, out -> out.u64(v));
        }

        public static Value f64(double v) {
            return new Value(FLOAT64, out -> out.u64(Double.doubleToRawLongBits(v)));
        }

        public static Value string(String s) {
            return stringBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        /** A string of these bytes, possibly not UTF-8. */
        public static Value stringBytes(byte[] bytes) {
            return stringDeclared(bytes.length, bytes);
        }

        /** A string whose length field says {@code length}, followed by these bytes. */
        public static Value stringDeclared(long length, byte[] bytes) {
            byte[] copy = bytes.clone();
            return new Value(STRING, out -> {
                out.u64(length);
                out.raw(copy);
            });
        }

        /** An array of values of one type (for a nested array, {@code elementType} is {@link #ARRAY}). */
        public static Value array(int elementType, Value... elements) {
            return arrayDeclared(elementType, elements.length, elements);
        }

        /** An array whose length field says {@code length}, followed by these elements. */
        public static Value arrayDeclared(int elementType, long length, Value... elements) {
            Value[] copy = elements.clone();
            return new Value(ARRAY, out -> {
                out.u32(elementType);
                out.u64(length);
                for (Value element : copy) {
                    element.payload.write(out);
                }
            });
        }

        /** An array of strings, written without a Value per element (a 150,000-token vocabulary). */
        public static Value strings(List<String> strings) {
            List<byte[]> encoded = strings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
            return new Value(ARRAY, out -> {
                out.u32(STRING);
                out.u64(encoded.size());
                for (byte[] s : encoded) {
                    out.u64(s.length);
                    out.raw(s);
                }
            });
        }

        /** An array of float32, written without a Value per element. */
        public static Value floats(float[] values) {
            float[] copy = values.clone();
            return new Value(ARRAY, out -> {
                out.u32(FLOAT32);
                out.u64(copy.length);
                for (float v : copy) {
                    out.u32(Float.floatToRawIntBits(v));
                }
            });
        }

        /** An array of int32, written without a Value per element. */
        public static Value ints(int[] values) {
            int[] copy = values.clone();
            return new Value(ARRAY, out -> {
                out.u32(INT32);
                out.u64(copy.length);
                for (int v : copy) {
                    out.u32(v);
                }
            });
        }

        /** A value of any type id whose payload is these bytes, as they are. */
        public static Value raw(int type, byte[] payload) {
            byte[] copy = payload.clone();
            return new Value(type, out -> out.raw(copy));
        }
    }

    /** The bytes being written, numbers in the file's order. */
    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ByteBuffer number;

        Out(ByteOrder order) {
            number = ByteBuffer.allocate(8).order(order);
        }

        void u8(int v) {
            bytes.write(v);
        }

        void u16(int v) {
            bytes.write(number.clear().putShort((short) v).array(), 0, 2);
        }

        void u32(int v) {
            bytes.write(number.clear().putInt(v).array(), 0, 4);
        }

        void u64(long v) {
            bytes.write(number.clear().putLong(v).array(), 0, 8);
        }

        void raw(byte[] b) {
            bytes.write(b, 0, b.length);
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
