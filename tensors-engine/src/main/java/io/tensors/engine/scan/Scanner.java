package io.tensors.engine.scan;

import io.tensors.api.ErrorCode;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.SafetensorsHeader;
import io.tensors.api.ScanFailure;
import io.tensors.api.ScanListener;
import io.tensors.api.ScanRequest;
import io.tensors.api.ScanSummary;
import io.tensors.api.TensorsException;
import io.tensors.engine.safetensors.InvalidSafetensorsException;
import io.tensors.engine.safetensors.SafetensorsParser;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.Chunks;
import io.tensors.engine.store.FileRecord;
import io.tensors.engine.store.KnownFile;
import io.tensors.engine.store.LocalFileMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One scan: walk the roots, decide per file from its size, mtime and file key whether it must be
 * read, hash the ones that must on a bounded pool (one sequential read per file), and write results
 * in short transactions from this thread, so hashing never holds the catalog's write lock and a
 * {@code kill -9} loses at most the last uncommitted batch.
 */
public final class Scanner {
    /**
     * The hashes a scan computes when none are named; also what a row with no {@code hashed_types}
     * (cataloged before they were recorded) was read for.
     */
    public static final List<String> DEFAULT_HASHES = List.of("SHA256", "AutoV1", "AutoV2", "AutoV3", "CRC32");

    private static final int BATCH_FILES = 128;
    private static final long BATCH_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** How long a read may wait on one plugin call before the scan names the file and the plugin. */
    public static final Duration PLUGIN_WAIT = Duration.ofSeconds(5);

    private final CatalogStore store;
    private final HashPipeline pipeline;
    private final Duration pluginWait;
    /** The types this scan computes, sorted: an unchanged file read for fewer is read again. */
    private final SortedSet<String> types = new TreeSet<>();

    public Scanner(CatalogStore store, List<HashAlgorithm> algorithms) {
        this(store, algorithms, PLUGIN_WAIT);
    }

    /** @param pluginWait how long a read may wait on one plugin call before {@link ScanListener#waiting} is told */
    public Scanner(CatalogStore store, List<HashAlgorithm> algorithms, Duration pluginWait) {
        this.store = store;
        this.pipeline = new HashPipeline(algorithms);
        this.pluginWait = pluginWait;
        for (HashAlgorithm algorithm : algorithms) {
            types.add(algorithm.type());
        }
    }

