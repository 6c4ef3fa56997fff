package io.tensors.plugins.gguf;

import static io.tensors.plugins.gguf.InvalidGgufException.quote;

import io.tensors.api.ModelHeader;
import io.tensors.api.TensorEntry;
import io.tensors.plugins.gguf.InvalidGgufException.Rule;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One read of one GGUF header; see {@link GgufFormat} for the rules and the text of values. */
final class GgufReader {
    static final long MAX_TENSORS = 1_000_000;
    static final long MAX_METADATA_ENTRIES = 1_000_000;
    static final long MAX_ARRAY_LENGTH = 64L << 20;
    static final int MAX_ARRAY_DEPTH = 8;
    static final long MAX_STRING_BYTES = 64L << 20;
    static final int MAX_KEY_BYTES = 65_535;
    static final int MAX_TENSOR_NAME_BYTES = 1024;
    static final int MAX_DIMENSIONS = 4;
    static final long MAX_METADATA_CHARS = 128L << 20;
    static final long MAX_ALIGNMENT = 1 << 20;
    static final int DEFAULT_ALIGNMENT = 32;
    static final int LIST_MAX_ELEMENTS = 16;
    static final int LIST_MAX_CHARS = 1024;

    static final String ALIGNMENT_KEY = "general.alignment";

    // gguf_metadata_value_type
    static final int UINT8 = 0;
    static final int INT8 = 1;
    static final int UINT16 = 2;
    static final int INT16 = 3;
    static final int UINT32 = 4;
    static final int INT32 = 5;
    static final int FLOAT32 = 6;
    static final int BOOL = 7;
    static final int STRING = 8;
    static final int ARRAY = 9;
    static final int UINT64 = 10;
    static final int INT64 = 11;
    static final int FLOAT64 = 12;
    private static final String[] TYPE_NAMES = {"uint8", "int8", "uint16", "int16", "uint32", "int32", "float32",
            "bool", "string", "array", "uint64", "int64", "float64"};
    /** The fewest bytes one value of each type takes, to refuse a count the file has no room for. */
    private static final int[] MIN_BYTES = {1, 1, 2, 2, 4, 4, 4, 1, 8, 12, 8, 8, 8};

    /** Fewest bytes of one metadata entry (1-byte key) and of one tensor info (1-byte name, 0 dims). */
    private static final int MIN_ENTRY_BYTES = 8 + 1 + 4 + 1;
    private static final int MIN_TENSOR_INFO_BYTES = 8 + 1 + 4 + 4 + 8;

    private final FileWindow in;
    private final long size;
    private final long maxMetadataChars;
    private String where = "the header";
    private long metadataChars;

    private GgufReader(FileChannel channel, long size, long maxMetadataChars) {
        this.size = size;
        this.maxMetadataChars = maxMetadataChars;
        this.in = new FileWindow(channel, size, () -> where);
    }

    static ModelHeader read(FileChannel channel, long size) throws IOException {
        return read(channel, size, MAX_METADATA_CHARS);
    }

    /** As {@link #read(FileChannel, long)} with another bound on the metadata text, so a test need not write 128 MiB. */
    static ModelHeader read(FileChannel channel, long size, long maxMetadataChars) throws IOException {
        return new GgufReader(channel, size, maxMetadataChars).read();
    }

