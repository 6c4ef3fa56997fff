package io.tensors.engine.scan;

import io.tensors.engine.store.KnownFile;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a scan must do, decided from the catalog's rows and the walk alone, before any file is read:
 * which files are unchanged, which moved (same size, mtime and file key at a new path), which must be
 * read, and which rows the walk did not meet. A file's content is not known here, so the rows a read
 * file may take by its SHA256 are only offered ({@link #vanishedBySha}); the writer decides.
 */
final class ScanPlan {
    /** What a row with no {@code hashed_types} (cataloged before they were recorded) was read for. */
    static final Set<String> DEFAULT_TYPES = Set.copyOf(Scanner.DEFAULT_HASHES);

    /** A file found at a new path with the size, mtime and file key of a row whose file is gone. */
    record Move(long id, FoundFile file) {}

    private final List<Long> unchanged = new ArrayList<>();
    private final List<Move> moves = new ArrayList<>();
    private final List<FoundFile> toRead = new ArrayList<>();
    /** The rows at the paths of files to read: those files are changed, not new. */
    private final Map<String, KnownFile> readAgain = new HashMap<>();
    /** Of those, the rows whose file looks the same, read again only for types it was not read for. */
    private final Set<String> forMoreTypes = new HashSet<>();
    private final Map<String, List<KnownFile>> vanishedBySha = new LinkedHashMap<>();
    private final List<KnownFile> notFound = new ArrayList<>();

    /**
     * @param known the catalog's rows
     * @param found the files the walk met, each path once
     * @param roots the scanned roots, absolute: only a row under them can be missing or taken by content
     * @param types the hash types this scan computes
     * @param exists whether a path not met by the walk still names a file (one outside the roots, or
     *     one the walk could not take): such a row is neither moved nor missing
     */
    ScanPlan(List<KnownFile> known, List<FoundFile> found, List<Path> roots, Set<String> types, Predicate<String> exists) {
        Map<String, KnownFile> knownByPath = new HashMap<>();
        for (KnownFile row : known) {
            knownByPath.put(row.filePath(), row);
        }
        Set<String> seen = new HashSet<>();
        for (FoundFile f : found) {
            seen.add(f.pathString());
        }
        // rows whose file is gone: candidates for a move, else missing; by content only under the
        // scanned roots, so a copy never takes the row of a file on a drive that is not mounted
        Map<String, Deque<KnownFile>> vanishedByStat = new HashMap<>();
        List<KnownFile> unseen = new ArrayList<>();
        for (KnownFile row : known) {
            if (seen.contains(row.filePath())) {
                continue;
            }
            boolean underRoots = underAny(row.filePath(), roots);
            if (underRoots) {
                unseen.add(row);
            }
            if (!exists.test(row.filePath())) {
                if (row.fileKey() != null) {
                    vanishedByStat.computeIfAbsent(statKey(row.fileSize(), row.mtimeNs(), row.fileKey()),
                            k -> new ArrayDeque<>()).add(row);
                }
                if (underRoots) {
                    vanishedBySha.computeIfAbsent(row.sha256(), k -> new ArrayList<>()).add(row);
                }
            }
        }
        Set<Long> movedIds = new HashSet<>();
        for (FoundFile f : found) {
            KnownFile row = knownByPath.get(f.pathString());
            if (row != null) {
                boolean looksSame = row.fileSize() == f.size() && row.mtimeNs() == f.mtimeNs();
                if (looksSame && hashedTypes(row).containsAll(types)) {
                    unchanged.add(row.id());
                } else {
                    toRead.add(f);
                    readAgain.put(f.pathString(), row);
                    if (looksSame) {
                        forMoreTypes.add(f.pathString());
                    }
                }
                continue;
            }
            KnownFile source = f.fileKey() == null ? null
                    : firstUnclaimed(vanishedByStat.get(statKey(f.size(), f.mtimeNs(), f.fileKey())), movedIds);
            if (source != null) {
                moves.add(new Move(source.id(), f));
            } else {
                toRead.add(f);
            }
        }
        for (KnownFile row : unseen) {
            if (!movedIds.contains(row.id())) {
                notFound.add(row);
            }
        }
    }

    /** @return the ids of rows whose file is unchanged and was read for every type of this scan */
    List<Long> unchanged() {
        return List.copyOf(unchanged);
    }

    /** @return the files that take the row of a vanished file by their size, mtime and file key */
    List<Move> moves() {
        return List.copyOf(moves);
    }

    /** @return the files to read, in walk order */
    List<FoundFile> toRead() {
        return List.copyOf(toRead);
    }

    /** @return the row at a file's path when the file is read again (it changed), else null (it is new) */
    KnownFile rowAt(String path) {
        return readAgain.get(path);
    }

    /** @return whether the file at this path is read again only for types its row was not read for */
    boolean forMoreTypes(String path) {
        return forMoreTypes.contains(path);
    }

    /**
     * @return rows under the roots whose file is gone, by SHA256, in catalog order: a file read
     *     that is new at its path takes the first one no other file took; the moves by stat took theirs
     */
    Map<String, List<KnownFile>> vanishedBySha() {
        return vanishedBySha;
    }

    /** @return the ids the moves by stat took */
    Set<Long> movedIds() {
        Set<Long> ids = new HashSet<>();
        for (Move move : moves) {
            ids.add(move.id());
        }
        return ids;
    }

    /**
     * @param prune whether the rows are to be deleted; else only those not already missing are named
     * @return rows under the roots that the walk did not meet and no move by stat took: missing,
     *     unless a read takes them by content or their file turns out to be there
     */
    List<KnownFile> notFound(boolean prune) {
        return notFound.stream().filter(row -> prune || row.missingSince() == null).toList();
    }

    /** @return the hash types a row was last read for */
    static Set<String> hashedTypes(KnownFile row) {
        return row.hashedTypes() == null ? DEFAULT_TYPES : Set.copyOf(List.of(row.hashedTypes().split(",")));
    }

    private static KnownFile firstUnclaimed(Deque<KnownFile> candidates, Set<Long> claimed) {
        if (candidates == null) {
            return null;
        }
        while (!candidates.isEmpty()) {
            KnownFile candidate = candidates.poll();
            if (claimed.add(candidate.id())) {
                return candidate;
            }
        }
        return null;
    }

    private static String statKey(long size, long mtimeNs, String fileKey) {
        return size + "/" + mtimeNs + "/" + fileKey;
    }

    private static boolean underAny(String path, List<Path> roots) {
        Path p = Path.of(path);
        for (Path root : roots) {
            if (p.startsWith(root)) {
                return true;
            }
        }
        return false;
    }
}
