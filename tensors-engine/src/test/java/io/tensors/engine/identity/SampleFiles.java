package io.tensors.engine.identity;

import io.tensors.api.ModelHeader;
import io.tensors.api.TensorEntry;
import io.tensors.engine.format.Formats;
import io.tensors.engine.plugin.PluginRegistry;
import io.tensors.plugins.gguf.GgmlType;
import io.tensors.plugins.gguf.GgufWriter;
import io.tensors.plugins.testing.SafetensorsWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes a {@link Samples.Sample} as a real file of its format, as published files have it: a .safetensors header
 * with sparse data of the right size (so a Flux header costs no disk), a GGUF with its metadata and sparse F16 data,
 * or a pickled state dict ({@link PickleStateDict}); and reads it back with the built-in formats.
 */
public final class SampleFiles {
    private static final Formats FORMATS = new Formats(PluginRegistry.load(SampleFiles.class.getClassLoader()).formats());

    private SampleFiles() {}

    public static Path write(Samples.Sample sample, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return switch (sample.format()) {
            case "gguf" -> gguf(sample, file);
            case "pickle" -> Files.write(file, PickleStateDict.of(sample.tensors(), sample.name().contains("checkpoint")));
            default -> safetensors(sample, file);
        };
    }

    private static Path safetensors(Samples.Sample sample, Path file) throws IOException {
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
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(0);
            out.write(SafetensorsWriter.lengthField(header.length));
            out.write(header);
            out.setLength(8L + header.length + data);
        }
        return file;
    }

    /** The sample's metadata as GGUF strings, its tensors as F16 with the sample's dimensions (ggml order). */
    private static Path gguf(Samples.Sample sample, Path file) throws IOException {
        GgufWriter writer = new GgufWriter();
        for (Map.Entry<String, String> e : sample.metadata().entrySet()) {
            writer.kv(e.getKey(), GgufWriter.Value.string(e.getValue()));
        }
        for (TensorEntry t : sample.tensors()) {
            writer.tensor(t.name(), GgmlType.F16, t.shape().stream().mapToLong(BigInteger::longValueExact).toArray());
        }
        return writer.write(file);
    }

    /** @return the header the built-in formats read from the file */
    public static ModelHeader read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return FORMATS.read(channel, channel.size(), file.getFileName().toString());
        }
    }

    /** @return a file name for the sample: its name with unsafe characters replaced, and its format's ending */
    public static String fileName(Samples.Sample sample) {
        String ending = switch (sample.format()) {
            case "gguf" -> ".gguf";
            case "pickle" -> sample.name().contains("checkpoint") ? ".ckpt" : ".pt";
            default -> ".safetensors";
        };
        return sample.name().replaceAll("[^\\p{L}\\p{N}._ -]+", "_") + ending;
    }
}