    private ModelHeader read() throws IOException {
        if (size < 4 || in.u8() != 'G' || in.u8() != 'G' || in.u8() != 'U' || in.u8() != 'F') {
            throw new InvalidGgufException(Rule.NOT_GGUF, "not a GGUF file: it does not start with the bytes 'GGUF'");
        }
        in.order(ByteOrder.LITTLE_ENDIAN);
        boolean bigEndian = version();
        where = "the tensor count";
        long tensorCount = count(in.i64(), MAX_TENSORS, "tensor count");
        where = "the metadata count";
        long entryCount = count(in.i64(), MAX_METADATA_ENTRIES, "metadata count");
        if (tensorCount * MIN_TENSOR_INFO_BYTES + entryCount * MIN_ENTRY_BYTES > in.remaining()) {
            throw new InvalidGgufException(Rule.TRUNCATED, "the header claims " + tensorCount + " tensors and "
                    + entryCount + " metadata entries; the file (" + size + " bytes) has no room for them");
        }

        Map<String, String> metadata = new LinkedHashMap<>();
        int alignment = DEFAULT_ALIGNMENT;
        for (long i = 0; i < entryCount; i++) {
            where = "the key of metadata entry " + i;
            String key = key();
            if (metadata.containsKey(key)) {
                throw new InvalidGgufException(Rule.DUPLICATE_KEY, "metadata key " + quote(key) + " appears twice");
            }
            where = "the value of metadata key " + quote(key);
            int type = valueType(in.i32());
            if (key.equals(ALIGNMENT_KEY)) {
                alignment = alignment(type);
                metadata.put(key, Integer.toString(alignment));
            } else {
                metadata.put(key, type == ARRAY ? array(1) : scalar(type, true));
            }
        }

        List<TensorEntry> tensors = new ArrayList<>((int) tensorCount);
        Set<String> names = new HashSet<>();
        List<GgmlType> removed = new ArrayList<>();
        for (long i = 0; i < tensorCount; i++) {
            where = "the name of tensor info " + i;
            TensorEntry tensor = tensorInfo(alignment, removed);
            if (!names.add(tensor.name())) {
                throw new InvalidGgufException(Rule.DUPLICATE_TENSOR, "tensor name " + quote(tensor.name()) + " appears twice");
            }
            tensors.add(tensor);
        }

        long infosEnd = in.position();
        long dataStart = align(infosEnd, alignment);
        if (tensorCount == 0) {
            // Writers differ on padding a file without tensors; either ending is fine, nothing more.
            if (size > dataStart) {
                throw trailing(size - dataStart, "after the header (the file has no tensors)");
            }
            dataStart = Math.min(dataStart, size);
        } else {
            where = "the padding before the tensor data";
            in.skip(dataStart - infosEnd);
            checkLayout(tensors, dataStart, alignment);
        }

        List<ModelHeader.Finding> findings = new ArrayList<>();
        if (bigEndian) {
            findings.add(new ModelHeader.Finding(ModelHeader.Severity.WARNING,
                    "big-endian GGUF: it loads only on big-endian machines"));
        }
        if (!removed.isEmpty()) {
            findings.add(new ModelHeader.Finding(ModelHeader.Severity.WARNING, "uses the ggml type "
                    + removed.getFirst().name() + ", since removed from GGUF: current llama.cpp refuses this file"));
        }
        return new ModelHeader(GgufFormat.ID, dataStart, dataStart, tensors.size(), tensors, metadata,
                ModelHeader.Safety.SAFE, List.of(), findings);
    }

    /** @return whether the file is big-endian; the window's order is set to match */
    private boolean version() throws IOException {
        where = "the version";
        int raw = in.i32();
        int swapped = Integer.reverseBytes(raw);
        boolean bigEndian = (raw & 0xFFFF) == 0 && swapped > 0 && swapped <= 0xFFFF;
        int version = bigEndian ? swapped : raw;
        if (version == 1) {
            throw new InvalidGgufException(Rule.VERSION_UNSUPPORTED, "GGUF version 1 is not supported (the 2023 draft "
                    + "with 32-bit counts); tsr reads versions 2 and 3: convert the file with a current llama.cpp");
        }
        if (version != 2 && version != 3) {
            throw new InvalidGgufException(Rule.VERSION_UNSUPPORTED, "GGUF version " + Integer.toUnsignedString(version)
                    + " is not supported; tsr reads versions 2 and 3");
        }
        if (bigEndian) {
            in.order(ByteOrder.BIG_ENDIAN);
        }
        return bigEndian;
    }

    private static long count(long value, long max, String what) {
        if (Long.compareUnsigned(value, max) > 0) {
            throw new InvalidGgufException(Rule.COUNT_TOO_LARGE, what + " " + Long.toUnsignedString(value)
                    + " exceeds the limit of " + max);
        }
        return value;
    }

    private String key() throws IOException {
        long length = in.i64();
        if (length == 0) {
            throw new InvalidGgufException(Rule.KEY_INVALID, where + " is empty");
        }
        if (Long.compareUnsigned(length, MAX_KEY_BYTES) > 0) {
            throw new InvalidGgufException(Rule.STRING_TOO_LONG, where + " is " + Long.toUnsignedString(length)
                    + " bytes long; a key has at most " + MAX_KEY_BYTES);
        }
        String key = in.string(length, true);
        if (key.indexOf('\0') >= 0) {
            throw new InvalidGgufException(Rule.KEY_INVALID, "metadata key " + quote(key.replace("\0", "\\0"))
                    + " holds a NUL byte");
        }
        return key;
    }

