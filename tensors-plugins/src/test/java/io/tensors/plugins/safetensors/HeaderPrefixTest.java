package io.tensors.plugins.safetensors;

import static io.tensors.plugins.testing.SafetensorsWriter.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tensors.api.SafetensorsHeader;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The header from a file's first bytes, for readers that get a stream: a download, a hashing session. */
final class HeaderPrefixTest extends ParserTestSupport {
    private static final byte[] VALID = SafetensorsWriter.create().metadata(Map.of("k", "v"))
            .tensor("a", "F16", List.of(2L, 3L), new byte[12]).tensor("b", "U8", List.of(5L), new byte[5]).toBytes();

    private static HeaderParse parse(byte[] file, int prefixLength) {
        return SafetensorsParser.parse(ByteBuffer.wrap(file, 0, prefixLength).slice(), file.length);
    }

    static Stream<byte[]> files() {
        return Stream.of(VALID,
                raw(60, README_HEADER, new byte[16]),
                raw(2, "{}", new byte[0]),
                raw(1, "{", new byte[0]),
                raw(60, README_HEADER, new byte[14]),
                raw(60, README_HEADER, new byte[20]),
                raw(1000, README_HEADER, new byte[16]),
                "<!DOCTYPE html><html><body>404 Not Found</body></html>".getBytes(StandardCharsets.US_ASCII),
                "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n"
                        .getBytes(StandardCharsets.US_ASCII),
                "short text\n".getBytes(StandardCharsets.US_ASCII),
                new byte[5]);
    }

    /** Every prefix either asks for more or answers exactly what reading the whole file answers. */
    @ParameterizedTest
    @MethodSource("files")
    void everyPrefixAsksForMoreOrAgreesWithTheChannelRead(byte[] file) throws IOException {
        Path path = file(file);
        Exception refused = catchThrowableOfType(InvalidSafetensorsException.class, () -> SafetensorsParser.read(path));
        SafetensorsHeader read = refused == null ? SafetensorsParser.read(path) : null;
        boolean answered = false;
        for (int length = 0; length <= file.length; length++) {
            HeaderParse result;
            try {
                result = parse(file, length);
            } catch (InvalidSafetensorsException e) {
                assertThat(refused).as("refused at %d bytes: %s", length, e.getMessage()).isNotNull();
                assertThat(e).hasMessage(refused.getMessage());
                assertThat(e.reasonCode()).isEqualTo(((InvalidSafetensorsException) refused).reasonCode());
                answered = true;
                continue;
            }
            if (result instanceof HeaderParse.Parsed parsed) {
                assertThat(parsed.header()).isEqualTo(read);
                answered = true;
            } else {
                assertThat(answered).as("asked for more after an answer, at %d bytes", length).isFalse();
                assertThat(length + ((HeaderParse.NeedMore) result).bytes()).isLessThanOrEqualTo(file.length);
            }
        }
        assertThat(answered).as("the whole file gives an answer").isTrue();
    }

    /** Once it has the 8-byte length, the parser says where the data starts, before it has the header. */
    @Test
    void theDataOffsetIsKnownFromTheLengthField() throws IOException {
        SafetensorsHeader header = SafetensorsParser.read(file(VALID));
        assertThat(parse(VALID, 0)).isEqualTo(new HeaderParse.NeedMore(8));
        assertThat(parse(VALID, 3)).isEqualTo(new HeaderParse.NeedMore(5));
        for (int length = 8; length < header.dataStart(); length += 7) {
            assertThat(parse(VALID, length)).isEqualTo(new HeaderParse.NeedMore((int) header.dataStart() - length));
        }
        assertThat(parse(VALID, (int) header.dataStart())).isEqualTo(new HeaderParse.Parsed(header));
    }

    /** A bad length field waits for the first 64 bytes (or the whole of a shorter file), to name the format. */
    @Test
    void aBadLengthFieldWaitsForTheBytesThatNameTheFormat() {
        byte[] html = "<!DOCTYPE html><html><body>404 Not Found, and some more text after it</body></html>"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(parse(html, 8)).isEqualTo(new HeaderParse.NeedMore(56));
        assertThatThrownBy(() -> parse(html, 64)).isInstanceOfSatisfying(InvalidSafetensorsException.class,
                e -> assertThat(e.reasonCode()).isEqualTo(InvalidSafetensorsException.NOT_SAFETENSORS));
        byte[] text = "short text\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(parse(text, 8)).isEqualTo(new HeaderParse.NeedMore(3));
        assertThatThrownBy(() -> SafetensorsParser.parse(ByteBuffer.allocate(0), 7))
                .hasMessage("file is 7 bytes; a safetensors file starts with an 8-byte header length");
    }

    @Test
    void theBufferIsReadFromItsPositionAndLeftAsItWas() throws IOException {
        byte[] padded = new byte[VALID.length + 13];
        System.arraycopy(VALID, 0, padded, 5, VALID.length);
        ByteBuffer heap = ByteBuffer.wrap(padded).position(5).limit(5 + VALID.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(VALID.length).put(VALID).flip();
        SafetensorsHeader expected = SafetensorsParser.read(file(VALID));
        for (ByteBuffer buffer : List.of(heap, direct, heap.asReadOnlyBuffer())) {
            int position = buffer.position();
            int limit = buffer.limit();
            assertThat(SafetensorsParser.parse(buffer, VALID.length)).isEqualTo(new HeaderParse.Parsed(expected));
            assertThat(buffer.position()).isEqualTo(position);
            assertThat(buffer.limit()).isEqualTo(limit);
            assertThat(buffer.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        }
    }

    /** Byte offsets in messages count from the header's start, wherever the buffer starts. */
    @Test
    void offsetsInMessagesCountFromTheHeader() throws IOException {
        byte[] file = withHeader("{\"__metadata__\":{\"k\":\"1\", \"k\":\"2\"}}", 0);
        byte[] padded = new byte[file.length + 9];
        System.arraycopy(file, 0, padded, 9, file.length);
        ByteBuffer buffer = ByteBuffer.wrap(padded).position(9);
        assertThatThrownBy(() -> SafetensorsParser.parse(buffer, file.length))
                .hasMessageStartingWith("duplicate __metadata__ key 'k' at header byte 2")
                .hasMessage(invalid(file).getMessage());
        byte[] notUtf8 = raw(SafetensorsWriter.lengthField(3), new byte[] {'{', (byte) 0xFF, '}'}, new byte[0]);
        byte[] shifted = new byte[notUtf8.length + 4];
        System.arraycopy(notUtf8, 0, shifted, 4, notUtf8.length);
        assertThatThrownBy(() -> SafetensorsParser.parse(ByteBuffer.wrap(shifted).position(4), notUtf8.length))
                .hasMessage("header is not valid UTF-8: bad byte 0xFF at header byte 1 (file offset 9)");
    }

    @Test
    void aPrefixLongerThanTheFileIsAProgrammingError() {
        assertThatThrownBy(() -> SafetensorsParser.parse(ByteBuffer.wrap(Arrays.copyOf(VALID, 100)), 99))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeaderParse.NeedMore(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
