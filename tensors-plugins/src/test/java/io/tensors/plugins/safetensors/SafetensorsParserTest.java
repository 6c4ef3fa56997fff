package io.tensors.plugins.safetensors;

import static io.tensors.plugins.testing.SafetensorsWriter.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tensors.api.SafetensorsHeader;
import io.tensors.api.TensorEntry;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The facade: the length field, reads through a channel, huge headers, damaged files. */
final class SafetensorsParserTest extends ParserTestSupport {
    private static long allocatedBytesOfThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Rejecting an absurd N must not allocate anything near N. */
    private void assertRejectedWithoutAllocating(byte[] bytes, String messagePart) throws IOException {
        Path path = file(bytes);
        long before = allocatedBytesOfThisThread();
        InvalidSafetensorsException e = catchThrowableOfType(InvalidSafetensorsException.class,
                () -> SafetensorsParser.read(path));
        long allocated = allocatedBytesOfThisThread() - before;
        assertThat(e).isNotNull();
        assertThat(e.reasonCode()).isEqualTo(InvalidSafetensorsException.HEADER_TOO_LARGE);
        assertThat(e.getMessage()).contains(messagePart).contains("100000000");
        assertThat(allocated).as("bytes allocated while rejecting").isLessThan(1_000_000);
    }

    // ------------------------------------------------------------------ length field

    @Test
    void emptyFileIsTooSmall() throws IOException {
        assertInvalid(new byte[0], InvalidSafetensorsException.HEADER_TOO_SMALL,
                "file is 0 bytes; a safetensors file starts with an 8-byte header length");
    }

    @Test
    void sevenBytesIsTooSmall() throws IOException {
        assertInvalid(new byte[7], InvalidSafetensorsException.HEADER_TOO_SMALL, "file is 7 bytes");
    }

    @Test
    void headerAboveTheLimitIsRejectedWithoutAllocating() throws IOException {
        assertRejectedWithoutAllocating(raw(100_000_001L, "{}", new byte[0]), "header length 100000001 exceeds");
    }

    @Test
    void hugeHeaderLengthFromTheReferenceTestIsRejected() throws IOException {
        byte[] bytes = {'<', 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, '{', '}'};
        assertRejectedWithoutAllocating(bytes, Long.toUnsignedString(0xFFFFFF000000003CL));
    }

    @Test
    void maxUnsignedHeaderLengthIsRejected() throws IOException {
        assertRejectedWithoutAllocating(raw(-1L, "{}", new byte[0]), "18446744073709551615");
    }

    @Test
    void headerLongerThanTheFile() throws IOException {
        Path path = file(SafetensorsWriter.lengthField(60));
        long before = allocatedBytesOfThisThread();
        assertThatThrownBy(() -> SafetensorsParser.read(path))
                .isInstanceOfSatisfying(InvalidSafetensorsException.class, e -> assertThat(e.reasonCode())
                        .isEqualTo(InvalidSafetensorsException.HEADER_TRUNCATED))
                .hasMessage("header claims 60 bytes, file has 0 after the length field");
        assertThat(allocatedBytesOfThisThread() - before).isLessThan(1_000_000);
    }

    @Test
    void lyingLengthOnAValidFile() throws IOException {
        byte[] bytes = raw(60, README_HEADER, new byte[16]);
        System.arraycopy(SafetensorsWriter.lengthField(1000), 0, bytes, 0, 8);
        assertInvalid(bytes, InvalidSafetensorsException.HEADER_TRUNCATED,
                "header claims 1000 bytes, file has 76 after the length field");
    }

    // ------------------------------------------------------------------ reading

    @Test
    void sparseMultiGigabyteFileReadsOnlyTheHeader() throws IOException {
        long dataSize = 1_500_000_000L;
        byte[] header = SafetensorsWriter.create()
                .metadata("ss_network_dim", "4")
                .tensor("big", "U8", List.of(dataSize), dataSize)
                .header();
        Path path = dir.resolve("sparse.safetensors");
        Files.write(path, raw(SafetensorsWriter.lengthField(header.length), header, new byte[0]));
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(8 + header.length + dataSize); // sparse: no data blocks written
        }

        long before = allocatedBytesOfThisThread();
        SafetensorsHeader parsed = SafetensorsParser.read(path);
        assertThat(allocatedBytesOfThisThread() - before).as("bytes allocated").isLessThan(2_000_000);

