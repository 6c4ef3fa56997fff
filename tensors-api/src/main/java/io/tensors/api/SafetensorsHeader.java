package io.tensors.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The validated header of a safetensors file.
 *
 * @param headerSize N, the header length read from the first 8 bytes, not counting them
 * @param tensors the tensors in data-offset order, never null
 * @param metadata the {@code __metadata__} entries as written (all strings), in file order, never
 *     null, empty when the file has none
 */
public record SafetensorsHeader(long headerSize, List<TensorEntry> tensors, Map<String, String> metadata) {
    /** @throws NullPointerException when a component is null */
    public SafetensorsHeader {
        tensors = List.copyOf(tensors);
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Objects.requireNonNull(metadata)));
    }

    /** @return the offset of the first tensor byte in the file: 8 + N */
    public long dataStart() {
        return 8 + headerSize;
    }
}
