package io.tensors.engine.query;

import io.tensors.api.DuplicateFile;
import io.tensors.api.DuplicateGroup;
import io.tensors.api.DuplicateGroup.Kind;
import io.tensors.api.DuplicateReport;
import io.tensors.engine.store.DupeCandidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Groups files on disk into duplicates. Paths with one {@code file_key} (device + inode: hard
 * links, and symlinks the scan resolved to their target) are one copy. A group needs two copies;
 * an AutoV3 or version group whose copies all have one SHA256 says nothing the SHA256 group does
 * not, so it is left out.
 */
final class Duplicates {
    private Duplicates() {}

    /** One inode: the first path by name stands for the others. */
    private record Copy(DupeCandidate first, List<String> others) {
        DuplicateFile file() {
            return new DuplicateFile(first.id(), first.filePath(), first.fileSize(), first.sha256(), others);
        }
    }

    static DuplicateReport find(List<DupeCandidate> candidates) {
        List<Copy> copies = copies(candidates);
        List<DuplicateGroup> groups = new ArrayList<>();
        groups.addAll(groups(copies, Kind.SAME_BYTES, c -> c.first().sha256(), false));
        groups.addAll(groups(copies, Kind.SAME_TENSORS, c -> c.first().autov3(), true));
        groups.addAll(groups(copies, Kind.SAME_VERSION,
                c -> c.first().civitaiVersionId() == null ? null : c.first().civitaiVersionId().toString(), true));
        return new DuplicateReport(groups, reclaimable(groups));
    }

    private static List<Copy> copies(List<DupeCandidate> candidates) {
        Map<String, Copy> byKey = new LinkedHashMap<>();
        List<Copy> copies = new ArrayList<>();
        for (DupeCandidate c : candidates) { // ordered by path
            String key = c.fileKey();
            Copy known = key == null ? null : byKey.get(key);
            if (known != null) {
                known.others().add(c.filePath());
                continue;
            }
            Copy copy = new Copy(c, new ArrayList<>());
            copies.add(copy);
            if (key != null) {
                byKey.put(key, copy);
            }
        }
        return copies;
    }

    private static List<DuplicateGroup> groups(List<Copy> copies, Kind kind, Function<Copy, String> key,
            boolean needSeveralSha256) {
        Map<String, List<Copy>> byKey = new LinkedHashMap<>();
        for (Copy copy : copies) {
            String k = key.apply(copy);
            if (k != null) {
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(copy);
            }
        }
        List<DuplicateGroup> groups = new ArrayList<>();
        for (Map.Entry<String, List<Copy>> e : byKey.entrySet()) {
            List<Copy> members = e.getValue();
            if (members.size() < 2) {
                continue;
            }
            if (needSeveralSha256 && members.stream().map(c -> c.first().sha256()).distinct().count() < 2) {
                continue;
            }
            long total = 0;
            long largest = 0;
            for (Copy c : members) {
                total += c.first().fileSize();
                largest = Math.max(largest, c.first().fileSize());
            }
            groups.add(new DuplicateGroup(kind, e.getKey(), label(members), members.stream().map(Copy::file).toList(),
                    total, total - largest));
        }
        groups.sort(Comparator.comparingLong(DuplicateGroup::reclaimableBytes).reversed()
                .thenComparing(g -> g.files().getFirst().filePath()));
        return groups;
    }

    private static String label(List<Copy> members) {
        for (Copy c : members) {
            if (c.first().modelName() != null) {
                return c.first().versionName() == null ? c.first().modelName()
                        : c.first().modelName() + " " + c.first().versionName();
            }
        }
        return null;
    }

    /** Groups sharing a copy are connected; each connected set keeps its largest copy. */
    private static long reclaimable(List<DuplicateGroup> groups) {
        Map<Long, Long> parent = new HashMap<>();
        Map<Long, Long> size = new HashMap<>();
        for (DuplicateGroup g : groups) {
            long first = g.files().getFirst().id();
            for (DuplicateFile f : g.files()) {
                size.put(f.id(), f.fileSize());
                parent.putIfAbsent(f.id(), f.id());
                union(parent, first, f.id());
            }
        }
        Map<Long, long[]> sets = new HashMap<>(); // root -> {total, largest}
        for (Map.Entry<Long, Long> e : size.entrySet()) {
            long[] s = sets.computeIfAbsent(root(parent, e.getKey()), r -> new long[2]);
            s[0] += e.getValue();
            s[1] = Math.max(s[1], e.getValue());
        }
        long total = 0;
        for (long[] s : sets.values()) {
            total += s[0] - s[1];
        }
        return total;
    }

    private static long root(Map<Long, Long> parent, long id) {
        long r = id;
        while (parent.get(r) != r) {
            r = parent.get(r);
        }
        parent.put(id, r);
        return r;
    }

    private static void union(Map<Long, Long> parent, long a, long b) {
        parent.putIfAbsent(a, a);
        long ra = root(parent, a);
        long rb = root(parent, b);
        if (ra != rb) {
            parent.put(rb, ra);
        }
    }
}
