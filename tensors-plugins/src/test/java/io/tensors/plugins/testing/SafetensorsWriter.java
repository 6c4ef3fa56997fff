package io.tensors.plugins.testing;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes safetensors files for tests.
 *
 * <ul>
 *   <li>Builder mode writes valid files: tensors get contiguous offsets in the order they were
 *       added, {@code __metadata__} comes first, and the header is padded with spaces to a
 *       multiple of 8 bytes, as the reference writer does. The builder does not check that a
 *       tensor's data size matches its dtype and shape, so it can also write size mismatches.
 *   <li>{@link #raw(long, String, byte[])} and {@link #raw(byte[], byte[], byte[])} assemble any
 *       bytes, for broken files.
 *   <li>{@link #writeSized(Path, long, Map, long)} writes a valid file of an exact size, streaming,
 *       for multi-GB hashing tests.
 * </ul>
 *
 * <pre>{@code
 * Path file = SafetensorsWriter.create()
 *         .metadata("ss_network_dim", "4")
 *         .tensor("w", "F32", List.of(2L, 2L), new byte[16])
 *         .tensor("big", "U8", List.of(1_000_000L), 1_000_000)
 *         .write(dir.resolve("model.safetensors"));
 * }</pre>
 */
public final class SafetensorsWriter {
    private static final int CHUNK = 1 << 20;

    private record Tensor(String name, String dtype, List<Long> shape, byte[] data, long size) {}

    private final List<Tensor> tensors = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private boolean writeMetadata;

    private SafetensorsWriter() {}

    /** @return an empty writer: no tensors, no {@code __metadata__} */
    public static SafetensorsWriter create() {
        return new SafetensorsWriter();
    }

    /**
     * Adds metadata entries, in the map's order. Calling this, even with an empty map, writes a
     * {@code __metadata__} object.
     */
    public SafetensorsWriter metadata(Map<String, String> entries) {
        metadata.putAll(entries);
        writeMetadata = true;
        return this;
    }

    /** Adds one metadata entry (kept in insertion order). */
    public SafetensorsWriter metadata(String key, String value) {
        return metadata(Map.of(key, value));
    }

    /** Adds a tensor with the given data bytes. */
    public SafetensorsWriter tensor(String name, String dtype, List<Long> shape, byte[] data) {
        tensors.add(new Tensor(name, dtype, List.copyOf(shape), data.clone(), data.length));
        return this;
    }

    /**
     * Adds a tensor of {@code fillSize} data bytes with a fixed pattern ({@code i % 251}), written
     * in chunks, so large tensors don't need the heap.
     */
    public SafetensorsWriter tensor(String name, String dtype, List<Long> shape, long fillSize) {
        if (fillSize < 0) {
            throw new IllegalArgumentException("fillSize < 0: " + fillSize);
        }
        tensors.add(new Tensor(name, dtype, List.copyOf(shape), null, fillSize));
        return this;
    }

    /** @return the header JSON, without padding */
    public String headerJson() {
        StringBuilder json = new StringBuilder("{");
        if (writeMetadata) {
            json.append(jsonString("__metadata__")).append(":{");
            String separator = "";
            for (Map.Entry<String, String> entry : metadata.entrySet()) {
                json.append(separator).append(jsonString(entry.getKey())).append(':').append(jsonString(entry.getValue()));
                separator = ",";
            }
            json.append('}');
        }
        long offset = 0;
        for (Tensor tensor : tensors) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(jsonString(tensor.name())).append(":{\"dtype\":").append(jsonString(tensor.dtype()))
                    .append(",\"shape\":[");
            for (int i = 0; i < tensor.shape().size(); i++) {
                json.append(i == 0 ? "" : ",").append(tensor.shape().get(i));
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + tensor.size()).append("]}");
            offset += tensor.size();
        }
        return json.append('}').toString();
    }

    /** @return the header as written: UTF-8 JSON padded with spaces to a multiple of 8 bytes */
    public byte[] header() {
        byte[] json = headerJson().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = new byte[padded];
        System.arraycopy(json, 0, header, 0, json.length);
        java.util.Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    /** @return the whole file in memory; for small files */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the file, streaming the tensor data. @return {@code file} */
    public Path write(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), CHUNK)) {
            writeTo(out);
        }
        return file;
    }

    private void writeTo(OutputStream out) throws IOException {
        byte[] header = header();
        out.write(lengthField(header.length));
        out.write(header);
        byte[] chunk = null;
        for (Tensor tensor : tensors) {
            if (tensor.data() != null) {
                out.write(tensor.data());
                continue;
            }
            if (chunk == null) {
                chunk = new byte[CHUNK];
            }
            for (long written = 0; written < tensor.size(); ) {
                int n = (int) Math.min(chunk.length, tensor.size() - written);
                for (int i = 0; i < n; i++) {
                    chunk[i] = (byte) ((written + i) % 251);
                }
                out.write(chunk, 0, n);
                written += n;
            }
        }
    }

    /**
     * @param n the header length to claim, as an unsigned u64 (may be a lie)
     * @param headerJson the header text, written as UTF-8 (may be broken JSON)
     * @param data the bytes after the header
     * @return length field + header + data
     */
    public static byte[] raw(long n, String headerJson, byte[] data) {
        return raw(lengthField(n), headerJson.getBytes(StandardCharsets.UTF_8), data);
    }

    /** @return the three parts concatenated, whatever they hold (a 7-byte length field, say) */
    public static byte[] raw(byte[] lengthBytes, byte[] header, byte[] data) {
        byte[] file = new byte[lengthBytes.length + header.length + data.length];
        System.arraycopy(lengthBytes, 0, file, 0, lengthBytes.length);
        System.arraycopy(header, 0, file, lengthBytes.length, header.length);
        System.arraycopy(data, 0, file, lengthBytes.length + header.length, data.length);
        return file;
    }

    /** @return {@code n} as 8 little-endian bytes (unsigned u64) */
    public static byte[] lengthField(long n) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }

    /**
     * Writes a valid file of exactly {@code totalBytes}: the metadata plus one U8 tensor named
     * "data" filling the rest with pseudo-random bytes from {@code seed} (same seed, same bytes).
     * Streams in 1 MiB chunks.
     *
     * @param metadata written as {@code __metadata__} when not empty; may be null
     * @return {@code file}
     * @throws IllegalArgumentException when {@code totalBytes} can't hold the header
     */
    public static Path writeSized(Path file, long totalBytes, Map<String, String> metadata, long seed)
            throws IOException {
        Map<String, String> entries = metadata == null ? Map.of() : metadata;
        // The header holds the data size, whose digit count changes the header size; a data size
        // computed from a too-long header has no more digits, so padding to that length fits.
        long dataSize = totalBytes - 8 - sizedHeader(entries, 0).length;
        int headerLength = sizedHeader(entries, Math.max(dataSize, 0)).length;
        dataSize = totalBytes - 8 - headerLength;
        if (dataSize < 0) {
            throw new IllegalArgumentException("totalBytes " + totalBytes + " is too small for the header");
        }
        byte[] json = sizedHeader(entries, dataSize);
        byte[] header = java.util.Arrays.copyOf(json, headerLength);
        java.util.Arrays.fill(header, json.length, headerLength, (byte) ' ');

        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[CHUNK];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), CHUNK)) {
            out.write(lengthField(header.length));
            out.write(header);
            for (long written = 0; written < dataSize; ) {
                int n = (int) Math.min(chunk.length, dataSize - written);
                random.nextBytes(chunk);
                out.write(chunk, 0, n);
                written += n;
            }
        }
        return file;
    }

    private static byte[] sizedHeader(Map<String, String> metadata, long dataSize) {
        SafetensorsWriter writer = create();
        if (!metadata.isEmpty()) {
            writer.metadata(metadata);
        }
        writer.tensors.add(new Tensor("data", "U8", List.of(dataSize), null, dataSize));
        return writer.headerJson().getBytes(StandardCharsets.UTF_8);
    }

    /** @return {@code s} as a JSON string literal; non-ASCII is kept as UTF-8 */
    public static String jsonString(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !isPairedSurrogate(s, i)) {
                        out.append(String.format("\\u%04x", (int) c)); // lone surrogates stay visible as escapes
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static boolean isPairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