        assertThat(parsed.headerSize()).isEqualTo(header.length);
        assertThat(parsed.metadata()).containsExactly(Map.entry("ss_network_dim", "4"));
        assertThat(parsed.tensors()).containsExactly(new TensorEntry("big", "U8", dims(dataSize), 0, dataSize));
        assertThat(parsed.dataStart() + dataSize).isEqualTo(Files.size(path));
    }

    @Test
    void headerAtTheLimitIsAccepted() throws IOException {
        // N = 100,000,000 with a metadata value over Jackson's default 20M-char string limit and a
        // name over its 50k-char name limit; both must pass.
        Path path = writeHeaderOfMaximumSize(21_000_000, 100_000);
        SafetensorsHeader parsed = SafetensorsParser.read(path);
        assertThat(parsed.headerSize()).isEqualTo(SafetensorsParser.MAX_HEADER_SIZE);
        assertThat(parsed.metadata().get("k")).hasSize(21_000_000);
        assertThat(parsed.tensors().getFirst().name()).hasSize(100_000);
    }

    /** In its own method so the 100 MB buffer is garbage before the parse allocates its own. */
    private Path writeHeaderOfMaximumSize(int valueLength, int nameLength) throws IOException {
        String json = "{\"__metadata__\":{\"k\":\"" + "v".repeat(valueLength) + "\"},\"" + "n".repeat(nameLength)
                + "\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        byte[] header = new byte[(int) SafetensorsParser.MAX_HEADER_SIZE];
        Arrays.fill(header, (byte) ' ');
        byte[] jsonBytes = json.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(jsonBytes, 0, header, 0, jsonBytes.length);
        Path path = dir.resolve("max-header.safetensors");
        try (var out = Files.newOutputStream(path)) {
            out.write(SafetensorsWriter.lengthField(header.length));
            out.write(header);
            out.write(0);
        }
        return path;
    }

    @Test
    void readFromAnOpenChannelUsesTheGivenSizeAndPositionalReads() throws IOException {
        Path path = file(raw(60, README_HEADER, new byte[16]));
        try (var channel = java.nio.channels.FileChannel.open(path)) {
            channel.position(50);
            assertThat(SafetensorsParser.read(channel, 84, "x").tensors()).hasSize(1);
            assertThat(channel.position()).isEqualTo(50);
            // The caller's size decides coverage: a file that grew since is caught as such.
            assertThatThrownBy(() -> SafetensorsParser.read(channel, 83, "x"))
                    .hasMessageContaining("expected 16 data bytes, found 15");
        }
    }

    @Test
    void fileShorterThanTheGivenSizeIsAnIoErrorNamingTheFile() throws IOException {
        Path path = file(raw(60, "{\"t\":", new byte[0])); // the file ends inside the header
        try (var channel = java.nio.channels.FileChannel.open(path)) {
            assertThatThrownBy(() -> SafetensorsParser.read(channel, 10_000, "model.safetensors"))
                    .isInstanceOf(java.io.EOFException.class)
                    .hasMessageStartingWith("model.safetensors: file ended at byte 13");
        }
    }

    private static final String JSON_BYTES = "{}[]\",:0123456789-.e\\u ";

    /** Like the reference's fuzz target: damaged files give our exception, never another. */
    @Test
    void randomlyDamagedFilesFailOnlyWithInvalidSafetensors() throws IOException {
        byte[] valid = SafetensorsWriter.create().metadata("k", "v \u00fc")
                .tensor("a", "F16", List.of(2L, 3L), new byte[12])
                .tensor("b", "F4", List.of(4L), new byte[2])
                .toBytes();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        Path path = dir.resolve("damaged.safetensors");
        int accepted = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = valid.clone();
            int edits = 1 + random.nextInt(3);
            for (int i = 0; i < edits; i++) {
                int at = random.nextInt(bytes.length);
                bytes[at] = switch (random.nextInt(4)) {
                    case 0 -> (byte) random.nextInt(256);
                    case 1 -> (byte) JSON_BYTES.charAt(random.nextInt(JSON_BYTES.length()));
                    case 2 -> (byte) (bytes[at] ^ (1 << random.nextInt(8)));
                    default -> 0;
                };
            }
            int length = random.nextInt(10) == 0 ? random.nextInt(bytes.length + 1) : bytes.length;
            Files.write(path, Arrays.copyOf(bytes, length));
            try {
                SafetensorsParser.read(path);
                accepted++;
            } catch (InvalidSafetensorsException expected) {
                assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
            }
        }
        assertThat(accepted).as("some edits (inside padding or values) keep the file valid").isLessThan(3000);
    }

    // ------------------------------------------------------------------ the test writer itself

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {120, 121, 150, 1000, 4097, 1_048_576 * 3 + 5})
    void writeSizedWritesExactlyTheRequestedSize(long totalBytes) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("ss_output_name", "sized");
        Path path = SafetensorsWriter.writeSized(dir.resolve("sized.safetensors"), totalBytes, metadata, 42);
        assertThat(Files.size(path)).isEqualTo(totalBytes);
        SafetensorsHeader header = SafetensorsParser.read(path);
        assertThat(header.metadata()).isEqualTo(metadata);
        assertThat(header.tensors()).singleElement().satisfies(t -> {
            assertThat(t.dtype()).isEqualTo("U8");
            assertThat(t.end()).isEqualTo(totalBytes - header.dataStart());
        });
        byte[] again = Files.readAllBytes(SafetensorsWriter.writeSized(dir.resolve("again.safetensors"), totalBytes, metadata, 42));
        assertThat(again).isEqualTo(Files.readAllBytes(path));
    }
}
