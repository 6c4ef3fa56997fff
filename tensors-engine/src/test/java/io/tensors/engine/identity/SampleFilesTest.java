package io.tensors.engine.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.Identity;
import io.tensors.api.ModelHeader;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each sample header written as a file of its format (safetensors, GGUF, a pickled state dict), read back by the
 * built-in formats, is identified as expected.
 */
class SampleFilesTest {
    private static final Identifier IDENTIFIER = new Identifier(RuleSet.builtIn());

    @TempDir
    Path dir;

    static Stream<Samples.Sample> samples() {
        return Samples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void aWrittenFileIsRecognised(Samples.Sample sample) throws Exception {
        Path file = SampleFiles.write(sample, dir.resolve(SampleFiles.fileName(sample)));
        Identity identity = identify(file);
        assertThat(identity.kind()).as("kind").isEqualTo(sample.kind());
        assertThat(identity.architecture()).as("architecture").isEqualTo(sample.architecture());
    }

    static Identity identify(Path file) throws Exception {
        ModelHeader header = SampleFiles.read(file);
        return IDENTIFIER.identify(header.format(), header.metadata(), TensorDigest.of(header.tensors()),
                file.getFileName().toString());
    }
}
