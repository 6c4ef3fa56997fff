package io.tensors.api;

/**
 * Where the parts of a safetensors file lie, given to a {@link HashAlgorithm} before its bytes.
 *
 * @param size the file's length in bytes, at least 8
 * @param dataStart the offset of the first tensor byte: 8 plus the header length N
 */
public record FileLayout(long size, long dataStart) {
    /** @throws IllegalArgumentException when the offsets are inconsistent */
    public FileLayout {
        if (size < 0 || dataStart < 0 || dataStart > size) {
            throw new IllegalArgumentException("bad layout: size " + size + ", data start " + dataStart);
        }
    }
}
