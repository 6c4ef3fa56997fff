package io.tensors.plugins;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * CRC32: the zlib CRC-32 of the whole file, its 4 bytes written little-endian as CivitAI's scanner
 * does ({@code hello world} gives {@code 85114A0D}).
 */
public final class Crc32Algorithm implements HashAlgorithm {
    @Override
    public String id() {
        return "crc32";
    }

    @Override
    public String type() {
        return "CRC32";
    }

    @Override
    public FileHasher newHasher(FileLayout layout) {
        return new Hasher();
    }

    private static final class Hasher implements FileHasher, Window.Sink {
        private final CRC32 crc = new CRC32();
        private final Window window = new Window(0, Window.EOF, this);

        @Override
        public void update(long offset, ByteBuffer chunk) {
            window.feed(offset, chunk);
        }

        @Override
        public void accept(byte[] bytes, int offset, int length) {
            crc.update(bytes, offset, length);
        }

        @Override
        public boolean accept(ByteBuffer chunk, int index, int length) {
            if (!chunk.isDirect()) {
                return false; // read-only heap: Window's reused scratch array beats CRC32's per-call one
            }
            // a slice shares the bytes (no copy) and moves its own position, not the caller's;
            // CRC32 reads a direct buffer in place with its intrinsic
            crc.update(chunk.slice(index, length));
            return true;
        }

        @Override
        public Optional<String> finish(Map<String, String> required) {
            // .NET's Crc32.GetCurrentHash() emits the value little-endian: reverse the bytes.
            return Optional.of(Sha256Hasher.HEX.toHexDigits(Integer.reverseBytes((int) crc.getValue())));
        }
    }
}
