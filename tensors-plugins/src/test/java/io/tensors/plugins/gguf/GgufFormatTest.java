package io.tensors.plugins.gguf;

import static io.tensors.plugins.gguf.GgufWriter.ARRAY;
import static io.tensors.plugins.gguf.GgufWriter.BOOL;
import static io.tensors.plugins.gguf.GgufWriter.FLOAT32;
import static io.tensors.plugins.gguf.GgufWriter.INT32;
import static io.tensors.plugins.gguf.GgufWriter.STRING;
import static io.tensors.plugins.gguf.GgufWriter.UINT8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.tensors.api.ModelFormat;
import io.tensors.api.ModelHeader;
import io.tensors.api.TensorEntry;
import io.tensors.api.TensorsPlugin;
import io.tensors.plugins.BuiltinFormatsPlugin;
import io.tensors.plugins.gguf.GgufWriter.Value;
import java.io.EOFException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class GgufFormatTest {
    @TempDir
    Path dir;

    private GgufFiles files;

    @BeforeEach
    void setUp() {
        files = new GgufFiles(dir);
    }

    @Test
    void everyScalarTypeBecomesText() {
        ModelHeader header = files.read(new GgufWriter()
                .kv("u8", Value.u8(255))
                .kv("i8", Value.i8(-128))
                .kv("u16", Value.u16(65535))
                .kv("i16", Value.i16(-32768))
                .kv("u32", Value.u32(4294967295L))
                .kv("i32", Value.i32(Integer.MIN_VALUE))
                .kv("f32", Value.f32(1e-5f))
                .kv("bool.true", Value.bool(true))
                .kv("bool.false", Value.bool(false))
                .kv("string", Value.string("héllo ✓ \"quoted\"\n"))
                .kv("u64", Value.u64(-1))
                .kv("i64", Value.i64(Long.MIN_VALUE))
                .kv("f64", Value.f64(0.1)));

        assertThat(header.metadata()).containsExactly(
                entry("u8", "255"),
                entry("i8", "-128"),
                entry("u16", "65535"),
                entry("i16", "-32768"),
                entry("u32", "4294967295"),
                entry("i32", "-2147483648"),
                entry("f32", "0.00001"),
                entry("bool.true", "true"),
                entry("bool.false", "false"),
                entry("string", "héllo ✓ \"quoted\"\n"),
                entry("u64", "18446744073709551615"),
                entry("i64", "-9223372036854775808"),
                entry("f64", "0.1"));
    }

    @Test
    void floatsAreWrittenInTheirShortestRoundTripForm() {
        float[] floats = {0.1f, 10000f, 1f, -2.5f, 1e-7f, 3.4028235e38f, 1.4e-45f, -0f, 0f, Float.NaN,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 5e-6f};
        String[] floatTexts = {"0.1", "10000", "1", "-2.5", "1e-7", "3.4028235e+38", "1e-45", "-0", "0", "NaN",
                "Infinity", "-Infinity", "0.000005"};
        double[] doubles = {0.1, 1e21, 1.5e21, 1e20, 123.456, 1e-6, 1.2345e-7, Double.MAX_VALUE, Double.MIN_VALUE};
        // Java prints at least two digits (1.4E-45, 4.9E-324): one is enough to read back.
        String[] doubleTexts = {"0.1", "1e+21", "1.5e+21", "100000000000000000000", "123.456", "0.000001",
                "1.2345e-7", "1.7976931348623157e+308", "5e-324"};
        GgufWriter writer = new GgufWriter();
        for (int i = 0; i < floats.length; i++) {
            writer.kv("f32." + i, Value.f32(floats[i]));
        }
        for (int i = 0; i < doubles.length; i++) {
            writer.kv("f64." + i, Value.f64(doubles[i]));
        }
        ModelHeader header = files.read(writer);

        for (int i = 0; i < floats.length; i++) {
            String text = header.metadata().get("f32." + i);
            assertThat(text).as("float %s", floats[i]).isEqualTo(floatTexts[i]);
            assertThat(Float.floatToIntBits(Float.parseFloat(text))).isEqualTo(Float.floatToIntBits(floats[i]));
        }
        for (int i = 0; i < doubles.length; i++) {
            String text = header.metadata().get("f64." + i);
            assertThat(text).as("double %s", doubles[i]).isEqualTo(doubleTexts[i]);
            assertThat(Double.parseDouble(text)).isEqualTo(doubles[i]);
        }
    }

    @Test
    void randomFloatsReadBackExactlyFromTheirText() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(12);
        for (int i = 0; i < 20_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            double d = Double.longBitsToDouble(random.nextLong());
            if (Float.isFinite(f)) {
                assertThat(Float.floatToIntBits(Float.parseFloat(ValueText.float32(f)))).isEqualTo(Float.floatToIntBits(f));
            }
            if (Double.isFinite(d)) {
                assertThat(Double.doubleToLongBits(Double.parseDouble(ValueText.float64(d))))
                        .isEqualTo(Double.doubleToLongBits(d));
            }
        }
    }

    @Test
    void shortArraysAreJsonListsAndOthersTheirLengthAndType() {
        Value[] seventeen = IntStream.range(0, 17).mapToObj(Value::i32).toArray(Value[]::new);
        Value[] sixteen = IntStream.range(0, 16).mapToObj(Value::i32).toArray(Value[]::new);
        ModelHeader header = files.read(new GgufWriter()
                .kv("ints", Value.array(INT32, Value.i32(1), Value.i32(-2), Value.i32(3)))
                .kv("bools", Value.array(BOOL, Value.bool(true), Value.bool(false)))
                .kv("floats", Value.array(FLOAT32, Value.f32(0.5f), Value.f32(1e-7f)))
                .kv("strings", Value.array(STRING, Value.string("en"), Value.string("say \"hi\"\\\n")))
                .kv("empty", Value.array(UINT8))
                .kv("sixteen", Value.array(INT32, sixteen))
                .kv("seventeen", Value.array(INT32, seventeen))
                .kv("nan", Value.array(FLOAT32, Value.f32(1), Value.f32(Float.NaN)))
                .kv("long.string", Value.array(STRING, Value.string("x".repeat(1025))))
                .kv("long.list", Value.array(STRING, Value.string("x".repeat(600)), Value.string("y".repeat(600))))
                .kv("nested", Value.array(ARRAY, Value.array(INT32, Value.i32(1)), Value.array(STRING, Value.string("a"))))
                .kv("after", Value.string("still read")));

        assertThat(header.metadata()).containsExactly(
                entry("ints", "[1,-2,3]"),
                entry("bools", "[true,false]"),
                entry("floats", "[0.5,1e-7]"),
                entry("strings", "[\"en\",\"say \\\"hi\\\"\\\\\\n\"]"),
                entry("empty", "[]"),
                entry("sixteen", "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]"),
                entry("seventeen", "[array of 17 int32]"),
                entry("nan", "[array of 2 float32]"),
                entry("long.string", "[array of 1 string]"),
                entry("long.list", "[array of 2 string]"),
                entry("nested", "[array of 2 array]"),
                entry("after", "still read"));
    }

    @Test
    void deeplyNestedArraysOfEveryTypeAreReadThrough() {
        Value inner = Value.array(ARRAY,
                Value.array(BOOL, Value.bool(true)),
                Value.array(GgufWriter.UINT64, Value.u64(7)),
                Value.array(GgufWriter.FLOAT64, Value.f64(2)),
                Value.array(STRING, Value.string("z")));
        Value nested = inner;
        for (int depth = 2; depth < 8; depth++) {
            nested = Value.array(ARRAY, nested);
        }
        ModelHeader header = files.read(new GgufWriter().kv("deep", nested).kv("next", Value.u8(1)));

        assertThat(header.metadata()).containsExactly(entry("deep", "[array of 1 array]"), entry("next", "1"));
    }

    @Test
    void aVocabularyOf150000TokensIsSummarizedNotExpanded() {
        GgufWriter writer = Vocabulary.model(150_000);
        ModelHeader header = files.read(writer);

        assertThat(header.metadata())
                .containsEntry("tokenizer.ggml.tokens", "[array of 150000 string]")
                .containsEntry("tokenizer.ggml.scores", "[array of 150000 float32]")
                .containsEntry("tokenizer.ggml.token_type", "[array of 150000 int32]")
                .containsEntry("tokenizer.ggml.merges", "[array of 149000 string]")
                .containsEntry("general.architecture", "qwen2")
                .containsEntry("tokenizer.chat_template", Vocabulary.CHAT_TEMPLATE);
        assertThat(header.tensors()).hasSize(2);
        assertThat(header.dataStart()).isEqualTo(writer.dataStart()).isGreaterThan(4_000_000);
    }

    @Test
    void aStringLongerThanTheReadChunkIsKeptWhole() {
        String template = "{% for m in messages %}ü" + "x".repeat(3 * FileWindow.CHUNK) + "✓";
        ModelHeader header = files.read(new GgufWriter().kv("tokenizer.chat_template", Value.string(template)));

        assertThat(header.metadata()).containsExactly(entry("tokenizer.chat_template", template));
    }

    @Test
    void tensorsKeepTheFileOrderTheGgmlTypeNameAndTheGgmlDimensionOrder() {
        GgufWriter writer = new GgufWriter()
                .kv("general.architecture", Value.string("llama"))
                .tensor("token_embd.weight", GgmlType.Q4_K, 4096, 32000)
                .tensor("output_norm.weight", GgmlType.F32, 4096)
                .tensor("blk.0.attn_q.weight", GgmlType.Q8_0, 4096, 4096)
                .tensor("scalar", GgmlType.F16);
        ModelHeader header = files.read(writer);

        long embd = 32000L * 4096 / 256 * 144;
        long norm = 4096L * 4;
        long q = 4096L * 4096 / 32 * 34;
        assertThat(header.format()).isEqualTo("gguf");
        assertThat(header.tensorCount()).isEqualTo(4);
        assertThat(header.tensors()).containsExactly(
                new TensorEntry("token_embd.weight", "Q4_K", shape(4096, 32000), 0, embd),
                new TensorEntry("output_norm.weight", "F32", shape(4096), embd, embd + norm),
                new TensorEntry("blk.0.attn_q.weight", "Q8_0", shape(4096, 4096), embd + norm, embd + norm + q),
                new TensorEntry("scalar", "F16", shape(), embd + norm + q, embd + norm + q + 2));
        assertThat(header.dataStart()).isEqualTo(writer.dataStart()).isEqualTo(header.headerSize());
        assertThat(header.dataStart() % 32).isZero();
        assertThat(header.safety()).isEqualTo(ModelHeader.Safety.SAFE);
        assertThat(header.imports()).isEmpty();
        assertThat(header.findings()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(GgmlType.class)
    void everyGgmlTypeIsSizedByItsBlocks(GgmlType type) {
        ModelHeader header = files.read(new GgufWriter()
                .tensor("a", type, type.blockSize() * 3L, 5)
                .tensor("b", GgmlType.I8, 1));

        TensorEntry a = header.tensors().getFirst();
        assertThat(a.dtype()).isEqualTo(type.name());
        assertThat(a.end() - a.begin()).isEqualTo(3L * 5 * type.typeSize());
        assertThat(header.tensors().get(1).begin()).isEqualTo((3L * 5 * type.typeSize() + 31) / 32 * 32);
    }

    @Test
    void blockSizesAndBytesAreGgmlsForEveryType() {
        List<String> table = new ArrayList<>();
        for (GgmlType type : GgmlType.values()) {
            table.add(type.id() + " " + type + " " + type.blockSize() + " " + type.typeSize());
        }
        // From gguf-py's GGML_QUANT_SIZES (gguf 0.19.0), and ggml's type traits for the removed Q4_0_x_x.
        assertThat(table).containsExactly(
                "0 F32 1 4", "1 F16 1 2", "2 Q4_0 32 18", "3 Q4_1 32 20", "6 Q5_0 32 22", "7 Q5_1 32 24",
                "8 Q8_0 32 34", "9 Q8_1 32 40", "10 Q2_K 256 84", "11 Q3_K 256 110", "12 Q4_K 256 144",
                "13 Q5_K 256 176", "14 Q6_K 256 210", "15 Q8_K 256 292", "16 IQ2_XXS 256 66", "17 IQ2_XS 256 74",
                "18 IQ3_XXS 256 98", "19 IQ1_S 256 50", "20 IQ4_NL 32 18", "21 IQ3_S 256 110", "22 IQ2_S 256 82",
                "23 IQ4_XS 256 136", "24 I8 1 1", "25 I16 1 2", "26 I32 1 4", "27 I64 1 8", "28 F64 1 8",
                "29 IQ1_M 256 56", "30 BF16 1 2", "31 Q4_0_4_4 32 18", "32 Q4_0_4_8 32 18", "33 Q4_0_8_8 32 18",
                "34 TQ1_0 256 54", "35 TQ2_0 256 66", "39 MXFP4 32 17", "40 NVFP4 64 36", "41 Q1_0 128 18");
        assertThat(GgmlType.knownIds()).isEqualTo("0-3, 6-35, 39-41");
    }

    @Test
    void aRemovedTypeIsReadWithAWarning() {
        ModelHeader header = files.read(new GgufWriter().tensor("w", GgmlType.Q4_0_4_4, 64, 4));

        assertThat(header.tensors().getFirst().dtype()).isEqualTo("Q4_0_4_4");
        assertThat(header.findings()).extracting(ModelHeader.Finding::message)
                .containsExactly("uses the ggml type Q4_0_4_4, since removed from GGUF: current llama.cpp refuses this file");
    }

    @Test
    void versionsTwoAndThreeReadAlike() {
        ModelHeader v2 = files.read(sample().version(2));
        ModelHeader v3 = files.read(sample().version(3));

        assertThat(v2).isEqualTo(v3);
        assertThat(v3.metadata()).containsEntry("general.name", "Sample");
    }

    @Test
    void aBigEndianFileReadsAsTheSameHeaderWithAWarning() {
        ModelHeader little = files.read(sample());
        ModelHeader big = files.read(sample().bigEndian());

        assertThat(big.metadata()).isEqualTo(little.metadata());
        assertThat(big.tensors()).isEqualTo(little.tensors());
        assertThat(big.dataStart()).isEqualTo(little.dataStart());
        assertThat(big.findings()).extracting(ModelHeader.Finding::message)
                .containsExactly("big-endian GGUF: it loads only on big-endian machines");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 64, 4096, 1 << 20})
    void generalAlignmentPlacesTheDataAndTheTensors(int alignment) {
        GgufWriter writer = new GgufWriter().alignment(alignment)
                .tensor("a", GgmlType.F32, 3)
                .tensor("b", GgmlType.F16, 5);
        ModelHeader header = files.read(writer);

        assertThat(header.metadata()).containsEntry("general.alignment", Integer.toString(alignment));
        assertThat(header.dataStart() % alignment).isZero();
        assertThat(header.dataStart()).isEqualTo(writer.dataStart());
        assertThat(header.tensors().get(1).begin()).isEqualTo((12 + alignment - 1) / alignment * alignment);
    }

    @Test
    void withoutGeneralAlignmentTheAlignmentIs32() {
        GgufWriter writer = new GgufWriter().kv("k", Value.u8(1)).tensor("a", GgmlType.F32, 3).tensor("b", GgmlType.F32, 1);
        ModelHeader header = files.read(writer);

        assertThat(header.dataStart() % 32).isZero();
        assertThat(header.tensors().get(1).begin()).isEqualTo(32);
    }

    @Test
    void aFileWithoutTensorsIsReadWithOrWithoutTheFinalPadding() {
        GgufWriter writer = new GgufWriter().kv("general.architecture", Value.string("vocab"));
        byte[] padded = writer.toBytes();
        int unpaddedLength = 4 + 4 + 8 + 8 + 8 + "general.architecture".length() + 4 + 8 + "vocab".length();
        byte[] unpadded = java.util.Arrays.copyOf(padded, unpaddedLength);

        ModelHeader withPadding = files.read(padded);
        ModelHeader withoutPadding = files.read(unpadded);

        assertThat(withPadding.tensorCount()).isZero();
        assertThat(withPadding.dataStart()).isEqualTo(padded.length).isEqualTo(96);
        assertThat(withoutPadding.dataStart()).isEqualTo(unpaddedLength);
        assertThat(withoutPadding.metadata()).isEqualTo(withPadding.metadata());
    }

    @Test
    void theLastTensorMayLackItsPaddingAndTensorsMayBeListedOutOfOffsetOrder() {
        GgufWriter writer = new GgufWriter()
                .tensor("second".getBytes(StandardCharsets.UTF_8), GgmlType.F32.id(), 32, 12, 3)
                .tensor("first".getBytes(StandardCharsets.UTF_8), GgmlType.F32.id(), 0, 4, 1)
                .tensor("empty".getBytes(StandardCharsets.UTF_8), GgmlType.F32.id(), 32, 0, 0)
                .noPaddingAfterLastTensor();
        ModelHeader header = files.read(writer);

        assertThat(header.tensors()).extracting(TensorEntry::name).containsExactly("second", "first", "empty");
        assertThat(header.tensors().getFirst().end()).isEqualTo(44);
    }

    @Test
    void aFileThatShrinksWhileReadIsAnIoErrorNotABadFile() throws Exception {
        Path file = Files.write(dir.resolve("short.gguf"), Vocabulary.model(1000).toBytes());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long claimed = channel.size() + (1 << 20);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GgufFormat().read(channel, claimed))
                    .isInstanceOf(EOFException.class)
                    .hasMessageContaining("was it changed during the read?");
        }
    }

    @Test
    void probeLooksForTheMagicAtThePosition() {
        GgufFormat format = new GgufFormat();
        ByteBuffer gguf = ByteBuffer.wrap("xxGGUF\3\0\0\0".getBytes(StandardCharsets.ISO_8859_1)).position(2);

        assertThat(format.probe(gguf)).isTrue();
        assertThat(gguf.position()).isEqualTo(2);
        assertThat(format.probe(ByteBuffer.wrap("GGUG\3\0\0\0".getBytes(StandardCharsets.ISO_8859_1)))).isFalse();
        assertThat(format.probe(ByteBuffer.wrap("GGU".getBytes(StandardCharsets.ISO_8859_1)))).isFalse();
        assertThat(format.probe(ByteBuffer.wrap("{\"__metadata__\"".getBytes(StandardCharsets.ISO_8859_1)))).isFalse();
        assertThat(format.probeBytes()).isEqualTo(4);
    }

    @Test
    void theBuiltinFormatsPluginContributesGguf() {
        List<TensorsPlugin> plugins = ServiceLoader.load(TensorsPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof BuiltinFormatsPlugin)
                .toList();

        assertThat(plugins).hasSize(1);
        assertThat(plugins.getFirst().apiVersion()).isEqualTo(TensorsPlugin.API_VERSION);
        assertThat(plugins.getFirst().name()).isEqualTo("builtin-formats");
        List<ModelFormat> formats = plugins.getFirst().modelFormats();
        assertThat(formats).extracting(ModelFormat::id).contains("gguf");
        ModelFormat gguf = formats.stream().filter(f -> f.id().equals("gguf")).findFirst().orElseThrow();
        assertThat(gguf.endings()).containsExactly(".gguf");
    }

    @Test
    void fileTypeNamesAreLlamaCpps() {
        assertThat(GgufFileTypes.name(0)).contains("ALL_F32");
        assertThat(GgufFileTypes.name(1)).contains("MOSTLY_F16");
        assertThat(GgufFileTypes.name(2)).contains("MOSTLY_Q4_0");
        assertThat(GgufFileTypes.name(15)).contains("MOSTLY_Q4_K_M");
        assertThat(GgufFileTypes.name(18)).contains("MOSTLY_Q6_K");
        assertThat(GgufFileTypes.name(32)).contains("MOSTLY_BF16");
        assertThat(GgufFileTypes.name("38")).contains("MOSTLY_MXFP4_MOE");
        assertThat(GgufFileTypes.name(1024)).contains("GUESSED");
        assertThat(GgufFileTypes.name(41)).isEmpty();
        assertThat(GgufFileTypes.name(-1)).isEmpty();
        assertThat(GgufFileTypes.name("[1,2]")).isEmpty();
    }

    private static GgufWriter sample() {
        return new GgufWriter()
                .kv("general.architecture", Value.string("llama"))
                .kv("general.name", Value.string("Sample"))
                .kv("llama.rope.freq_base", Value.f32(10000f))
                .kv("llama.attention.layer_norm_rms_epsilon", Value.f32(1e-5f))
                .kv("llama.context_length", Value.u64(4096))
                .kv("flags", Value.array(BOOL, Value.bool(true)))
                .kv("tokenizer.ggml.tokens", Value.strings(List.of("<s>", "</s>", "▁the")))
                .tensor("token_embd.weight", GgmlType.Q4_K, 256, 3)
                .tensor("output_norm.weight", GgmlType.F32, 256);
    }

    static List<BigInteger> shape(long... dims) {
        return java.util.Arrays.stream(dims).mapToObj(BigInteger::valueOf).toList();
    }
}
