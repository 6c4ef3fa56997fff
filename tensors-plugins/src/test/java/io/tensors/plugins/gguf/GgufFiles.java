package io.tensors.plugins.gguf;

import io.tensors.api.ModelHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/** Reads bytes written by {@link GgufWriter} through {@link GgufFormat}, from a file in a test's temp dir. */
final class GgufFiles {
    private final Path dir;
    private final AtomicInteger n = new AtomicInteger();

    GgufFiles(Path dir) {
        this.dir = dir;
    }

    ModelHeader read(GgufWriter writer) {
        return read(writer.toBytes());
    }

    ModelHeader read(byte[] bytes) {
        try {
            Path file = Files.write(dir.resolve("f" + n.incrementAndGet() + ".gguf"), bytes);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                return new GgufFormat().read(channel, channel.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
