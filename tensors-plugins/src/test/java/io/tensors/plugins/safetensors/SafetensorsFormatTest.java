package io.tensors.plugins.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.ErrorCode;
import io.tensors.api.ModelHeader;
import io.tensors.api.TensorsException;
import io.tensors.plugins.BuiltinFormatsPlugin;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser behind the format SPI: what its probe takes, and the header it gives. */
class SafetensorsFormatTest {
    final SafetensorsFormat format = new SafetensorsFormat();

    @TempDir
    Path dir;

    @Test
    void theBuiltInPluginContributesItWithItsEndings() {
        assertThat(new BuiltinFormatsPlugin().modelFormats()).extracting(f -> f.id()).containsExactly("safetensors", "gguf", "pickle");
        assertThat(format.id()).isEqualTo("safetensors");
        assertThat(format.endings()).containsExactlyInAnyOrder(".safetensors", ".sft");
        assertThat(format.probeBytes()).isBetween(9, 4096);
    }

    @Test
    void theProbeTakesEveryWrittenFileAndItsReadGivesTheParsersHeader() throws Exception {
        Path file = SafetensorsWriter.create().metadata("a", "b").tensor("w", "F16", List.of(2L, 3L), 12).write(dir.resolve("x.bin"));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer first = ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, format.probeBytes())).slice();
        assertThat(format.probe(first)).isTrue();
        assertThat(first.position()).isZero();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ModelHeader header = format.read(channel, channel.size());
            assertThat(header.format()).isEqualTo("safetensors");
            assertThat(header.safety()).isEqualTo(ModelHeader.Safety.SAFE);
            assertThat(header.tensorCount()).isEqualTo(1);
            assertThat(header.dataStart()).isEqualTo(8 + header.headerSize()).isEqualTo(bytes.length - 12);
            assertThat(header.metadata()).isEqualTo(Map.of("a", "b"));
            assertThat(header.imports()).isEmpty();
            assertThat(header.findings()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"504B030414000000", "80025D71002858", "4747554603000000", "3C68746D6C3E3C62", "", "0200000000000000", "0200000000000000417B"})
    void theProbeRefusesOtherFormatsAndTooShortPrefixes(String hex) {
        // zip, pickle, GGUF, HTML, empty, a length with nothing after it, a length followed by no JSON object
        assertThat(format.probe(ByteBuffer.wrap(HexFormat.of().parseHex(hex)))).isFalse();
    }

    @Test
    void leadingWhitespaceBeforeTheObjectStillProbes() {
        byte[] header = "  {}".getBytes(StandardCharsets.US_ASCII);
        assertThat(format.probe(ByteBuffer.wrap(SafetensorsWriter.raw(header.length, "  {}", new byte[0])))).isTrue();
    }

    @Test
    void aBrokenFileIsBadInputInOneLineWithoutThePath() throws Exception {
        Path file = Files.write(dir.resolve("t.safetensors"), SafetensorsWriter.raw(5000, "{}", new byte[0]));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> format.read(channel, channel.size())).isInstanceOfSatisfying(TensorsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
                assertThat(e.getMessage()).doesNotContain(file.toString()).doesNotContain("\n");
            });
        }
    }
}
