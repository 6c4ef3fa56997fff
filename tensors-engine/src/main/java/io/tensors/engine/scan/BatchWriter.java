package io.tensors.engine.scan;

import io.tensors.api.ErrorCode;
import io.tensors.api.ModelHeader;
import io.tensors.api.ScanFailure;
import io.tensors.api.TensorsException;
import io.tensors.engine.identity.TensorDigest;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.Chunks;
import io.tensors.engine.store.FileRecord;
import io.tensors.engine.store.KnownFile;
import io.tensors.engine.store.Mappers;
import io.tensors.engine.store.OriginalCatalog;
import io.tensors.engine.store.StoredIdentity;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The write side of one scan, on the scan's own thread: what the plan decided, then the files read,
 * in short transactions of at most {@value #BATCH_FILES} files or a second, so hashing never holds
 * the catalog's write lock and a {@code kill -9} loses at most the last uncommitted batch. A batch the
 * catalog refuses is written again file by file, so only the file at fault fails.
 */
final class BatchWriter {
    private static final int BATCH_FILES = 128;
    private static final long BATCH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final CatalogStore store;
    private final ScanPlan plan;
    private final ScanTally tally;
    private final String now = Instant.now().toString();
    /** Rows whose file is gone that a file read may take by its SHA256, each once. */
    private final Map<String, Deque<KnownFile>> vanishedBySha = new HashMap<>();
    /** The ids of rows some file took, by stat or by content. */
    private final Set<Long> taken;
    private final List<FileRead.Read> batch = new ArrayList<>();
    private long batchStarted = System.nanoTime();

    private final Identities identities;

    BatchWriter(CatalogStore store, ScanPlan plan, ScanTally tally, Identities identities) {
        this.store = store;
        this.identities = identities;
        this.plan = plan;
        this.tally = tally;
        plan.vanishedBySha().forEach((sha, rows) -> vanishedBySha.put(sha, new ArrayDeque<>(rows)));
        this.taken = plan.movedIds();
    }

    /** Marks the unchanged rows seen and moves the rows the plan moved by stat. */
    void writePlanned() {
        for (List<Long> chunk : Chunks.ofIds(plan.unchanged())) {
            store.write(m -> m.localFiles().markSeen(chunk, now));
        }
        List<ScanPlan.Move> moves = plan.moves();
        if (!moves.isEmpty()) {
            store.write(m -> {
                for (ScanPlan.Move move : moves) {
                    FoundFile f = move.file();
                    m.localFiles().moveFile(move.id(), new FileRecord(f.pathString(), "", 0, 0, f.size(), f.mtimeNs(),
                            f.fileKey(), Map.of(), Map.of(), null), now);
                }
                return null;
            });
        }
        tally.moved += moves.size();
    }

    /** Takes a file read; writes the batch once it is full. */
    void add(FileRead.Read read) {
        batch.add(read);
        tally.bytesHashed += read.record().fileSize();
        if (batch.size() >= BATCH_FILES) {
            flush();
        }
    }

    /** Writes the batch when it has waited long enough. */
    void flushIfDue() {
        if (System.nanoTime() - batchStarted > BATCH_NANOS) {
            flush();
        }
    }

    /** Writes what the batch holds. */
    void flush() {
        if (!batch.isEmpty()) {
            write(batch);
            batch.clear();
        }
        batchStarted = System.nanoTime();
    }

    /** @return whether some file took this row, by stat or by content */
    boolean took(long id) {
        return taken.contains(id);
    }

    /** Marks the rows missing, or deletes them when pruning. */
    void writeGone(List<Long> ids, boolean prune) {
        for (List<Long> chunk : Chunks.ofIds(ids)) {
            store.write(m -> prune ? m.localFiles().deleteFiles(chunk) : m.localFiles().markMissing(chunk, now));
        }
    }

    private void write(List<FileRead.Read> reads) {
        // a file read again only for more types, whose bytes are the same, keeps the hashes it had
        Set<String> adding = new HashSet<>();
        List<FileRecord> records = new ArrayList<>();
        Map<FileRecord, StoredIdentity> identity = new HashMap<>();
        for (FileRead.Read read : reads) {
            FileRecord record = read.record();
            StoredIdentity made = identities.of(record.filePath(), record.format(), record.metadata(),
                    TensorDigest.of(read.tensors()));
            KnownFile known = plan.forMoreTypes(record.filePath()) ? plan.rowAt(record.filePath()) : null;
            if (known != null && known.sha256().equals(record.sha256())) {
                adding.add(record.filePath());
                SortedSet<String> all = new TreeSet<>(ScanPlan.hashedTypes(known));
                all.addAll(List.of(record.hashedTypes().split(",")));
                record = record.withHashedTypes(String.join(",", all));
            }
            records.add(record);
            identity.put(record, made);
        }
        // decide moves before the transaction so a retry of this batch would decide the same way
        Map<FileRecord, Long> movedFrom = new HashMap<>();
        for (FileRecord record : records) {
            if (plan.rowAt(record.filePath()) == null) {
                KnownFile source = takeBySha(record.sha256());
                if (source != null) {
                    movedFrom.put(record, source.id());
                }
            }
        }
        List<FileRecord> stored = records;
        try {
            store.write(mappers -> {
                for (FileRecord record : records) {
                    writeFile(mappers, record, movedFrom.get(record), !adding.contains(record.filePath()), identity.get(record));
                }
                return null;
            });
        } catch (TensorsException e) {
            if (e.code() != ErrorCode.INTERNAL) {
                throw e; // locked, read-only, full, corrupt: the catalog's state, not one file's rows
            }
            stored = writeOneByOne(records, movedFrom, adding, identity);
        }
        for (FileRecord record : stored) {
            if (record.safety().equals(ModelHeader.Safety.DANGEROUS.text())) {
                tally.listener.dangerous(record.filePath(), dangers(record));
            }
            if (movedFrom.containsKey(record)) {
                tally.moved++;
            } else if (isOriginal(plan.rowAt(record.filePath()))) {
                // the original tsr's file, read once for the hashes it never had: a check, not a change
                tally.originalReread++;
                if (plan.rowAt(record.filePath()).sha256().equalsIgnoreCase(record.sha256())) {
                    tally.originalConfirmed++;
                }
            } else if (plan.rowAt(record.filePath()) != null) {
                tally.changed++;
            } else {
                tally.added++;
            }
        }
    }

    /** Stores one read file and its identity, in the caller's transaction. */
    private void writeFile(Mappers mappers, FileRecord record, Long movedFrom, boolean replacing, StoredIdentity identity) {
        long id = mappers.localFiles().writeFile(record, movedFrom, replacing, now);
        mappers.identities().write(Identities.withId(identity, id));
    }

    /** The catalog refused some file's rows: stores each file alone, so only that file fails. */
    private List<FileRecord> writeOneByOne(List<FileRecord> records, Map<FileRecord, Long> movedFrom, Set<String> adding,
            Map<FileRecord, StoredIdentity> identity) {
        List<FileRecord> stored = new ArrayList<>();
        for (FileRecord record : records) {
            try {
                store.write(mappers -> {
                    writeFile(mappers, record, movedFrom.get(record), !adding.contains(record.filePath()), identity.get(record));
                    return null;
                });
                stored.add(record);
            } catch (TensorsException alone) {
                if (alone.code() != ErrorCode.INTERNAL) {
                    throw alone;
                }
                Long moveId = movedFrom.remove(record);
                if (moveId != null) {
                    taken.remove(moveId); // its row stays where it was, and is marked missing if gone
                }
                tally.failed(new ScanFailure(record.filePath(), "could not be stored in the catalog (internal error: "
                        + rootMessage(alone) + "); the other files are stored and the next scan tries this one again"));
            }
        }
        return stored;
    }

    /** @return the file's dangerous findings, or its imports when it named none */
    private static List<String> dangers(FileRecord record) {
        List<String> lines = record.findings().stream().filter(f -> f.severity() == ModelHeader.Severity.DANGER)
                .map(ModelHeader.Finding::message).toList();
        return lines.isEmpty() ? List.of("imports " + String.join(", ", record.imports())) : lines;
    }

    private static boolean isOriginal(KnownFile row) {
        return row != null && row.mtimeNs() == OriginalCatalog.UNVERIFIED_MTIME;
    }

    private KnownFile takeBySha(String sha256) {
        Deque<KnownFile> candidates = vanishedBySha.get(sha256);
        while (candidates != null && !candidates.isEmpty()) {
            KnownFile candidate = candidates.poll();
            if (taken.add(candidate.id())) {
                return candidate;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }

}