    public ScanSummary scan(ScanRequest request, ScanListener listener) {
        long started = System.nanoTime();
        List<Path> roots = new ArrayList<>();
        List<String> notModels = new ArrayList<>();
        for (Path root : request.roots()) {
            Path absolute = root.toAbsolutePath().normalize();
            if (!Files.exists(absolute)) {
                throw new TensorsException(ErrorCode.BAD_INPUT, absolute + ": no such file or folder; check the path");
            }
            if (Files.isDirectory(absolute) || FileWalker.isModelFile(absolute)) {
                roots.add(absolute);
            } else {
                notModels.add(absolute.toString()); // the walk would pass over it without a word
            }
        }
        if (roots.isEmpty()) {
            throw new TensorsException(ErrorCode.BAD_INPUT, String.join(", ", notModels)
                    + (notModels.size() == 1 ? ": not a safetensors file" : ": not safetensors files")
                    + " (only *.safetensors files are cataloged); name .safetensors files or folders");
        }
        List<ScanFailure> failures = Collections.synchronizedList(new ArrayList<>());
        for (String path : notModels) {
            ScanFailure failure = new ScanFailure(path, "not a safetensors file (only *.safetensors files are cataloged); not scanned");
            failures.add(failure);
            listener.fileFailed(failure);
        }
        FileWalker walker = new FileWalker(f -> {
            failures.add(f);
            listener.fileFailed(f);
        }, listener::skipped);
        List<FoundFile> found = walker.walk(roots);

        Map<String, KnownFile> knownByPath = new HashMap<>();
        for (KnownFile known : store.read(m -> m.localFiles().knownFiles())) {
            knownByPath.put(known.filePath(), known);
        }
        Set<String> seenPaths = new HashSet<>();
        for (FoundFile f : found) {
            seenPaths.add(f.pathString());
        }
        // rows whose file is gone: candidates for a move, else missing; by content only under the
        // scanned roots, so a copy never takes the row of a file on a drive that is not mounted
        Map<String, Deque<KnownFile>> vanishedByStat = new HashMap<>();
        Map<String, Deque<KnownFile>> vanishedBySha = new HashMap<>();
        for (KnownFile known : knownByPath.values()) {
            if (!seenPaths.contains(known.filePath()) && !Files.exists(Path.of(known.filePath()))) {
                if (known.fileKey() != null) {
                    vanishedByStat.computeIfAbsent(statKey(known.fileSize(), known.mtimeNs(), known.fileKey()),
                            k -> new ArrayDeque<>()).add(known);
                }
                if (underAny(known.filePath(), roots)) {
                    vanishedBySha.computeIfAbsent(known.sha256(), k -> new ArrayDeque<>()).add(known);
                }
            }
        }

        String now = Instant.now().toString();
        List<Long> unchanged = new ArrayList<>();
        List<Move> moves = new ArrayList<>();
        List<FoundFile> toRead = new ArrayList<>();
        Set<Long> claimed = new HashSet<>();
        long changedCount = 0;
        Set<String> changedPaths = new HashSet<>();
        Map<String, KnownFile> rereads = new HashMap<>();
        for (FoundFile f : found) {
            KnownFile known = knownByPath.get(f.pathString());
            if (known != null) {
                if (known.fileSize() == f.size() && known.mtimeNs() == f.mtimeNs() && hashedTypes(known).containsAll(types)) {
                    unchanged.add(known.id());
                } else {
                    if (known.fileSize() == f.size() && known.mtimeNs() == f.mtimeNs()) {
                        rereads.put(f.pathString(), known); // read for a type it was not read for
                    }
                    toRead.add(f);
                    changedPaths.add(f.pathString());
                    changedCount++;
                }
                continue;
            }
            KnownFile source = f.fileKey() == null ? null
                    : poll(vanishedByStat.get(statKey(f.size(), f.mtimeNs(), f.fileKey())), claimed);
            if (source != null) {
                moves.add(new Move(source.id(), f));
            } else {
                toRead.add(f);
            }
        }
        for (List<Long> chunk : Chunks.ofIds(unchanged)) {
            store.write(m -> m.localFiles().markSeen(chunk, now));
        }
        if (!moves.isEmpty()) {
            store.write(m -> {
                for (Move move : moves) {
                    m.localFiles().moveFile(move.id(), new FileRecord(move.file().pathString(), "", 0, 0, move.file().size(),
                            move.file().mtimeNs(), move.file().fileKey(), Map.of(), Map.of()), now);
                }
                return null;
            });
        }

        Counts counts = new Counts();
        counts.moved = moves.size();
        hashAll(toRead, request.threads(), changedPaths, rereads, vanishedBySha, claimed, now, listener, failures, counts);

        // known rows under the roots that were neither seen nor moved are missing
        List<Long> gone = new ArrayList<>();
        for (KnownFile known : knownByPath.values()) {
            if (!seenPaths.contains(known.filePath()) && !claimed.contains(known.id()) && underAny(known.filePath(), roots)
                    && (request.prune() || known.missingSince() == null) && !Files.exists(Path.of(known.filePath()))) {
                gone.add(known.id());
            }
        }
        for (List<Long> chunk : Chunks.ofIds(gone)) {
            store.write(m -> request.prune() ? m.localFiles().deleteFiles(chunk) : m.localFiles().markMissing(chunk, now));
        }
        long missing = request.prune() ? 0 : gone.size();
        long pruned = request.prune() ? gone.size() : 0;
        return new ScanSummary(found.size(), counts.added, counts.changed, counts.moved, unchanged.size(),
                failures.size(), missing, pruned, counts.bytesHashed, System.nanoTime() - started, failures);
    }

