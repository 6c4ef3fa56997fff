package io.tensors.plugins;

import io.tensors.api.HashAlgorithm;
import io.tensors.api.TensorsPlugin;
import java.util.List;

/**
 * Contributes CivitAI's hash algorithms (SHA256, AutoV1, AutoV2, AutoV3, CRC32, BLAKE3) through the
 * plugin SPI.
 */
public final class BuiltinHashesPlugin implements TensorsPlugin {
    private static final List<HashAlgorithm> ALGORITHMS = List.of(
            new Sha256Algorithm(),
            new AutoV1Algorithm(),
            new AutoV2Algorithm(),
            new AutoV3Algorithm(),
            new Crc32Algorithm(),
            new Blake3Algorithm());

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public String name() {
        return "builtin-hashes";
    }

    @Override
    public List<HashAlgorithm> hashAlgorithms() {
        return ALGORITHMS;
    }
}
