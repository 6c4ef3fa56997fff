package io.tensors.engine.identity;

import io.tensors.api.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Not a test: writes every sample header (samples.txt) as a .safetensors file with sparse data, reads it back with
 * the real parser, identifies it, and prints a Markdown table of architecture x kind with how many test files were
 * recognised (both values right) out of how many; GGUF samples, which have no writer here, are identified from their
 * header values alone and counted apart. Usage: {@code java -cp <test classpath> io.tensors.engine.identity.IdentityTable}.
 */
public final class IdentityTable {
    private IdentityTable() {}

    public static void main(String[] args) throws Exception {
        Identifier identifier = new Identifier(RuleSet.builtIn());
        Path dir = Files.createTempDirectory("tsr-identity-table");
        Map<String, Map<String, int[]>> table = new TreeMap<>();
        List<String> kinds = new ArrayList<>(Kinds.ids());
        List<String> wrong = new ArrayList<>();
        int files = 0;
        int gguf = 0;
        try {
            for (Samples.Sample s : Samples.all()) {
                Identity identity;
                if (s.format().equals("safetensors")) {
                    Path file = SampleFiles.write(s, dir.resolve(SampleFiles.fileName(s)));
                    identity = SampleFilesTest.identify(file);
                    files++;
                } else {
                    identity = identifier.identify(s.format(), s.metadata(), TensorDigest.of(s.tensors()), s.name());
                    gguf++;
                }
                boolean right = java.util.Objects.equals(identity.kind(), s.kind())
                        && java.util.Objects.equals(identity.architecture(), s.architecture());
                String arch = s.architecture() == null ? "(none)" : s.architecture();
                String kind = s.kind() == null ? "(none)" : s.kind();
                if (!kinds.contains(kind)) {
                    kinds.add(kind);
                }
                int[] cell = table.computeIfAbsent(arch, k -> new LinkedHashMap<>()).computeIfAbsent(kind, k -> new int[2]);
                cell[1]++;
                if (right) {
                    cell[0]++;
                } else {
                    wrong.add(s.name() + ": got " + identity.kind() + " / " + identity.architecture());
                }
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        List<String> used = kinds.stream().filter(k -> table.values().stream().anyMatch(row -> row.containsKey(k))).toList();
        StringBuilder head = new StringBuilder("| architecture |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String k : used) {
            head.append(' ').append(k).append(" |");
            rule.append("---|");
        }
        System.out.println(head);
        System.out.println(rule);
        int right = 0;
        int total = 0;
        for (Map.Entry<String, Map<String, int[]>> row : table.entrySet()) {
            StringBuilder line = new StringBuilder("| " + row.getKey() + " |");
            for (String k : used) {
                int[] cell = row.getValue().get(k);
                line.append(' ').append(cell == null ? "" : cell[0] + "/" + cell[1]).append(" |");
                if (cell != null) {
                    right += cell[0];
                    total += cell[1];
                }
            }
            System.out.println(line);
        }
        System.out.printf("%n%d of %d samples recognised (%d written as .safetensors files and read back, %d GGUF headers from"
                + " their values); %d rules%n", right, total, files, gguf, identifier.rules().rules().size());
        wrong.forEach(w -> System.out.println("NOT RECOGNISED " + w));
    }
}
