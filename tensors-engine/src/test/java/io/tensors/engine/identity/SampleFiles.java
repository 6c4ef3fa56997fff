package io.tensors.engine.identity;

import io.tensors.api.TensorEntry;
import io.tensors.engine.testing.SafetensorsWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link Samples.Sample} as a real .safetensors file: its header as published files have it, and data of
 * the right size that is sparse (zeros the file system does not store), so a Flux header costs no disk.
 */
public final class SampleFiles {
    private SampleFiles() {}

    public static Path write(Samples.Sample sample, Path file) throws IOException {
        SafetensorsWriter writer = SafetensorsWriter.create();
        if (!sample.metadata().isEmpty()) {
            writer.metadata(new java.util.TreeMap<>(sample.metadata()));
        }
        long data = 0;
        for (TensorEntry t : sample.tensors()) {
            long bytes = Samples.Sample.bytes(t);
            writer.tensor(t.name(), "F16", t.shape().stream().map(BigInteger::longValueExact).toList(), bytes);
            data += bytes;
        }
        byte[] header = writer.header();
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(0);
            out.write(SafetensorsWriter.lengthField(header.length));
            out.write(header);
            out.setLength(8L + header.length + data);
        }
        return file;
    }

    /** @return a file name for the sample: its name with unsafe characters replaced */
    public static String fileName(Samples.Sample sample) {
        return sample.name().replaceAll("[^\\p{L}\\p{N}._ -]+", "_") + ".safetensors";
    }
}
