package io.tensors.plugins;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;

/** SHA256: SHA-256 of the whole file, 64 uppercase hex digits. */
public final class Sha256Algorithm implements HashAlgorithm {
    @Override
    public String id() {
        return "sha256";
    }

    @Override
    public String type() {
        return "SHA256";
    }

    @Override
    public FileHasher newHasher(FileLayout layout) {
        return new Sha256Hasher(0, Window.EOF, 64);
    }
}