    private int valueType(int type) {
        if (type < 0 || type >= TYPE_NAMES.length) {
            throw new InvalidGgufException(Rule.VALUE_TYPE_UNKNOWN, where + " has the unknown value type "
                    + Integer.toUnsignedString(type) + " (known: 0-12)");
        }
        return type;
    }

    private int alignment(int type) throws IOException {
        if (type != UINT32) {
            throw new InvalidGgufException(Rule.ALIGNMENT_INVALID, ALIGNMENT_KEY + " has the type " + TYPE_NAMES[type]
                    + "; it must be a uint32");
        }
        long value = in.u32();
        if (value == 0 || (value & (value - 1)) != 0 || value > MAX_ALIGNMENT) {
            throw new InvalidGgufException(Rule.ALIGNMENT_INVALID, ALIGNMENT_KEY + " is " + value
                    + "; it must be a power of two up to " + MAX_ALIGNMENT);
        }
        return (int) value;
    }

    /**
     * @param keep whether the caller needs the text (strings are always validated)
     * @return the value as text, or null when not kept and the value is a string
     */
    private String scalar(int type, boolean keep) throws IOException {
        return switch (type) {
            case UINT8 -> Integer.toString(in.u8());
            case INT8 -> Integer.toString((byte) in.u8());
            case UINT16 -> Integer.toString(in.u16());
            case INT16 -> Integer.toString((short) in.u16());
            case UINT32 -> Long.toString(in.u32());
            case INT32 -> Integer.toString(in.i32());
            case FLOAT32 -> ValueText.float32(Float.intBitsToFloat(in.i32()));
            case BOOL -> bool();
            case STRING -> string(keep);
            case UINT64 -> Long.toUnsignedString(in.i64());
            case INT64 -> Long.toString(in.i64());
            case FLOAT64 -> ValueText.float64(Double.longBitsToDouble(in.i64()));
            default -> throw new IllegalStateException("not a scalar type: " + type);
        };
    }

    private String bool() throws IOException {
        int b = in.u8();
        if (b > 1) {
            throw new InvalidGgufException(Rule.BOOL_INVALID, where + ": a bool is " + b + "; it must be 0 or 1");
        }
        return b == 1 ? "true" : "false";
    }

    private String string(boolean keep) throws IOException {
        long length = in.i64();
        if (Long.compareUnsigned(length, MAX_STRING_BYTES) > 0) {
            throw new InvalidGgufException(Rule.STRING_TOO_LONG, where + ": a string of "
                    + Long.toUnsignedString(length) + " bytes exceeds the limit of " + MAX_STRING_BYTES);
        }
        String s = in.string(length, keep);
        if (keep) {
            metadataChars += s.length();
            if (metadataChars > maxMetadataChars) {
                throw new InvalidGgufException(Rule.METADATA_TOO_LARGE, where + ": the metadata text passes the limit of "
                        + maxMetadataChars + " characters");
            }
        }
        return s;
    }

    /**
     * Reads an array whose type tag has been read. Short arrays of scalars or short strings come
     * back as a JSON list; others as {@code [array of N type]}, their elements validated and dropped.
     */
    private String array(int depth) throws IOException {
        if (depth > MAX_ARRAY_DEPTH) {
            throw new InvalidGgufException(Rule.ARRAY_TOO_DEEP, where + ": arrays nested more than "
                    + MAX_ARRAY_DEPTH + " deep");
        }
        int type = valueType(in.i32());
        long length = in.i64();
        if (Long.compareUnsigned(length, MAX_ARRAY_LENGTH) > 0) {
            throw new InvalidGgufException(Rule.COUNT_TOO_LARGE, where + ": an array of "
                    + Long.toUnsignedString(length) + " elements exceeds the limit of " + MAX_ARRAY_LENGTH);
        }
        if (length * MIN_BYTES[type] > in.remaining()) {
            throw new InvalidGgufException(Rule.TRUNCATED, where + ": an array of " + length + " " + TYPE_NAMES[type]
                    + " needs at least " + length * MIN_BYTES[type] + " bytes, the file has " + in.remaining() + " left");
        }
        if (depth == 1 && type != ARRAY && length <= LIST_MAX_ELEMENTS) {
            String list = list(type, (int) length);
            if (list != null) {
                return list;
            }
        } else {
            skipElements(type, length, depth);
        }
        return "[array of " + length + " " + TYPE_NAMES[type] + "]";
    }

