package io.tensors.plugins;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;

/**
 * AutoV1: SHA-256 of the 64 KiB at offset 1 MiB, first 8 uppercase hex digits; absent for files
 * under 2 MiB, as CivitAI's scanner does.
 */
public final class AutoV1Algorithm implements HashAlgorithm {
    static final long WINDOW_START = 0x100000;
    static final long WINDOW_END = 0x110000;
    /** CivitAI's scanner ({@code HashTask.cs}) returns no AutoV1 below this size. */
    static final long MIN_FILE_SIZE = 0x200000;

    @Override
    public String id() {
        return "autov1";
    }

    @Override
    public String type() {
        return "AutoV1";
    }

    @Override
    public FileHasher newHasher(FileLayout layout) {
        if (layout.size() < MIN_FILE_SIZE) {
            return new Absent();
        }
        return new Sha256Hasher(WINDOW_START, WINDOW_END, 8);
    }

    /** The hasher of a file too small for AutoV1: reads nothing, yields nothing. */
    private static final class Absent implements FileHasher {
        @Override
        public void update(long offset, ByteBuffer chunk) {
            // nothing to read
        }

        @Override
        public Optional<String> finish(Map<String, String> required) {
            return Optional.empty();
        }
    }
}
