package io.tensors.engine.scan;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.TensorsPlugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test-only plugin: its "mutate" hash rewrites the file it is hashing (the first time it sees a
 * chunk), so a test can check that a file changed during the read is not stored with a wrong hash;
 * its "test-explode" hash throws while hashing {@link #explodeOn}. Only used when a test asks for them
 * with --hashes mutate or explode.
 */
public final class FileMutatingPlugin implements TensorsPlugin {
    /** The file the mutate hash changes; set by the test. */
    public static volatile Path target;
    /** The file the explode hash throws on; set by the test. */
    public static volatile Path explodeOn;

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public List<HashAlgorithm> hashAlgorithms() {
        return List.of(mutate(), explode());
    }

    private static HashAlgorithm explode() {
        return new HashAlgorithm() {
            @Override
            public String id() {
                return "test-explode";
            }

            @Override
            public String type() {
                return "TestExplode";
            }

            @Override
            public FileHasher newHasher(FileLayout layout) {
                boolean throwing = explodeOn != null && layout.size() == sizeOf(explodeOn);
                return new FileHasher() {
                    @Override
                    public void update(long offset, ByteBuffer chunk) {
                        if (throwing) {
                            throw new IllegalStateException("explode: boom");
                        }
                    }

                    @Override
                    public Optional<String> finish(Map<String, String> required) {
                        return Optional.of("1");
                    }
                };
            }
        };
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HashAlgorithm mutate() {
        return new HashAlgorithm() {
            @Override
            public String id() {
                return "mutate";
            }

            @Override
            public String type() {
                return "Mutate";
            }

            @Override
            public FileHasher newHasher(FileLayout layout) {
                return new FileHasher() {
                    boolean done;

                    @Override
                    public void update(long offset, ByteBuffer chunk) {
                        Path file = target;
                        if (!done && file != null) {
                            done = true;
                            try {
                                // same size, other last byte: a valid file whose hash is no longer the one being computed
                                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                                    channel.write(ByteBuffer.wrap(new byte[] {(byte) 0xA5}), layout.size() - 1);
                                }
                                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    }

                    @Override
                    public Optional<String> finish(Map<String, String> required) {
                        return Optional.of("0");
                    }
                };
            }
        };
    }
}
