package io.tensors.plugins;

import io.tensors.api.FileHasher;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * SHA-256 of one file range, written as the first {@code hexLength} uppercase hex digits.
 *
 * <p>Runs through OpenSSL ({@link NativeSha256}) when it is {@linkplain NativeSha256#available()
 * available} (which reads the engine's direct buffers in place), and through the JDK's
 * {@link MessageDigest} otherwise; both give the same digest. On the native path heap arrays, read-only and direct buffers all reach OpenSSL without
 * a copy; its context is freed by {@link #finish}, or by a cleaner if the hasher is dropped unfinished.
 */
final class Sha256Hasher implements FileHasher, Window.Sink {
    static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** The JDK digest, or null on the native path. */
    private final MessageDigest digest;
    /** The OpenSSL digest, or null on the JDK path. */
    private final NativeSha256 nativeDigest;
    private final Window window;
    private final int hexLength;

    Sha256Hasher(long start, long end, int hexLength) {
        this(start, end, hexLength, NativeSha256.available());
    }

    /**
     * @param useNative whether to hash through OpenSSL
     * @throws IllegalStateException if {@code useNative} but the native path is not available
     */
    Sha256Hasher(long start, long end, int hexLength, boolean useNative) {
        this.window = new Window(start, end, this);
        this.hexLength = hexLength;
        this.nativeDigest = useNative ? new NativeSha256() : null;
        this.digest = useNative ? null : newDigest();
    }

    /** @return a fresh SHA-256 digest; array updates use the JDK's SHA-NI intrinsic */
    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** @return whether this hasher runs through OpenSSL */
    boolean isNative() {
        return nativeDigest != null;
    }

    @Override
    public void update(long offset, ByteBuffer chunk) {
        window.feed(offset, chunk);
    }

    @Override
    public void accept(byte[] bytes, int offset, int length) {
        if (nativeDigest != null) {
            nativeDigest.update(bytes, offset, length);
        } else {
            digest.update(bytes, offset, length);
        }
    }

    @Override
    public boolean accept(ByteBuffer chunk, int index, int length) {
        if (nativeDigest == null) {
            return false; // the JDK path: Window copies through its scratch array
        }
        nativeDigest.update(chunk, index, length); // in place, position and limit untouched
        return true;
    }

    @Override
    public Optional<String> finish(Map<String, String> required) {
        byte[] value = nativeDigest != null ? nativeDigest.digest() : digest.digest();
        return Optional.of(HEX.formatHex(value).substring(0, hexLength));
    }
}
