package io.tensors.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.SafetensorsHeader;
import io.tensors.engine.plugin.PluginRegistry;
import io.tensors.engine.format.Formats;
import io.tensors.plugins.safetensors.SafetensorsParser;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hashing session fed in chunks of any size gives the hashes of the channel read. */
class HashSessionTest {
    static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    HashPipeline pipeline;
    Path file;
    byte[] bytes;

    @BeforeEach
    void setUp() throws Exception {
        PluginRegistry plugins = PluginRegistry.load(getClass().getClassLoader());
        List<HashAlgorithm> defaults = plugins.resolveHashes(List.of("SHA256", "AutoV1", "AutoV2", "AutoV3", "CRC32", "BLAKE3"));
        pipeline = new HashPipeline(defaults, new Formats(plugins.formats()));
        Map<String, String> meta = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            meta.put("key_" + i, "a value long enough to make the header several kilobytes " + i);
        }
        // over 1 MiB + 64 KiB, so every default hash (AutoV1 too) is defined
        file = SafetensorsWriter.writeSized(dir.resolve("m.safetensors"), 2 * MIB + 12_345, meta, 7);
        bytes = Files.readAllBytes(file);
    }

    Map<String, String> viaChannel() throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SafetensorsHeader header = SafetensorsParser.read(channel, channel.size(), file.toString());
            return pipeline.hash(channel, new FileLayout(channel.size(), header.dataStart()),
                    ByteBuffer.allocateDirect(HashPipeline.CHUNK_BYTES), n -> {});
        }
    }

    /** Feeds the file in chunks of the given sizes, the last size repeated to the end. */
    static void feed(HashSession session, byte[] bytes, int... sizes) {
        int offset = 0;
        for (int i = 0; offset < bytes.length; i++) {
            int n = Math.min(sizes[Math.min(i, sizes.length - 1)], bytes.length - offset);
            ByteBuffer chunk = ByteBuffer.wrap(bytes, offset, n);
            session.update(chunk);
            assertThat(chunk.hasRemaining()).isFalse();
            offset += n;
        }
    }

    @Test
    void chunksOfOneSevenAndOneMebibyteGiveTheChannelsHashesBeforeAndAfterTheFormatIsKnown() throws Exception {
        Map<String, String> expected = viaChannel();
        assertThat(expected).containsOnlyKeys(pipeline.types());
        SafetensorsHeader header = SafetensorsParser.read(file);
        assertThat(header.dataStart()).isGreaterThan(7 * 1000); // many 1- and 7-byte updates before the header is whole
        for (int[] sizes : List.of(new int[] {1}, new int[] {7}, new int[] {MIB}, new int[] {5, MIB}, new int[] {3, 7, 65_537})) {
            HashSession unknown = pipeline.session(bytes.length);
            feed(unknown, bytes, sizes);
            assertThat(unknown.format()).contains("safetensors");
            assertThat(unknown.finish()).as("format learned, AutoV3 finds 8+N itself, chunks %s", sizes).isEqualTo(expected);

            HashSession known = pipeline.session(new FileLayout(bytes.length, header.dataStart()));
            feed(known, bytes, sizes);
            assertThat(known.finish()).as("layout given, chunks %s", sizes).isEqualTo(expected);
        }
    }

    @Test
    void aDirectChunkGivesTheSameHashes() throws Exception {
        HashSession session = pipeline.session(bytes.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        session.update(direct);
        assertThat(session.finish()).isEqualTo(viaChannel());
    }

    @Test
    void aFileThatEndsWithItsHeaderIsHashedFromItsLastUpdate() throws Exception {
        Path headerOnly = SafetensorsWriter.create().metadata("a", "b").write(dir.resolve("empty.safetensors"));
        file = headerOnly;
        byte[] all = Files.readAllBytes(headerOnly);
        HashSession session = pipeline.session(all.length);
        feed(session, all, 3);
        assertThat(session.finish()).isEqualTo(viaChannel());
    }

    @Test
    void aStreamNoFormatRecognisesGetsEveryHashButAutoV3() throws Exception {
        byte[] other = new byte[3 * MIB];
        new java.util.Random(3).nextBytes(other);
        other[0] = 'P'; // not a plausible safetensors length field
        file = Files.write(dir.resolve("other.bin"), other);
        HashSession session = pipeline.session(other.length);
        feed(session, other, 7, MIB);
        assertThat(session.format()).contains(Formats.UNKNOWN);
        Map<String, String> hashes = session.finish();
        assertThat(hashes).doesNotContainKey("AutoV3").containsKeys("SHA256", "AutoV1", "AutoV2", "CRC32", "BLAKE3");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThat(hashes).isEqualTo(pipeline.hash(channel, new FileLayout(other.length, 0, Formats.UNKNOWN),
                    ByteBuffer.allocateDirect(HashPipeline.CHUNK_BYTES), n -> {}));
        }
    }

    @Test
    void aStreamThatLooksLikeSafetensorsButLiesAboutItsLengthHasNoAutoV3() {
        byte[] lying = SafetensorsWriter.raw(5000, "{\"w\": 1}", new byte[0]); // N passes the end
        HashSession session = pipeline.session(lying.length);
        feed(session, lying, 1);
        assertThat(session.format()).contains("safetensors");
        assertThat(session.finish()).doesNotContainKey("AutoV3").containsKey("SHA256");
    }

    @Test
    void tooFewOrTooManyBytesAreTheCallersMistake() {
        HashSession short_ = pipeline.session(bytes.length);
        short_.update(ByteBuffer.wrap(bytes, 0, MIB));
        assertThatThrownBy(short_::finish).isInstanceOf(IllegalStateException.class)
                .hasMessage("the file ended at byte " + MIB + " of " + bytes.length);

        HashSession tooMany = pipeline.session(bytes.length - 1);
        assertThatThrownBy(() -> tooMany.update(ByteBuffer.wrap(bytes))).isInstanceOf(IllegalStateException.class);
    }
}
