package io.tensors.api;

import java.util.Objects;

/**
 * A file the scan could not catalog.
 *
 * @param path the file as found (absolute), never null
 * @param reason one line saying what is wrong with it, never null
 */
public record ScanFailure(String path, String reason) {
    /** @throws NullPointerException when a component is null */
    public ScanFailure {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }
}
