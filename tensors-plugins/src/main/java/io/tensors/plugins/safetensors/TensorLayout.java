package io.tensors.plugins.safetensors;

import static io.tensors.plugins.safetensors.InvalidSafetensorsException.OFFSETS_GAP;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.OFFSETS_OVERLAP;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.OFFSETS_REVERSED;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.SHAPE_OVERFLOW;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.SIZE_MISMATCH;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.SUBBYTE_MISALIGNED;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.TRAILING_BYTES;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.TRUNCATED_DATA;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.quote;

import io.tensors.api.TensorEntry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The checks on where tensors lie in the data section: each tensor's byte count is what its dtype
 * and shape need, the tensors follow one another from offset 0 without gaps or overlaps, and they
 * cover the data section exactly, to the last byte of the file.
 */
final class TensorLayout {
    /** The dtypes the reference knows, in its order; value = bits per element. */
    private static final Map<String, Integer> DTYPE_BITS = dtypeBits();

    private TensorLayout() {}

    /** @return bits per element of {@code dtype} (case-sensitive), empty when unknown */
    static OptionalInt bits(String dtype) {
        Integer bits = DTYPE_BITS.get(dtype);
        return bits == null ? OptionalInt.empty() : OptionalInt.of(bits);
    }

    /** @return the known dtypes, comma-separated, for messages */
    static String knownDtypes() {
        return String.join(", ", DTYPE_BITS.keySet());
    }

    /**
     * @param tensors the entries in file order, dtypes known
     * @param dataSize the bytes after the header, to the end of the file
     * @return the tensors in data-offset order (stable: zero-sized tensors at one offset keep
     *     their file order)
     * @throws InvalidSafetensorsException when a size or an offset is wrong
     */
    static List<TensorEntry> validate(List<TensorEntry> tensors, long dataSize) {
        for (TensorEntry tensor : tensors) {
            if (tensor.end() < tensor.begin()) {
                throw new InvalidSafetensorsException(OFFSETS_REVERSED, "tensor " + quote(tensor.name())
                        + ": data_offsets [" + tensor.begin() + "," + tensor.end() + "] end before they begin");
            }
            checkSize(tensor);
        }
        List<TensorEntry> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long expectedBegin = 0;
        TensorEntry previous = null;
        for (TensorEntry tensor : sorted) {
            if (tensor.begin() < expectedBegin) {
                throw new InvalidSafetensorsException(OFFSETS_OVERLAP, "tensors " + quote(previous.name()) + " and "
                        + quote(tensor.name()) + " overlap: " + quote(tensor.name()) + " starts at "
                        + tensor.begin() + ", before " + quote(previous.name()) + " ends at " + expectedBegin);
            }
            if (tensor.begin() > expectedBegin) {
                throw new InvalidSafetensorsException(OFFSETS_GAP, "gap of " + (tensor.begin() - expectedBegin)
                        + " bytes before tensor " + quote(tensor.name()) + ": it starts at " + tensor.begin()
                        + ", expected " + expectedBegin + (previous == null ? " (the first tensor starts the data section)"
                        : " (the end of " + quote(previous.name()) + ")"));
            }
            expectedBegin = tensor.end();
            previous = tensor;
        }
        // Bytes after the last tensor are refused: they are how a file smuggles a second format.
        if (expectedBegin < dataSize) {
            long extra = dataSize - expectedBegin;
            throw new InvalidSafetensorsException(TRAILING_BYTES, extra + (extra == 1 ? " trailing byte" : " trailing bytes")
                    + " after the last tensor (tensors cover " + expectedBegin + " data bytes, the file has " + dataSize + ")");
        }
        if (expectedBegin > dataSize) {
            throw new InvalidSafetensorsException(TRUNCATED_DATA, "expected " + expectedBegin + " data bytes, found "
                    + dataSize + " (incomplete download?)");
        }
        return sorted;
    }

    /**
     * The byte count as the reference computes it: unsigned 64-bit (usize), checked, dimension by
     * dimension from the left, then times the bits per element. So [0, 2^64-1] is 0 elements,
     * while [2^62, 4, 0] overflows before it reaches the 0. A sub-byte dtype must fill whole bytes.
     */
    private static void checkSize(TensorEntry tensor) {
        long bits = DTYPE_BITS.get(tensor.dtype());
        long elements = 1;
        for (BigInteger dim : tensor.shape()) {
            elements = unsignedMultiply(tensor, elements, dim.longValue()); // low 64 bits: the u64
        }
        long nbits = unsignedMultiply(tensor, elements, bits);
        if (nbits % 8 != 0) { // the same for unsigned: 8 divides 2^64
            throw new InvalidSafetensorsException(SUBBYTE_MISALIGNED, "tensor " + quote(tensor.name()) + ": "
                    + describe(tensor) + " is " + Long.toUnsignedString(nbits) + " bits, not a whole number of bytes");
        }
        long needed = nbits >>> 3;
        long given = tensor.end() - tensor.begin();
        if (needed != given) {
            throw new InvalidSafetensorsException(SIZE_MISMATCH, "tensor " + quote(tensor.name()) + ": "
                    + describe(tensor) + " needs " + Long.toUnsignedString(needed) + " bytes, offsets give " + given);
        }
    }

    private static long unsignedMultiply(TensorEntry tensor, long a, long b) {
        if (Math.unsignedMultiplyHigh(a, b) != 0) {
            throw new InvalidSafetensorsException(SHAPE_OVERFLOW, "tensor " + quote(tensor.name()) + ": "
                    + describe(tensor) + " overflows 64-bit size arithmetic");
        }
        return a * b;
    }

    private static String describe(TensorEntry tensor) {
        StringBuilder out = new StringBuilder(tensor.dtype()).append('[');
        for (int i = 0; i < tensor.shape().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(tensor.shape().get(i));
        }
        return out.append(']').toString();
    }

    private static Map<String, Integer> dtypeBits() {
        Map<String, Integer> bits = new LinkedHashMap<>();
        bits.put("BOOL", 8);
        bits.put("F4", 4);
        bits.put("F6_E2M3", 6);
        bits.put("F6_E3M2", 6);
        bits.put("U8", 8);
        bits.put("I8", 8);
        bits.put("F8_E5M2", 8);
        bits.put("F8_E4M3", 8);
        bits.put("F8_E8M0", 8);
        bits.put("F8_E4M3FNUZ", 8);
        bits.put("F8_E5M2FNUZ", 8);
        bits.put("I16", 16);
        bits.put("U16", 16);
        bits.put("F16", 16);
        bits.put("BF16", 16);
        bits.put("I32", 32);
        bits.put("U32", 32);
        bits.put("F32", 32);
        bits.put("C64", 64);
        bits.put("F64", 64);
        bits.put("I64", 64);
        bits.put("U64", 64);
        return Collections.unmodifiableMap(bits);
    }
}
