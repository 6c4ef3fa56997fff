package io.tensors.plugins;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;

/**
 * AutoV3: SHA-256 of everything after the safetensors header (bytes {@code [8+N, EOF)}), first 12
 * uppercase hex digits.
 */
public final class AutoV3Algorithm implements HashAlgorithm {
    @Override
    public String id() {
        return "autov3";
    }

    @Override
    public String type() {
        return "AutoV3";
    }

    @Override
    public FileHasher newHasher(FileLayout layout) {
        return new Sha256Hasher(layout.dataStart(), Window.EOF, 12);
    }
}
