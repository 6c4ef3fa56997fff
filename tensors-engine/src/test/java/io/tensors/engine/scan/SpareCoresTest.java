package io.tensors.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.IdleCores;
import io.tensors.engine.format.Formats;
import io.tensors.engine.plugin.PluginRegistry;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file's hashers side by side on spare cores give the hashes of one thread, each hasher fed in order, alone. */
class SpareCoresTest {
    static final int MIB = 1 << 20;
    /** Chunks this size and up go side by side. */
    static final int CHUNK = HashSession.SIDE_BY_SIDE_BYTES;

    @Test
    void hashersSideBySideGiveTheHashesOfOneThread(@TempDir Path dir) throws Exception {
        PluginRegistry plugins = PluginRegistry.load(getClass().getClassLoader());
        List<HashAlgorithm> algorithms = plugins.resolveHashes(List.of("SHA256", "AutoV1", "AutoV2", "AutoV3", "CRC32", "BLAKE3"));
        Formats formats = new Formats(plugins.formats());
        byte[] bytes = Files.readAllBytes(SafetensorsWriter.writeSized(dir.resolve("m.safetensors"), 9L * MIB + 77, Map.of("a", "b"), 5));
        for (int[] sizes : List.of(new int[] {MIB}, new int[] {7, 65_537, CHUNK + 3}, new int[] {3 * MIB})) {
            HashSession alone = new HashPipeline(algorithms, formats, SpareCores.NONE).session(bytes.length);
            HashSessionTest.feed(alone, bytes, sizes);
            HashSession sideBySide = new HashPipeline(algorithms, formats, new SpareCores(4)).session(bytes.length);
            HashSessionTest.feed(sideBySide, bytes, sizes);
            assertThat(sideBySide.finish()).as("chunks %s", sizes).isEqualTo(alone.finish()).containsKeys("SHA256", "AutoV3", "BLAKE3");
        }
    }

    @Test
    void aHasherGetsTheIdleCoresAndAReaderHoldingTheOnlyOtherCoreLeavesItNone() {
        List<IdleCores> given = new ArrayList<>();
        HashAlgorithm asking = new HashAlgorithm() {
            @Override
            public String id() {
                return "asking";
            }

            @Override
            public String type() {
                return "ASKING";
            }

            @Override
            public FileHasher newHasher(FileLayout layout) {
                throw new AssertionError("the engine asks with its idle cores");
            }

            @Override
            public FileHasher newHasher(FileLayout layout, IdleCores idle) {
                given.add(idle);
                return new FileHasher() {
                    @Override
                    public void update(long offset, ByteBuffer chunk) {}

                    @Override
                    public Optional<String> finish(Map<String, String> required) {
                        return Optional.of("x");
                    }
                };
            }
        };
        SpareCores two = new SpareCores(2);
        new HashPipeline(List.of(asking), new Formats(List.of()), two).session(new FileLayout(10, 0, Formats.UNKNOWN));
        assertThat(given).hasSize(1);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Runnable where = () -> threads.add(Thread.currentThread().getName());
        given.getFirst().runAll(List.of(where, where));
        assertThat(threads).as("one task on the idle core").hasSize(2).anyMatch(t -> t.startsWith("tsr-hash-helper"));
        threads.clear();
        try (HashSession.Hashing reader = two.hashing(); HashSession.Hashing other = two.hashing()) {
            given.getFirst().runAll(List.of(where, where)); // both cores hash files of their own: nothing is lent
        }
        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void eachHasherSeesItsChunksInOrderOneThreadAtATimeAndHelpersTakePart() {
        List<Recording> recordings = new ArrayList<>();
        List<HashAlgorithm> algorithms = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Recording r = new Recording("R" + i);
            recordings.add(r);
            algorithms.add(r);
        }
        HashSession session = new HashPipeline(algorithms, new Formats(List.of()), new SpareCores(4))
                .session(new FileLayout(64L * CHUNK, 0, Formats.UNKNOWN));
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        for (int i = 0; i < 64; i++) {
            session.update(chunk.clear());
        }
        assertThat(session.finish()).hasSize(4);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        for (Recording r : recordings) {
            assertThat(r.offsets).as(r.type()).hasSize(64);
            for (int i = 0; i < 64; i++) {
                assertThat(r.offsets.get(i)).isEqualTo(i * (long) CHUNK);
            }
            assertThat(r.overlapped).as("entered by two threads at once").isFalse();
            threads.addAll(r.threads);
        }
        assertThat(threads).as("some chunks hashed on a spare core").anyMatch(t -> t.startsWith("tsr-hash-helper"));
    }

    @Test
    void aHasherThatFailsOnASpareCoreFailsTheUpdateOnceTheOthersAreDone() {
        Recording fine = new Recording("FINE");
        HashAlgorithm broken = new Recording("BROKEN") {
            @Override
            public FileHasher newHasher(FileLayout layout) {
                return new FileHasher() {
                    @Override
                    public void update(long offset, ByteBuffer chunk) {
                        throw new IllegalStateException("broken hasher");
                    }

                    @Override
                    public Optional<String> finish(Map<String, String> required) {
                        return Optional.empty();
                    }
                };
            }
        };
        HashSession session = new HashPipeline(List.of(broken, fine), new Formats(List.of()), new SpareCores(2))
                .session(new FileLayout(CHUNK, 0, Formats.UNKNOWN));
        assertThatThrownBy(() -> session.update(ByteBuffer.allocate(CHUNK))).hasMessage("broken hasher");
        assertThat(fine.offsets).containsExactly(0L);
    }

    /** A hash that records the offsets and threads of its updates. */
    static class Recording implements HashAlgorithm {
        final String type;
        final List<Long> offsets = new ArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        volatile boolean overlapped;
        final AtomicBoolean inside = new AtomicBoolean();

        Recording(String type) {
            this.type = type;
        }

        @Override
        public String id() {
            return type.toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public FileHasher newHasher(FileLayout layout) {
            return new FileHasher() {
                @Override
                public void update(long offset, ByteBuffer chunk) {
                    if (!inside.compareAndSet(false, true)) {
                        overlapped = true;
                    }
                    offsets.add(offset);
                    threads.add(Thread.currentThread().getName());
                    chunk.position(chunk.limit());
                    Thread.onSpinWait();
                    inside.set(false);
                }

                @Override
                public Optional<String> finish(Map<String, String> required) {
                    return Optional.of("0");
                }
            };
        }
    }
}
