package io.tensors.plugins.safetensors;

import static io.tensors.plugins.testing.SafetensorsWriter.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.SafetensorsHeader;
import io.tensors.api.TensorEntry;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Valid headers, written here and from real files, read as the reference reads them. */
final class ValidHeadersTest extends ParserTestSupport {
    @Test
    void readmeExample() throws IOException {
        SafetensorsHeader header = parse(raw(60, README_HEADER, new byte[16]));
        assertThat(header.headerSize()).isEqualTo(60);
        assertThat(header.dataStart()).isEqualTo(68);
        assertThat(header.metadata()).isEmpty();
        assertThat(header.tensors()).containsExactly(new TensorEntry("test", "I32", dims(2, 2), 0, 16));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}", "{}\r\t \n", "\t\n{}\r ", " {\"__metadata__\":{}} "})
    void emptyHeadersWithJsonWhitespace(String json) throws IOException {
        SafetensorsHeader header = parse(withHeader(json, 0));
        assertThat(header.headerSize()).isEqualTo(json.length());
        assertThat(header.tensors()).isEmpty();
        assertThat(header.metadata()).isEmpty();
    }

    @Test
    void zeroSizedTensors() throws IOException {
        SafetensorsHeader one = parse(oneTensor("{\"dtype\":\"I32\",\"shape\":[2,0],\"data_offsets\":[0,0]}", 0));
        assertThat(one.tensors()).containsExactly(new TensorEntry("t", "I32", dims(2, 0), 0, 0));

        SafetensorsHeader two = parse(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[0,5],\"data_offsets\":[0,0]},"
                + "\"c\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                + "\"d\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,4]}}", 4));
        assertThat(two.tensors()).extracting(TensorEntry::name).containsExactly("a", "b", "c", "d");
    }

    @Test
    void scalar() throws IOException {
        SafetensorsHeader header = parse(oneTensor("{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[0,4]}", 4));
        assertThat(header.tensors()).containsExactly(new TensorEntry("t", "I32", dims(), 0, 4));
    }

    @Test
    void tensorsAreSortedByOffset() throws IOException {
        SafetensorsHeader header = parse(withHeader("{\"z\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[6,8]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]},"
                + "\"m\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", 8));
        assertThat(header.tensors()).containsExactly(
                new TensorEntry("m", "F16", dims(1), 0, 2),
                new TensorEntry("a", "U8", dims(4), 2, 6),
                new TensorEntry("z", "U8", dims(2), 6, 8));
    }

    static Stream<Arguments> everyDtype() {
        return Stream.of(
                Arguments.of("BOOL", 8), Arguments.of("F4", 4), Arguments.of("F6_E2M3", 6), Arguments.of("F6_E3M2", 6),
                Arguments.of("U8", 8), Arguments.of("I8", 8), Arguments.of("F8_E5M2", 8), Arguments.of("F8_E4M3", 8),
                Arguments.of("F8_E8M0", 8), Arguments.of("F8_E4M3FNUZ", 8), Arguments.of("F8_E5M2FNUZ", 8),
                Arguments.of("I16", 16), Arguments.of("U16", 16), Arguments.of("F16", 16), Arguments.of("BF16", 16),
                Arguments.of("I32", 32), Arguments.of("U32", 32), Arguments.of("F32", 32), Arguments.of("C64", 64),
                Arguments.of("F64", 64), Arguments.of("I64", 64), Arguments.of("U64", 64));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyDtype")
    void everyDtype(String dtype, int bits) throws IOException {
        assertThat(SafetensorsParser.dtypeBits(dtype)).hasValue(bits);
        // 4 elements is a whole number of bytes for every bit size (F4: 2 bytes, F6: 3 bytes).
        int bytes = 4 * bits / 8;
        SafetensorsHeader header = parse(SafetensorsWriter.create()
                .tensor("x", dtype, List.of(2L, 2L), new byte[bytes]).toBytes());
        assertThat(header.tensors()).containsExactly(new TensorEntry("x", dtype, dims(2, 2), 0, bytes));
    }

    @Test
    void allDtypesInOneFileAndTheSmallestF4() throws IOException {
        SafetensorsWriter writer = SafetensorsWriter.create().tensor("f4", "F4", List.of(1L, 2L), new byte[1]);
        everyDtype().forEach(a -> writer.tensor("t_" + a.get()[0], (String) a.get()[0], List.of(8L), (int) a.get()[1]));
        SafetensorsHeader header = parse(writer.toBytes());
        assertThat(header.tensors()).hasSize(23);
        assertThat(header.tensors().getFirst()).isEqualTo(new TensorEntry("f4", "F4", dims(1, 2), 0, 1));
        assertThat(header.tensors().getLast().end()).isEqualTo(1 + everyDtype().mapToInt(a -> (int) a.get()[1]).sum());
        assertThat(SafetensorsParser.dtypeBits("f32")).isEmpty();
    }

    @Test
    void nonAsciiMetadataInFileOrder() throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("zeta", "last key first");
        metadata.put("名前", "モデル ü \uD83D\uDE00");
        metadata.put("ss_tag_frequency", "{\"a\": 1}");
        metadata.put("empty", "");
        SafetensorsHeader header = parse(SafetensorsWriter.create().metadata(metadata)
                .tensor("w", "BF16", List.of(3L), new byte[6]).toBytes());
        assertThat(header.metadata()).containsExactlyEntriesOf(metadata);
        assertThat(header.tensors()).containsExactly(new TensorEntry("w", "BF16", dims(3), 0, 6));
    }

    @Test
    void emptyMetadataObject() throws IOException {
        SafetensorsHeader header = parse(SafetensorsWriter.create().metadata(Map.of())
                .tensor("w", "U8", List.of(1L), new byte[1]).toBytes());
        assertThat(header.metadata()).isEmpty();
        assertThat(header.tensors()).hasSize(1);
    }

    @Test
    void unknownFieldsInAnEntryAreIgnored() throws IOException {
        SafetensorsHeader header = parse(oneTensor("{\"quant\":{\"scheme\":[1,2.5,\"x\",null,{\"a\":[]}]},"
                + "\"dtype\":\"F16\",\"shape\":[2],\"extra\":true,\"data_offsets\":[0,4],\"note\":\"n\"}", 4));
        assertThat(header.tensors()).containsExactly(new TensorEntry("t", "F16", dims(2), 0, 4));
    }

    // ------------------------------------------------------------------ real files (../shared/fixtures)

    /**
     * Header lengths N and file sizes from fixtures/safetensors/SOURCES.md; tensor and metadata
     * counts were counted with Python's json module on the same files.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "lycoris_smart_falcon_4_lokr_kohya.safetensors,   647722, 244262, 1750, 61, 59",
        "lycoris_smart_falcon_8_lokr_kohya.safetensors,  1051080, 244868, 1750, 61, 59",
        "lycoris_smart_falcon_16_lokr_kohya.safetensors, 1859639, 247923, 1750, 61, 59",
        "cloneofsimo_lora_disney.safetensors,            1582501,  34973,  386, 196, 0",
        "cloneofsimo_analog_svd_rank4.safetensors,       3117793,  35033,  384, 194, 0"})
    void realFixtureFiles(String name, long bytes, long n, int tensors, int metadataKeys, int ssKeys) throws IOException {
        Path fixtures = sharedFixtures();
        Path path = fixtures.resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(path), "fixture missing: " + name);

        SafetensorsHeader header = SafetensorsParser.read(path);
        assertThat(Files.size(path)).isEqualTo(bytes);
        assertThat(header.headerSize()).isEqualTo(n);
        assertThat(header.tensors()).hasSize(tensors);
        assertThat(header.metadata()).hasSize(metadataKeys);
        assertThat(header.metadata().keySet().stream().filter(k -> k.startsWith("ss_"))).hasSize(ssKeys);
        assertThat(header.tensors().getLast().end()).isEqualTo(bytes - 8 - n);
    }

    @Test
    void realFalcon4Metadata() throws IOException {
        Path path = sharedFixtures().resolve("lycoris_smart_falcon_4_lokr_kohya.safetensors");
        Assumptions.assumeTrue(Files.isRegularFile(path), "fixture missing: " + path);
        SafetensorsHeader header = SafetensorsParser.read(path);
        assertThat(header.metadata())
                .containsEntry("ss_sd_model_name", "animefull-final-pruned.safetensors")
                .containsEntry("ss_sd_model_hash", "5386e8fb")
                .containsEntry("ss_network_dim", "4")
                .containsEntry("ss_network_alpha", "4.0")
                .containsEntry("ss_network_args", "{\"conv_rank\": \"4\", \"conv_alpha\": \"4\", \"algo\": \"lokr\"}")
                .containsEntry("ss_v2", "False")
                .containsEntry("ss_resolution", "(768, 768)")
                .containsEntry("sshs_model_hash", "150ef207aad02214f69756f53c3fc56efacdf6c79e32dd76e5fcbcf6c6a5350f")
                .containsEntry("sshs_legacy_hash", "e3b0c442");
        assertThat(header.metadata().keySet()).first().isEqualTo("ss_batch_size_per_device");
        assertThat(header.tensors()).allSatisfy(t -> assertThat(t.dtype()).isEqualTo("F16"));
    }

    @Test
    void realDisneyMetadataHasNoKohyaKeys() throws IOException {
        Path path = sharedFixtures().resolve("cloneofsimo_lora_disney.safetensors");
        Assumptions.assumeTrue(Files.isRegularFile(path), "fixture missing: " + path);
        SafetensorsHeader header = SafetensorsParser.read(path);
        assertThat(header.metadata()).containsKey("<s1>");
        assertThat(header.tensors()).allSatisfy(t -> assertThat(t.dtype()).isEqualTo("F32"));
    }

    private static Path sharedFixtures() {
        String shared = System.getProperty("tsr.shared.dir");
        Path fixtures = shared == null ? null : Path.of(shared, "fixtures", "safetensors");
        Assumptions.assumeTrue(fixtures != null && Files.isDirectory(fixtures),
                "../shared/fixtures not present: real-file checks skipped");
        return fixtures;
    }
}