    private void hashAll(List<FoundFile> toRead, int requestedThreads, Set<String> changedPaths, Map<String, KnownFile> rereads,
            Map<String, Deque<KnownFile>> vanishedBySha,
            Set<Long> claimed, String now, ScanListener listener, List<ScanFailure> failures, Counts counts) {
        long totalBytes = toRead.stream().mapToLong(FoundFile::size).sum();
        listener.hashingStarted(toRead.size(), totalBytes);
        if (toRead.isEmpty()) {
            return;
        }
        // largest first: the pool stays busy to the end instead of waiting on one late big file
        toRead.sort(Comparator.comparingLong(FoundFile::size).reversed());
        int threads = Math.min(toRead.size(),
                requestedThreads > 0 ? requestedThreads : Math.max(1, Runtime.getRuntime().availableProcessors()));
        BlockingQueue<ByteBuffer> buffers = new ArrayBlockingQueue<>(threads);
        for (int i = 0; i < threads; i++) {
            buffers.add(ByteBuffer.allocateDirect(HashPipeline.CHUNK_BYTES));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "tsr-hash");
            t.setDaemon(true);
            return t;
        });
        try {
            ExecutorCompletionService<Outcome> done = new ExecutorCompletionService<>(pool);
            PluginWatch watch = new PluginWatch(pluginWait);
            for (FoundFile f : toRead) {
                done.submit(() -> read(f, buffers, listener, watch));
            }
            List<FileRecord> batch = new ArrayList<>();
            long batchStarted = System.nanoTime();
            for (int remaining = toRead.size(); remaining > 0; ) {
                Future<Outcome> next = done.poll(200, TimeUnit.MILLISECONDS);
                watch.check(listener);
                if (next != null) {
                    remaining--;
                    Outcome outcome = next.get();
                    listener.fileDone();
                    if (outcome.failure() != null) {
                        failures.add(outcome.failure());
                        listener.fileFailed(outcome.failure());
                    } else {
                        batch.add(outcome.record());
                        counts.bytesHashed += outcome.record().fileSize();
                    }
                }
                if (!batch.isEmpty() && (batch.size() >= BATCH_FILES || remaining == 0
                        || System.nanoTime() - batchStarted > BATCH_NANOS)) {
                    writeBatch(batch, changedPaths, rereads, vanishedBySha, claimed, now, counts, listener, failures);
                    batch.clear();
                    batchStarted = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TensorsException(ErrorCode.INTERRUPTED, "scan interrupted; what was committed is kept, scan again to finish");
        } catch (ExecutionException e) {
            throw new TensorsException(ErrorCode.INTERNAL, "scan failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void writeBatch(List<FileRecord> batch, Set<String> changedPaths, Map<String, KnownFile> rereads,
            Map<String, Deque<KnownFile>> vanishedBySha, Set<Long> claimed, String now, Counts counts,
            ScanListener listener, List<ScanFailure> failures) {
        // a file read again only for more types, whose bytes are the same, keeps the hashes it had
        Set<String> adding = new HashSet<>();
        List<FileRecord> records = new ArrayList<>();
        for (FileRecord record : batch) {
            KnownFile known = rereads.get(record.filePath());
            if (known != null && known.sha256().equals(record.sha256())) {
                adding.add(record.filePath());
                SortedSet<String> all = new TreeSet<>(hashedTypes(known));
                all.addAll(types);
                record = new FileRecord(record.filePath(), record.sha256(), record.headerSize(), record.tensorCount(),
                        record.fileSize(), record.mtimeNs(), record.fileKey(), record.hashes(), record.metadata(),
                        String.join(",", all));
            }
            records.add(record);
        }
        // decide moves before the transaction so a retry of this batch would decide the same way
        Map<FileRecord, Long> movedFrom = new HashMap<>();
        for (FileRecord record : records) {
            if (!changedPaths.contains(record.filePath())) {
                KnownFile source = poll(vanishedBySha.get(record.sha256()), claimed);
                if (source != null) {
                    movedFrom.put(record, source.id());
                }
            }
        }
        List<FileRecord> stored = records;
        try {
            store.write(mappers -> {
                for (FileRecord record : records) {
                    writeRecord(mappers.localFiles(), record, movedFrom.get(record), adding.contains(record.filePath()), now);
                }
                return null;
            });
        } catch (TensorsException e) {
            if (e.code() != ErrorCode.INTERNAL) {
                throw e; // locked, read-only, full, corrupt: the catalog's state, not one file's rows
            }
            // the catalog refused some file's rows: store each file alone, so only that file fails
            stored = new ArrayList<>();
            for (FileRecord record : records) {
                try {
                    store.write(mappers -> {
                        writeRecord(mappers.localFiles(), record, movedFrom.get(record), adding.contains(record.filePath()), now);
                        return null;
                    });
                    stored.add(record);
                } catch (TensorsException alone) {
                    if (alone.code() != ErrorCode.INTERNAL) {
                        throw alone;
                    }
                    Long moveId = movedFrom.remove(record);
                    if (moveId != null) {
                        claimed.remove(moveId); // its row stays where it was, and is marked missing if gone
                    }
                    ScanFailure failure = new ScanFailure(record.filePath(), "could not be stored in the catalog (internal error: "
                            + rootMessage(alone) + "); the other files are stored and the next scan tries this one again");
                    failures.add(failure);
                    listener.fileFailed(failure);
                }
            }
        }
        for (FileRecord record : stored) {
            if (movedFrom.containsKey(record)) {
                counts.moved++;
            } else if (changedPaths.contains(record.filePath())) {
                counts.changed++;
            } else {
                counts.added++;
            }
        }
    }

    private static void writeRecord(LocalFileMapper m, FileRecord record, Long moveId, boolean adding, String now) {
        long id;
        if (moveId != null) {
            m.moveFile(moveId, record, now);
            id = moveId;
        } else {
            id = m.upsertFile(record, now);
        }
        if (!adding) {
            m.deleteHashes(id);
        }
        if (!record.hashes().isEmpty()) {
            m.insertHashes(id, record);
        }
        m.deleteMetadata(id);
        m.insertMetadata(id, record.metadata());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }

    /** Reads one file: header, then every hash in one pass; never throws for a bad file. */
    private Outcome read(FoundFile f, BlockingQueue<ByteBuffer> buffers, ScanListener listener, PluginWatch watch)
            throws InterruptedException {
        ByteBuffer buffer = buffers.take();
        watch.reading(f.pathString());
        try (FileChannel channel = FileChannel.open(f.path(), StandardOpenOption.READ)) {
            long size = channel.size();
            if (size != f.size()) {
                return Outcome.failed(f, "changed while being scanned; scan again when it is complete");
            }
            SafetensorsHeader header = SafetensorsParser.read(channel, size, f.pathString());
            Map<String, String> hashes = pipeline.hash(channel, new FileLayout(size, header.dataStart()), buffer,
                    listener::bytesHashed);
            BasicFileAttributes after = Files.readAttributes(f.path(), BasicFileAttributes.class);
            if (after.size() != f.size() || after.lastModifiedTime().to(TimeUnit.NANOSECONDS) != f.mtimeNs()) {
                return Outcome.failed(f, "changed while being hashed; scan again when it is complete");
            }
            String sha256 = hashes.get("SHA256");
            if (sha256 == null) {
                throw new IllegalStateException("SHA256 is always computed");
            }
            return new Outcome(new FileRecord(f.pathString(), sha256, header.headerSize(), header.tensors().size(), size,
                    f.mtimeNs(), f.fileKey(), hashes, header.metadata(), String.join(",", types)), null);
        } catch (InvalidSafetensorsException e) {
            return Outcome.failed(f, "invalid safetensors: " + e.getMessage());
        } catch (IOException e) {
            return Outcome.failed(f, "cannot be read: " + FileWalker.describe(e));
        } catch (RuntimeException e) {
            // a bug here or in a caller's listener: this file fails, the scan goes on
            String message = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return Outcome.failed(f, "internal error while reading: " + message.replace('\n', ' ').replace('\r', ' '));
        } finally {
            watch.done();
            buffers.add(buffer);
        }
    }

    private static Set<String> hashedTypes(KnownFile known) {
        return known.hashedTypes() == null ? Set.copyOf(DEFAULT_HASHES) : Set.copyOf(List.of(known.hashedTypes().split(",")));
    }

    private static KnownFile poll(Deque<KnownFile> candidates, Set<Long> claimed) {
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

    private record Move(long id, FoundFile file) {}

    private record Outcome(FileRecord record, ScanFailure failure) {
        static Outcome failed(FoundFile f, String reason) {
            return new Outcome(null, new ScanFailure(f.pathString(), reason));
        }
    }

    private static final class Counts {
        long added;
        long changed;
        long moved;
        long bytesHashed;
    }
}
