package io.tensors.engine.testing;

import io.tensors.engine.plugin.PluginJars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A plugin jar of small fake model formats, so the engine and the shell can be tested with formats
 * other than safetensors without the real parsers: {@code fakegguf} (files starting {@code FGG1},
 * ending {@code .fgg}: GGUF-like metadata and two tensors), {@code fakepickle} (files starting
 * {@code FPKL}, endings {@code .fpk} and {@code .bin}: dangerous, imports {@code os.system}), and in a plugin of its
 * own {@code boom} (ending {@code .boom}: its probe throws on content starting {@code BOOM}).
 */
public final class FakeFormats {
    private static final String FORMATS = """
            public int apiVersion() { return API_VERSION; }
            public String name() { return "fake-formats"; }
            static boolean starts(ByteBuffer b, String magic) {
                if (b.remaining() < magic.length()) return false;
                for (int i = 0; i < magic.length(); i++) if (b.get(b.position() + i) != magic.charAt(i)) return false;
                return true;
            }
            static void check(java.nio.channels.FileChannel ch, long size, String magic) throws IOException {
                ByteBuffer b = ByteBuffer.allocate((int) Math.min(4, size));
                while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {}
                if (!starts(b.flip(), magic)) throw new TensorsException(ErrorCode.BAD_INPUT, "does not start with " + magic);
            }
            static java.math.BigInteger n(long v) { return java.math.BigInteger.valueOf(v); }
            public List<ModelFormat> modelFormats() {
                return List.of(new ModelFormat() {
                    public String id() { return "fakegguf"; }
                    public Set<String> endings() { return Set.of(".fgg"); }
                    public int probeBytes() { return 4; }
                    public boolean probe(ByteBuffer first) { return starts(first, "FGG1"); }
                    public ModelHeader read(java.nio.channels.FileChannel ch, long size) throws IOException {
                        check(ch, size, "FGG1");
                        Map<String, String> meta = new LinkedHashMap<>();
                        meta.put("general.architecture", "flux");
                        meta.put("general.name", "Fake Flux");
                        meta.put("general.file_type", "15");
                        meta.put("tokenizer.ggml.tokens", "array of 150000 string");
                        return ModelHeader.ofData("fakegguf", 64, Math.min(64, size), List.of(
                                new TensorEntry("blk.0.w", "Q4_K", List.of(n(256), n(8)), 0, 1152),
                                new TensorEntry("blk.0.b", "F32", List.of(n(3)), 1152, 1164)), meta);
                    }
                }, new ModelFormat() {
                    public String id() { return "fakepickle"; }
                    public Set<String> endings() { return Set.of(".fpk", ".bin"); }
                    public boolean probe(ByteBuffer first) { return starts(first, "FPKL"); }
                    public ModelHeader read(java.nio.channels.FileChannel ch, long size) throws IOException {
                        check(ch, size, "FPKL");
                        return new ModelHeader("fakepickle", size, -1, -1, List.of(), Map.of("pickle.protocol", "2"),
                                ModelHeader.Safety.DANGEROUS, List.of("collections.OrderedDict", "os.system"),
                                List.of(new ModelHeader.Finding(ModelHeader.Severity.DANGER, "imports os.system")));
                    }
                });
            }
            """;

    private static final String BOOM = """
            public int apiVersion() { return API_VERSION; }
            public String name() { return "boom"; }
            public List<ModelFormat> modelFormats() {
                return List.of(new ModelFormat() {
                    public String id() { return "boom"; }
                    public Set<String> endings() { return Set.of(".boom"); }
                    public boolean probe(ByteBuffer first) {
                        if (first.remaining() >= 4 && first.get(first.position()) == 'B' && first.get(first.position() + 1) == 'O')
                            throw new IllegalStateException("the probe broke");
                        return false;
                    }
                    public ModelHeader read(java.nio.channels.FileChannel ch, long size) { throw new IllegalStateException("never read"); }
                });
            }
            """;

    private FakeFormats() {}

    /** Writes the plugin jar; returns {@code jar}. */
    public static Path jar(Path jar) throws IOException {
        return PluginJars.builder()
                .source("fake.Formats", PluginJars.plugin("fake.Formats", FORMATS)).provider("fake.Formats")
                .source("fake.Boom", PluginJars.plugin("fake.Boom", BOOM)).provider("fake.Boom")
                .write(jar);
    }

    /** A fake GGUF of {@code size} bytes (at least 64). */
    public static Path gguf(Path file, int size, int seed) throws IOException {
        return write(file, "FGG1", size, seed);
    }

    /** A fake dangerous pickle of {@code size} bytes. */
    public static Path pickle(Path file, int size, int seed) throws IOException {
        return write(file, "FPKL", size, seed);
    }

    private static Path write(Path file, String magic, int size, int seed) throws IOException {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        byte[] head = magic.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, bytes, 0, head.length);
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, Arrays.copyOf(bytes, size));
    }
}
