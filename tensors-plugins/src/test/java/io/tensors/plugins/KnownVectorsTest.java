package io.tensors.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.tensors.api.FileLayout;
import io.tensors.plugins.Feed.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KnownVectorsTest {
    private static final byte[] HELLO = "hello world".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    // Checked with python3 hashlib/zlib and a from-the-spec BLAKE3 implementation.
    private static final String SHA256_HELLO = "B94D27B9934D3E08A52E52D7DA7DABFAC484EFE37A5380EE9088F7ACE2EFCDE9";
    private static final String SHA256_EMPTY = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
    private static final String BLAKE3_HELLO = "D74981EFA70A0C880B8D8C1985D075DBCBF679B99A5F9914E5AAF96B831A9E24";
    private static final String BLAKE3_EMPTY = "AF1349B9F5F9A1A6A0404DEA36DCC9499BCB25C9ADC112B7CC9A93CAE41F3262";

    private static Map<String, Optional<String>> all(byte[] data, Kind kind) {
        return Feed.all(Feed.BUILTINS, new FileLayout(data.length, 0), data, 4, kind);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void helloWorld(Kind kind) {
        Map<String, Optional<String>> h = all(HELLO, kind);
        assertThat(h.get("SHA256")).contains(SHA256_HELLO);
        assertThat(h.get("AutoV2")).contains("B94D27B993");
        assertThat(h.get("CRC32")).contains("85114A0D"); // CivitAI scanner test; %08X would be 0D4A1185
        assertThat(h.get("BLAKE3")).contains(BLAKE3_HELLO);
        assertThat(h.get("AutoV1")).isEmpty();
        assertThat(h.get("AutoV3")).isEmpty(); // no data start, and no length field that fits: undefined
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void emptyInput(Kind kind) {
        Map<String, Optional<String>> h = all(EMPTY, kind);
        assertThat(h.get("SHA256")).contains(SHA256_EMPTY);
        assertThat(h.get("AutoV2")).contains("E3B0C44298");
        assertThat(h.get("CRC32")).contains("00000000");
        assertThat(h.get("BLAKE3")).contains(BLAKE3_EMPTY);
        assertThat(h.get("AutoV1")).isEmpty();
        assertThat(h.get("AutoV3")).isEmpty();
    }

    @Test
    void crc32IsTheByteReversalOfTheConventionalValue() {
        // python3: zlib.crc32(b"The quick brown fox jumps over the lazy dog") = 0x414FA339
        byte[] fox = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
        assertThat(Feed.hash(new Crc32Algorithm(), new FileLayout(fox.length, 0), fox, 5, Kind.HEAP))
                .contains("39A34F41");
    }

    @Test
    void autoV2UppercasesAndNeedsSha256() {
        var hasher = new AutoV2Algorithm().newHasher(new FileLayout(8, 8));
        assertThat(hasher.finish(Map.of("SHA256", "abcdef0123456789"))).contains("ABCDEF0123");
        assertThatThrownBy(() -> new AutoV2Algorithm().newHasher(new FileLayout(8, 8)).finish(Map.of()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void lengthsAndCase() {
        byte[] data = Reference.random(3 * 1024 * 1024, 42);
        Map<String, Optional<String>> h =
                Feed.all(Feed.BUILTINS, new FileLayout(data.length, 100), data, 1 << 20, Kind.HEAP);
        Map<String, Integer> lengths =
                Map.of("SHA256", 64, "AutoV2", 10, "AutoV1", 8, "AutoV3", 12, "CRC32", 8, "BLAKE3", 64);
        lengths.forEach((type, length) ->
                assertThat(h.get(type)).get(STRING).hasSize(length).matches("[0-9A-F]+"));
    }
}
