package io.tensors.plugins.safetensors;

import static io.tensors.plugins.testing.SafetensorsWriter.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tensors.api.ErrorCode;
import io.tensors.api.SafetensorsHeader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes header bytes to files in a temporary folder and reads them back through {@link
 * SafetensorsParser}, as a scan does: every rule is tested on whole files.
 */
abstract class ParserTestSupport {
    /** The README example header: N = 60, not a multiple of 8. */
    static final String README_HEADER = "{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";

    @TempDir
    Path dir;

    private int fileCounter;

    Path file(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("f" + (fileCounter++) + ".safetensors"), bytes);
    }

    SafetensorsHeader parse(byte[] bytes) throws IOException {
        return SafetensorsParser.read(file(bytes));
    }

    InvalidSafetensorsException invalid(byte[] bytes) throws IOException {
        Path path = file(bytes);
        InvalidSafetensorsException e = catchThrowableOfType(InvalidSafetensorsException.class,
                () -> SafetensorsParser.read(path));
        assertThat(e).as("expected the file to be rejected").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
        assertThat(e.getMessage()).as("one line, no path").doesNotContain("\n").doesNotContain(dir.toString());
        return e;
    }

    void assertInvalid(byte[] bytes, String reasonCode, String messagePart) throws IOException {
        InvalidSafetensorsException e = invalid(bytes);
        assertThat(e.reasonCode()).as(e.getMessage()).isEqualTo(reasonCode);
        assertThat(e.getMessage()).contains(messagePart);
    }

    /** A header with one entry for tensor "t", plus the given data. */
    static byte[] oneTensor(String entryJson, int dataBytes) {
        return withHeader("{\"t\":" + entryJson + "}", dataBytes);
    }

    static byte[] withHeader(String json, int dataBytes) {
        return raw(json.getBytes(StandardCharsets.UTF_8).length, json, new byte[dataBytes]);
    }

    static List<BigInteger> dims(long... dims) {
        return Arrays.stream(dims).mapToObj(BigInteger::valueOf).toList();
    }
}
