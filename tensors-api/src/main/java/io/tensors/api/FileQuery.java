package io.tensors.api;

import java.util.Map;
import java.util.Objects;

/**
 * A local file to identify.
 *
 * @param path its absolute path (sidecar sources look next to it), never null
 * @param hashes its hashes by type name ({@code SHA256}, {@code AutoV3}...), never null
 */
public record FileQuery(String path, Map<String, String> hashes) {
    /** @throws NullPointerException when a component is null */
    public FileQuery {
        Objects.requireNonNull(path, "path");
        hashes = Map.copyOf(hashes);
    }
}
