package io.tensors.plugins.safetensors;

import static io.tensors.plugins.testing.SafetensorsWriter.raw;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A file that is something else (an HTML page, a Git LFS pointer, a pickle, text) is named for what it is. */
final class FormatSnifferTest extends ParserTestSupport {
    @Test
    void htmlErrorPage() throws IOException {
        byte[] html = "<!DOCTYPE html><html><body>404 Not Found</body></html>".getBytes(StandardCharsets.US_ASCII);
        assertInvalid(html, InvalidSafetensorsException.NOT_SAFETENSORS,
                "it starts with \"<!DOC\" and looks like an HTML page");
    }

    @Test
    void gitLfsPointer() throws IOException {
        byte[] pointer = ("version https://git-lfs.github.com/spec/v1\n"
                + "oid sha256:4d7a2f4f0e5b6c1d8e9f00112233445566778899aabbccddeeff001122334455\nsize 2132625894\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertInvalid(pointer, InvalidSafetensorsException.NOT_SAFETENSORS, "looks like a Git LFS pointer");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"504B0304140000000800", "80028A0A6CFC9C46F9206AA8", "80049583000000000000"})
    void zipOrPickleCheckpoint(String hex) throws IOException {
        byte[] start = java.util.HexFormat.of().parseHex(hex);
        byte[] bytes = Arrays.copyOf(start, 256);
        assertInvalid(bytes, InvalidSafetensorsException.NOT_SAFETENSORS,
                "a zip/pickle container (PyTorch .ckpt/.bin) (");
    }

    @Test
    void plausibleLengthWithoutAKnownSignatureStaysHeaderTooLarge() throws IOException {
        assertInvalid(raw(200_000_000L, "{}", new byte[0]), InvalidSafetensorsException.HEADER_TOO_LARGE,
                "header length 200000000 exceeds the limit of 100000000 bytes");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n",
        "# My LoRA\r\n\r\nTrigger: \"a photo of sks\"\n", "\uFEFFModèle — notes en français, été 2024\n"})
    void aTextFileIsNotASafetensorsFile(String text) throws IOException {
        assertInvalid(text.getBytes(StandardCharsets.UTF_8), InvalidSafetensorsException.NOT_SAFETENSORS,
                "not a safetensors file: it is plain text, starting \"" + text.replace("\uFEFF", "").substring(0, 9));
    }

    @Test
    void aTextFileIsNamedOnOneLineWithTheStartOfItsText() throws IOException {
        InvalidSafetensorsException e = invalid("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(e.getMessage()).isEqualTo("not a safetensors file: it is plain text, starting \"Lorem ipsum dolor sit a…\""
                + " (header length 8100041059028070220 exceeds the limit of 100000000 bytes)");
    }

    @Test
    void binaryWithAControlByteIsNotCalledText() throws IOException {
        byte[] bytes = "Lorem ipsum\u0001dolor sit amet".getBytes(StandardCharsets.US_ASCII);
        assertInvalid(bytes, InvalidSafetensorsException.HEADER_TOO_LARGE, "exceeds the limit of 100000000 bytes");
    }
}
