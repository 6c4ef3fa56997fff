package io.tensors.api;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * One tensor of a model file's header.
 *
 * @param name the tensor's name, never null
 * @param dtype the element type as the format names it (safetensors {@code F16}, {@code BF16}; GGUF
 *     {@code Q4_K}...), never null
 * @param shape the dimensions, never null, possibly empty (a scalar); each is the format's unsigned
 *     64-bit value, so a zero-sized tensor can have a dimension above {@code Long.MAX_VALUE}
 * @param begin the first byte, relative to the start of the data section
 * @param end one past the last byte, relative to the start of the data section
 *     (for a pickle, which has no data section, {@code begin} and {@code end} are the tensor's byte
 *     range within its storage)
 */
public record TensorEntry(String name, String dtype, List<BigInteger> shape, long begin, long end) {
    /** @throws NullPointerException when a component is null */
    public TensorEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = List.copyOf(shape);
    }
}