    /** @return the elements as a JSON list, or null when they do not make a short one (they are read either way) */
    private String list(int type, int length) throws IOException {
        StringBuilder out = new StringBuilder("[");
        boolean fits = true;
        for (int i = 0; i < length; i++) {
            String text;
            if (type == STRING) {
                long n = in.i64();
                if (Long.compareUnsigned(n, MAX_STRING_BYTES) > 0) {
                    throw new InvalidGgufException(Rule.STRING_TOO_LONG, where + ": a string of "
                            + Long.toUnsignedString(n) + " bytes exceeds the limit of " + MAX_STRING_BYTES);
                }
                text = in.string(n, fits && n <= LIST_MAX_CHARS);
            } else {
                text = scalar(type, true);
            }
            if (!fits) {
                continue;
            }
            if (text == null || (type == FLOAT32 || type == FLOAT64) && !isFinite(text)) {
                fits = false;
                continue;
            }
            if (i > 0) {
                out.append(',');
            }
            if (type == STRING) {
                ValueText.appendJsonString(out, text);
            } else {
                out.append(text);
            }
            fits = out.length() < LIST_MAX_CHARS;
        }
        return fits ? out.append(']').toString() : null;
    }

    private static boolean isFinite(String number) {
        return !number.equals("NaN") && !number.endsWith("Infinity");
    }

    private void skipElements(int type, long length, int depth) throws IOException {
        switch (type) {
            case ARRAY -> {
                for (long i = 0; i < length; i++) {
                    array(depth + 1);
                }
            }
            case STRING -> {
                for (long i = 0; i < length; i++) {
                    string(false);
                }
            }
            case BOOL -> {
                for (long i = 0; i < length; i++) {
                    bool();
                }
            }
            default -> in.skip(length * MIN_BYTES[type]);
        }
    }

    private TensorEntry tensorInfo(int alignment, List<GgmlType> removed) throws IOException {
        long nameLength = in.i64();
        if (nameLength == 0) {
            throw new InvalidGgufException(Rule.TENSOR_NAME_INVALID, where + " is empty");
        }
        if (Long.compareUnsigned(nameLength, MAX_TENSOR_NAME_BYTES) > 0) {
            throw new InvalidGgufException(Rule.STRING_TOO_LONG, where + " is " + Long.toUnsignedString(nameLength)
                    + " bytes long; tsr allows at most " + MAX_TENSOR_NAME_BYTES);
        }
        String name = in.string(nameLength, true);
        if (name.indexOf('\0') >= 0) {
            throw new InvalidGgufException(Rule.TENSOR_NAME_INVALID, "tensor name " + quote(name.replace("\0", "\\0"))
                    + " holds a NUL byte");
        }
        where = "the info of tensor " + quote(name);
        long dimensionCount = in.u32();
        if (dimensionCount > MAX_DIMENSIONS) {
            throw new InvalidGgufException(Rule.DIMENSIONS_INVALID, "tensor " + quote(name) + " has " + dimensionCount
                    + " dimensions; GGUF allows at most " + MAX_DIMENSIONS);
        }
        List<BigInteger> shape = new ArrayList<>((int) dimensionCount);
        long elements = 1;
        for (int d = 0; d < dimensionCount; d++) {
            long dimension = in.i64();
            if (dimension < 0) {
                throw new InvalidGgufException(Rule.DIMENSIONS_INVALID, "tensor " + quote(name) + ": dimension " + d
                        + " is " + Long.toUnsignedString(dimension) + ", above the limit of " + Long.MAX_VALUE);
            }
            shape.add(BigInteger.valueOf(dimension));
            elements = multiply(elements, dimension, name, shape);
        }
        long typeId = in.u32();
        GgmlType type = GgmlType.byId(typeId).orElseThrow(() -> new InvalidGgufException(Rule.GGML_TYPE_UNKNOWN,
                "tensor " + quote(name) + " has the unknown ggml type " + typeId + " (known: " + GgmlType.knownIds() + ")"));
        if (type.removed() && !removed.contains(type)) {
            removed.add(type);
        }
        long first = dimensionCount == 0 ? 1 : shape.getFirst().longValueExact();
        if (first % type.blockSize() != 0) {
            throw new InvalidGgufException(Rule.BLOCK_MISALIGNED, "tensor " + quote(name) + ": " + describe(type, shape)
                    + " has " + first + " elements per row, not a multiple of the block size " + type.blockSize());
        }
        long bytes = multiply(elements / type.blockSize(), type.typeSize(), name, shape);
        long offset = in.i64();
        if (offset < 0 || offset > size) {
            throw new InvalidGgufException(Rule.TRUNCATED_DATA, "tensor " + quote(name) + ": offset "
                    + Long.toUnsignedString(offset) + " is past the end of the file (" + size + " bytes)");
        }
        if (offset % alignment != 0) {
            throw new InvalidGgufException(Rule.OFFSET_MISALIGNED, "tensor " + quote(name) + ": offset " + offset
                    + " is not a multiple of the alignment " + alignment);
        }
        if (bytes > size - offset) {
            throw new InvalidGgufException(Rule.TRUNCATED_DATA, "tensor " + quote(name) + ": " + describe(type, shape)
                    + " needs " + bytes + " bytes from offset " + offset + ", past the end of the file (" + size + " bytes)");
        }
        return new TensorEntry(name, type.name(), shape, offset, offset + bytes);
    }

