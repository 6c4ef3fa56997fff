package io.tensors.plugins.gguf;

import io.tensors.api.ModelHeader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Not a test: the header parse time of an LLM-shaped GGUF whose vocabulary arrays hold N strings
 * (default 150,000 tokens, N - 1000 merges, N scores and N token types), read by {@link GgufFormat}
 * from a file in the page cache. Usage:
 *
 * <pre>
 * mvn -q -o -pl tensors-plugins -am test-compile
 * java -cp tensors-plugins/target/test-classes:tensors-plugins/target/classes:tensors-api/target/classes \
 *     io.tensors.plugins.gguf.GgufHeaderBenchmark [N] [RUNS]
 * </pre>
 */
public final class GgufHeaderBenchmark {
    private GgufHeaderBenchmark() {}

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 150_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path file = Files.createTempFile("tsr-gguf-bench", ".gguf");
        try {
            Vocabulary.model(n).write(file);
            long size = Files.size(file);
            for (int i = 0; i < 20; i++) {
                read(file); // warm-up
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            double[] ms = new double[runs];
            double[] cpu = new double[runs];
            ModelHeader header = null;
            for (int i = 0; i < runs; i++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                header = read(file);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
            }
            Arrays.sort(ms);
            Arrays.sort(cpu);
            System.out.printf("%s %s%n", System.getProperty("java.vm.name"), Runtime.version());
            System.out.printf("GGUF header with %,d tokens, %,d merges, scores and token types: %,d header bytes,"
                    + " %d metadata entries%n", n, n - 1000, header.headerSize(), header.metadata().size());
            System.out.printf("header parse, %d runs after 20 warm-up: median %.2f ms, best %.2f ms, worst %.2f ms"
                    + " (%.0f MB/s at the median)%n", runs, ms[runs / 2], ms[0], ms[runs - 1],
                    header.headerSize() / 1e6 / (ms[runs / 2] / 1e3));
            System.out.printf("thread CPU time (what a busy machine does not inflate): median %.2f ms, best %.2f ms%n",
                    cpu[runs / 2], cpu[0]);
            System.out.printf("tokens: %s%n", header.metadata().get("tokenizer.ggml.tokens"));
        } finally {
            Files.delete(file);
        }
    }

    private static ModelHeader read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new GgufFormat().read(channel, channel.size());
        }
    }
}
