package io.tensors.plugins;

import io.tensors.api.FileHasher;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** SHA-256 of one file range, written as the first {@code hexLength} uppercase hex digits. */
final class Sha256Hasher implements FileHasher, Window.Sink {
    static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final MessageDigest digest = newDigest();
    private final Window window;
    private final int hexLength;

    Sha256Hasher(long start, long end, int hexLength) {
        this.window = new Window(start, end, this);
        this.hexLength = hexLength;
    }

    /** @return a fresh SHA-256 digest; array updates use the JDK's SHA-NI intrinsic */
    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void update(long offset, ByteBuffer chunk) {
        window.feed(offset, chunk);
    }

    @Override
    public void accept(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
    }

    @Override
    public Optional<String> finish(Map<String, String> required) {
        return Optional.of(HEX.formatHex(digest.digest()).substring(0, hexLength));
    }
}
