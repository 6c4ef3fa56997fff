package io.tensors.plugins;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.codec.digest.Blake3;

/** BLAKE3: BLAKE3-256 of the whole file, 64 uppercase hex digits. */
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
        return new Hasher();
    }

    private static final class Hasher implements FileHasher, Window.Sink {
        private final Blake3 blake3 = Blake3.initHash();
        private final Window window = new Window(0, Window.EOF, this);

        @Override
        public void update(long offset, ByteBuffer chunk) {
            window.feed(offset, chunk);
        }

        @Override
        public void accept(byte[] bytes, int offset, int length) {
            blake3.update(bytes, offset, length);
        }

        @Override
        public Optional<String> finish(Map<String, String> required) {
            return Optional.of(Sha256Hasher.HEX.formatHex(blake3.doFinalize(32)));
        }
    }
}
