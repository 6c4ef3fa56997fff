package io.tensors.plugins;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** AutoV2: the first 10 hex digits of the file's SHA256, derived without reading any bytes. */
public final class AutoV2Algorithm implements HashAlgorithm {
    private static final String SHA256 = "SHA256";

    @Override
    public String id() {
        return "autov2";
    }

    @Override
    public String type() {
        return "AutoV2";
    }

    @Override
    public List<String> requires() {
        return List.of(SHA256);
    }

    @Override
    public FileHasher newHasher(FileLayout layout) {
        return new Derived();
    }

    /** Ignores the bytes; the value comes from the finished SHA256. */
    private static final class Derived implements FileHasher {
        @Override
        public void update(long offset, ByteBuffer chunk) {
            // derived from SHA256, reads nothing
        }

        @Override
        public Optional<String> finish(Map<String, String> required) {
            String sha256 = required.get(SHA256);
            if (sha256 == null || sha256.length() < 10) {
                throw new IllegalStateException("AutoV2 needs the finished SHA256, got: " + sha256);
            }
            return Optional.of(sha256.substring(0, 10).toUpperCase(Locale.ROOT));
        }
    }
}
