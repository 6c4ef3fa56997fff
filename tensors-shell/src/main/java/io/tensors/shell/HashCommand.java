package io.tensors.shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tsr hash FILE}: a file's hashes from one read, without touching the catalog. */
@Command(name = "hash",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr hash model.safetensors", "  tsr hash embedding.pt --json"}, mixinStandardHelpOptions = true, description = "Print a file's hashes (as CivitAI computes them), from one read of it.")
final class HashCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--hashes", split = ",", paramLabel = "H[,H...]",
            description = "Hashes to compute (default: SHA256,AutoV1,AutoV2,AutoV3,CRC32; also BLAKE3).")
    List<String> hashes = new ArrayList<>();

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Environment env = Commands.root(spec).environment();
        Map<String, String> values = Commands.root(spec).catalog().hash(file, hashes);
        if (json.on) {
            env.out().println(Json.write(values));
        } else {
            values.forEach((type, value) -> env.out().printf("%-7s %s%n", type, value));
        }
        env.out().flush();
        return 0;
    }
}
