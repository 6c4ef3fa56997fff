package io.tensors.plugins;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.IdleCores;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;

/** BLAKE3: BLAKE3-256 of the whole file, 64 uppercase hex digits ({@link Blake3}, several chunks at once). */
public final class Blake3Algorithm implements HashAlgorithm {
    @Override
    public String id() {
        return "blake3";
    }

    @Override
    public String type() {
        return "BLAKE3";
    }

    @Override
    public FileHasher newHasher(FileLayout layout) {
        return new Hasher(null);
    }

    /** A hasher that hashes a run of subtrees in two halves when a core is idle (one file on a multi-core machine). */
    @Override
    public FileHasher newHasher(FileLayout layout, IdleCores idle) {
        return new Hasher(idle);
    }

    private static final class Hasher implements FileHasher, Window.Sink {
        private final Blake3 blake3;
        private final Window window = new Window(0, Window.EOF, this);

        Hasher(IdleCores idle) {
            blake3 = new Blake3(idle);
        }

        @Override
        public void update(long offset, ByteBuffer chunk) {
            window.feed(offset, chunk);
        }

        @Override
        public void accept(byte[] bytes, int offset, int length) {
            blake3.update(bytes, offset, length);
        }

        @Override
        public boolean accept(ByteBuffer chunk, int index, int length) {
            blake3.update(chunk, index, length); // in place, direct or read-only; position and limit untouched
            return true;
        }

        @Override
        public Optional<String> finish(Map<String, String> required) {
            return Optional.of(Sha256Hasher.HEX.formatHex(blake3.digest()));
        }
    }
}
