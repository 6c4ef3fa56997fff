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
 * Not a test: writes every sample header (samples.txt) as a file of its format (safetensors, GGUF, pickle) with
 * sparse data, reads it back with the built-in formats, identifies it, and prints a Markdown table of architecture x
 * kind with how many test files were recognised (both values right) out of how many. Usage: {@code java -cp <test classpath> io.tensors.engine.identity.IdentityTable}.
 */
public final class IdentityTable {
    private IdentityTable() {}

    public static void main(String[] args) throws Exception {
        Identifier identifier = new Identifier(RuleSet.builtIn());
        Map<String, Integer> byFormat = new TreeMap<>();
        Path dir = Files.createTempDirectory("tsr-identity-table");
        Map<String, Map<String, int[]>> table = new TreeMap<>();
        List<String> kinds = new ArrayList<>(Kinds.ids());
        List<String> wrong = new ArrayList<>();
        try {
            for (Samples.Sample s : Samples.all()) {
                Path file = SampleFiles.write(s, dir.resolve(SampleFiles.fileName(s)));
                Identity identity = SampleFilesTest.identify(file);
                byFormat.merge(s.format(), 1, Integer::sum);
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
        System.out.printf("%n%d of %d sample files recognised (written and read back, by format: %s); %d rules%n", right, total,
                byFormat, identifier.rules().rules().size());
        wrong.forEach(w -> System.out.println("NOT RECOGNISED " + w));
    }
}
