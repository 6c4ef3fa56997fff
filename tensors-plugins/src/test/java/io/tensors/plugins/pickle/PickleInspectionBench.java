package io.tensors.plugins.pickle;

import io.tensors.api.ModelHeader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Inspection time of a 4 GB zip-format checkpoint (a sparse file: 1,100 tensors in 1,100 stored
 * storage entries, Zip64, a torch-shaped data.pkl of protocol 2). Only the directory and data.pkl
 * are read. Not a test; run by hand:
 *
 * <pre>
 * mvn -o -q -pl tensors-plugins -am test-compile
 * mvn -o -q -pl tensors-plugins dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp tensors-plugins/target/classes:tensors-plugins/target/test-classes:tensors-api/target/classes:$(cat /tmp/cp.txt) \
 *     io.tensors.plugins.pickle.PickleInspectionBench [DIR]
 * </pre>
 */
public final class PickleInspectionBench {
    private static final int TENSORS = 1100;
    private static final long TOTAL = 4_000_000_000L;
    private static final int ROUNDS = Integer.getInteger("rounds", 200);

    private PickleInspectionBench() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory(args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir")),
                "pickle-bench");
        Path file = dir.resolve("sd-like-4gb.ckpt");
        try {
            byte[] pkl = stateDict();
            TorchZip zip = new TorchZip();
            zip.add("archive/data.pkl", pkl);
            zip.add("archive/byteorder", "little".getBytes());
            long each = TOTAL / TENSORS / 2 * 2;
            for (int i = 0; i < TENSORS; i++) {
                zip.addSparse("archive/data/" + i, each);
            }
            zip.add("archive/version", "3\n".getBytes());
            zip.write(file);

            long t0 = System.nanoTime();
            ModelHeader header = read(file);
            double first = (System.nanoTime() - t0) / 1e6;
            double best = Double.MAX_VALUE;
            for (int i = 0; i < ROUNDS; i++) {
                long t = System.nanoTime();
                read(file);
                best = Math.min(best, (System.nanoTime() - t) / 1e6);
            }
            System.out.printf("%s %s%n", System.getProperty("java.vm.name"), Runtime.version());
            System.out.printf("file %,d bytes (sparse), %d entries, data.pkl %,d bytes, %d tensors, safety %s%n",
                    Files.size(file), TENSORS + 3, pkl.length, header.tensorCount(), header.safety().text());
            System.out.printf("inspection: first %.1f ms (JIT cold), best of %d runs %.2f ms%n", first, ROUNDS, best);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static ModelHeader read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new PickleFormat().read(channel, channel.size());
        }
    }

    /** An SD-shaped state dict as torch.save writes it: memoized globals, one storage per tensor. */
    private static byte[] stateDict() {
        long elements = TOTAL / TENSORS / 2;
        Pickles p = Pickles.protocol(2).op('}').binput(0).str("state_dict").global("collections", "OrderedDict")
                .binput(1).op(')').reduce().mark();
        int memo = 2;
        for (int i = 0; i < TENSORS; i++) {
            p.str("model.diffusion_model.input_blocks." + (i / 40) + ".1.transformer_blocks.0.attn" + (i % 40) + ".weight");
            if (i == 0) {
                p.global("torch._utils", "_rebuild_tensor_v2").binput(memo++);
            } else {
                p.binget(2);
            }
            p.mark().mark().str("storage");
            if (i == 0) {
                p.global("torch", "HalfStorage").binput(memo++);
            } else {
                p.binget(3);
            }
            p.str(Integer.toString(i)).str("cpu").op('J').le(elements, 4).tuple().op('Q')
                    .int1(0).op('J').le(elements / 320, 4).op('M').le(320, 2).op(0x86)
                    .op('M').le(320, 2).int1(1).op(0x86).op(0x89).binget(1).op(')').reduce().tuple().reduce();
        }
        return p.op('u').op('s').stop().bytes();
    }
}
