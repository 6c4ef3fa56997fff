package io.tensors.plugins.gguf;

import static io.tensors.plugins.gguf.GgufFormatTest.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.tensors.api.ModelHeader;
import io.tensors.api.TensorEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two files written by the real {@code gguf} package (gguf-py 0.19.0's {@code GGUFWriter}, little-
 * and big-endian, 4.8 KB each), kept as test resources so no Python is needed: every value type,
 * nested arrays, a 100-token vocabulary and six tensors from numpy arrays.
 */
class GgufPyFilesTest {
    @TempDir
    Path dir;

    @Test
    void aLittleEndianFileFromGgufPy() throws IOException {
        ModelHeader header = read("gguf-py-le.gguf");

        assertThat(header.dataStart()).isEqualTo(3200).isEqualTo(header.headerSize());
        assertThat(header.metadata()).containsExactly(
                entry("general.architecture", "llama"),
                entry("general.name", "Cross Check ✓"),
                entry("general.file_type", "15"),
                entry("t.u8", "255"),
                entry("t.i8", "-128"),
                entry("t.u16", "65535"),
                entry("t.i16", "-32768"),
                entry("t.u32", "4294967295"),
                entry("t.i32", "-2147483648"),
                entry("t.f32", "0.00001"),
                entry("t.f32b", "10000"),
                entry("t.f32c", "0.1"),
                entry("t.bool", "true"),
                entry("t.boolf", "false"),
                entry("t.str", "héllo \"q\"\n"),
                entry("t.u64", "18446744073709551615"),
                entry("t.i64", "-9223372036854775808"),
                entry("t.f64", "0.1"),
                entry("t.f64b", "1e-7"),
                entry("t.ints", "[1,-2,3]"),
                entry("t.floats", "[0.5,0.25]"),
                entry("t.strs", "[\"en\",\"fr\"]"),
                entry("t.bools", "[true,false]"),
                entry("t.nested", "[array of 2 array]"),
                entry("t.nestedstr", "[array of 2 array]"),
                entry("tokenizer.ggml.tokens", "[array of 100 string]"),
                entry("tokenizer.ggml.scores", "[array of 100 float32]"),
                entry("t.many", "[array of 17 int32]"));
        // numpy shapes (3, 64), (5,), ... reversed: GGUF stores ggml's order, fastest-varying first.
        assertThat(header.tensors()).containsExactly(
                new TensorEntry("token_embd.weight", "F32", shape(64, 3), 0, 768),
                new TensorEntry("f16", "F16", shape(5), 768, 778),
                new TensorEntry("q8", "Q8_0", shape(64, 2), 800, 936),
                new TensorEntry("q4k", "Q4_K", shape(256, 4), 960, 1536),
                new TensorEntry("bf16", "BF16", shape(3, 7), 1536, 1578),
                new TensorEntry("i32", "I32", shape(2, 2, 2, 2), 1600, 1664));
        assertThat(header.findings()).isEmpty();
    }

    @Test
    void theSameFileWrittenBigEndian() throws IOException {
        ModelHeader little = read("gguf-py-le.gguf");
        ModelHeader big = read("gguf-py-be.gguf");

        assertThat(big.metadata()).isEqualTo(little.metadata());
        assertThat(big.tensors()).isEqualTo(little.tensors());
        assertThat(big.dataStart()).isEqualTo(little.dataStart());
        assertThat(big.findings()).hasSize(1);
    }

    private ModelHeader read(String resource) throws IOException {
        Path file = dir.resolve(resource);
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            Files.copy(in, file);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new GgufFormat().read(channel, channel.size());
        }
    }
}
