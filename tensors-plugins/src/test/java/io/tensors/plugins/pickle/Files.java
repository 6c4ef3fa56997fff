package io.tensors.plugins.pickle;

import io.tensors.api.ModelHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads test files through the format as the engine does: a channel and its size. */
final class Files {
    private Files() {}

    static ModelHeader read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new PickleFormat().read(channel, channel.size());
        }
    }

    static ModelHeader read(Path dir, String name, byte[] bytes) throws IOException {
        return read(write(dir, name, bytes));
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        java.nio.file.Files.write(file, bytes);
        return file;
    }

    static boolean probe(byte[] first) {
        PickleFormat format = new PickleFormat();
        return format.probe(ByteBuffer.wrap(first, 0, Math.min(first.length, format.probeBytes())));
    }
}
