package io.tensors.plugins;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Random;
import java.util.zip.CRC32;
import org.apache.commons.codec.digest.Blake3;

/** Expected values computed in one shot over a byte slice, independently of the hashers under test. */
final class Reference {
    private Reference() {}

    static String sha256(byte[] data, int from, int to) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, from, to - from);
            return hex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String crc32LittleEndian(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        byte[] le = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).array();
        return hex(le);
    }

    static String blake3(byte[] data) {
        return hex(Blake3.hash(data));
    }

    /** Plain formatting, deliberately not HexFormat, so a formatting slip in the code under test shows. */
    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format(Locale.ROOT, "%02X", b & 0xff));
        }
        return sb.toString();
    }

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
