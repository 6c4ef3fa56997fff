package io.tensors.plugins;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Optional;

/**
 * AutoV3: SHA-256 of everything after the safetensors header (bytes {@code [8+N, EOF)}), first 12
 * uppercase hex digits. CivitAI defines it for safetensors only.
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
    public boolean appliesTo(String format) {
        return "safetensors".equals(format);
    }

    /**
     * A layout with no data start (a stream whose header was not parsed, such as a download) gets a
     * hasher that reads N from the file's first 8 bytes itself.
     */
    @Override
    public FileHasher newHasher(FileLayout layout) {
        return layout.dataStart() > 0 ? new Sha256Hasher(layout.dataStart(), Window.EOF, 12) : new FromLengthField(layout.size());
    }

    /** Learns 8+N from the first 8 bytes it is given, then hashes from there to the end. */
    private static final class FromLengthField implements FileHasher {
        private final long size;
        private final ByteBuffer lengthField = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        private Sha256Hasher inner;
        /** The length field does not fit the file: AutoV3 is undefined. */
        private boolean undefined;

        FromLengthField(long size) {
            this.size = size;
        }

        @Override
        public void update(long offset, ByteBuffer chunk) {
            if (undefined) {
                return;
            }
            if (inner == null) {
                ByteBuffer view = chunk.duplicate();
                while (lengthField.hasRemaining() && view.hasRemaining() && offset + (view.position() - chunk.position()) < 8) {
                    lengthField.put(view.get());
                }
                if (lengthField.hasRemaining()) {
                    return;
                }
                long n = lengthField.getLong(0);
                if (n < 0 || n > size - 8) {
                    undefined = true;
                    return;
                }
                inner = new Sha256Hasher(8 + n, Window.EOF, 12);
            }
            inner.update(offset, chunk);
        }

        @Override
        public Optional<String> finish(Map<String, String> required) {
            return inner == null ? Optional.empty() : inner.finish(required);
        }
    }
}
