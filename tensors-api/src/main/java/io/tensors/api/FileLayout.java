package io.tensors.api;

/**
 * Where the parts of a model file lie, given to a {@link HashAlgorithm} before its bytes.
 *
 * @param size the file's length in bytes
 * @param dataStart the offset of the first tensor byte (safetensors: 8 plus the header length N);
 *     0 where the format defines none
 * @param format the id of the {@link ModelFormat} the file's content shows, never null
 */
public record FileLayout(long size, long dataStart, String format) {
    /** A safetensors file's layout, as API version 1 made it. */
    public FileLayout(long size, long dataStart) {
        this(size, dataStart, "safetensors");
    }

    /** @throws IllegalArgumentException when the offsets are inconsistent */
    public FileLayout {
        java.util.Objects.requireNonNull(format, "format");
        if (size < 0 || dataStart < 0 || dataStart > size) {
            throw new IllegalArgumentException("bad layout: size " + size + ", data start " + dataStart);
        }
    }
}
