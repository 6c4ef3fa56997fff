package io.tensors.engine.download;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeNameTest {
    @Test
    void aPathBecomesItsLastPartAndNeverClimbs() {
        assertThat(SafeName.of("../../etc/passwd")).isEqualTo("passwd");
        assertThat(SafeName.of("..\\..\\Windows\\x.safetensors")).isEqualTo("x.safetensors");
        assertThat(SafeName.of("..")).isNull();
        assertThat(SafeName.of("/")).isNull();
        assertThat(SafeName.of(".hidden.safetensors")).isEqualTo("hidden.safetensors");
    }

    @Test
    void controlAndReservedCharactersAreReplaced() {
        assertThat(SafeName.of("a\u0007b\nc\u202e.safetensors")).isEqualTo("a_b_c_.safetensors");
        assertThat(SafeName.of("what?:*.safetensors")).isEqualTo("what___.safetensors");
    }

    @Test
    void aLongNameIsCutKeepingItsEnding() {
        String name = SafeName.of("x".repeat(500) + ".safetensors");
        assertThat(name).endsWith(".safetensors");
        assertThat(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(200);
    }

    @Test
    void tsrsOwnWorkingNamesAreNeverGiven() {
        assertThat(SafeName.of("model.safetensors.part")).isEqualTo("model.safetensors.part.download");
        assertThat(SafeName.of("model.bad")).isEqualTo("model.bad.download");
    }

    @Test
    void contentDispositionGivesItsFilenameQuotedBareOrExtended() {
        assertThat(SafeName.fromContentDisposition("attachment; filename=\"detail tweaker.safetensors\""))
                .isEqualTo("detail tweaker.safetensors");
        assertThat(SafeName.fromContentDisposition("attachment; filename=plain.safetensors")).isEqualTo("plain.safetensors");
        assertThat(SafeName.fromContentDisposition("attachment; filename=\"fallback.bin\"; filename*=UTF-8''%E6%A8%A1%E5%9E%8B.safetensors"))
                .isEqualTo("模型.safetensors");
        assertThat(SafeName.fromContentDisposition("attachment; filename=\"../../x.safetensors\"")).isEqualTo("x.safetensors");
        assertThat(SafeName.fromContentDisposition("inline")).isNull();
        assertThat(SafeName.fromContentDisposition(null)).isNull();
    }
}