    private static long multiply(long a, long b, String name, List<BigInteger> shape) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        if (high != 0 || product < 0) {
            throw new InvalidGgufException(Rule.DIMENSIONS_INVALID, "tensor " + quote(name) + ": shape " + shape
                    + " overflows 64-bit size arithmetic");
        }
        return product;
    }

    /**
     * The tensors, in offset order, follow one another from offset 0, each starting at the aligned
     * end of the one before, and end inside the file; after the last one the file holds at most its
     * padding. (ggml reads the same rule in file order; any order is accepted here.)
     */
    private void checkLayout(List<TensorEntry> tensors, long dataStart, int alignment) {
        List<TensorEntry> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long expected = 0;
        TensorEntry previous = null;
        for (TensorEntry tensor : sorted) {
            if (tensor.begin() < expected) {
                throw new InvalidGgufException(Rule.OFFSETS_OVERLAP, "tensors " + quote(previous.name()) + " and "
                        + quote(tensor.name()) + " overlap: " + quote(tensor.name()) + " starts at " + tensor.begin()
                        + ", before " + quote(previous.name()) + " ends at " + previous.end());
            }
            if (tensor.begin() > expected) {
                throw new InvalidGgufException(Rule.OFFSETS_GAP, "gap of " + (tensor.begin() - expected)
                        + " bytes before tensor " + quote(tensor.name()) + ": it starts at " + tensor.begin() + ", expected "
                        + expected + (previous == null ? " (the start of the tensor data)"
                        : " (the aligned end of " + quote(previous.name()) + ")"));
            }
            expected = align(tensor.end(), alignment);
            previous = tensor;
        }
        long dataEnd = dataStart + previous.end();
        if (dataEnd > size) {
            throw new InvalidGgufException(Rule.TRUNCATED_DATA, "the tensor data ends at byte " + dataEnd
                    + ", past the end of the file (" + size + " bytes; incomplete download?)");
        }
        long paddedEnd = dataStart + expected;
        if (size > paddedEnd) {
            throw trailing(size - paddedEnd, "after the last tensor " + quote(previous.name())
                    + " and its padding (the tensor data ends at byte " + paddedEnd + ")");
        }
    }

    private static InvalidGgufException trailing(long extra, String where) {
        return new InvalidGgufException(Rule.TRAILING_BYTES, extra + (extra == 1 ? " trailing byte " : " trailing bytes ")
                + where);
    }

    private static long align(long offset, int alignment) {
        return offset + (alignment - offset % alignment) % alignment;
    }

    private static String describe(GgmlType type, List<BigInteger> shape) {
        StringBuilder out = new StringBuilder(type.name()).append('[');
        for (int i = 0; i < shape.size(); i++) {
            out.append(i > 0 ? "," : "").append(shape.get(i));
        }
        return out.append(']').toString();
    }
}
