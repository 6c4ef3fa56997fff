package io.tensors.plugins.safetensors;

import io.tensors.api.SafetensorsHeader;

/**
 * What {@link SafetensorsParser#parse} made of the first bytes of a file: the header, or how many
 * more bytes it needs. A file that breaks a rule is not a result: it throws {@link
 * InvalidSafetensorsException}.
 */
public sealed interface HeaderParse {
    /** The prefix held the whole header, and it is valid. */
    record Parsed(SafetensorsHeader header) implements HeaderParse {}

    /**
     * The prefix was too short: ask again with at least {@code bytes} more. Once the prefix holds
     * the 8-byte length field and that length is acceptable, the bytes given plus {@code bytes} is
     * the offset where the tensor data starts, so a reader can learn it before it has the header.
     *
     * @param bytes how many more bytes are needed, at least 1
     */
    record NeedMore(int bytes) implements HeaderParse {
        public NeedMore {
            if (bytes < 1) {
                throw new IllegalArgumentException("bytes < 1: " + bytes);
            }
        }
    }
}
