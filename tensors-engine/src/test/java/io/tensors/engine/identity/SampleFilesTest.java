package io.tensors.engine.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.Identity;
import io.tensors.api.SafetensorsHeader;
import io.tensors.engine.safetensors.SafetensorsParser;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each sample header written as a .safetensors file, read back by the real parser, is identified as expected. */
class SampleFilesTest {
    private static final Identifier IDENTIFIER = new Identifier(RuleSet.builtIn());

    @TempDir
    Path dir;

    static Stream<Samples.Sample> samples() {
        return Samples.all().stream().filter(s -> s.format().equals("safetensors"));
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
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SafetensorsHeader header = SafetensorsParser.read(channel, channel.size(), file.toString());
            return IDENTIFIER.identify("safetensors", header.metadata(), TensorDigest.of(header.tensors()),
                    file.getFileName().toString());
        }
    }
}
