package com.example.tensors.html;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * MD5 of the whole file ({@code --hashes md5}). Not for security: it is the checksum older mirrors
 * publish next to model files ({@code .md5} files, {@code md5sum} lists) and the ETag of a
 * single-part S3 upload, so it lets a catalog be checked against those. The JDK provides it, so the
 * plugin needs no library.
 */
final class Md5Algorithm implements HashAlgorithm {
    @Override
    public String id() {
        return "md5";
    }

    @Override
    public String type() {
        return "MD5";
    }

    @Override
    public FileHasher newHasher(FileLayout layout) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no MD5", e);
        }
        return new FileHasher() {
            @Override
            public void update(long offset, ByteBuffer chunk) {
                digest.update(chunk);
            }

            @Override
            public Optional<String> finish(Map<String, String> required) {
                return Optional.of(HexFormat.of().withUpperCase().formatHex(digest.digest()));
            }
        };
    }
}
