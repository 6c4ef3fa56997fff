package io.tensors.engine.scan;

import io.tensors.api.ErrorCode;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.ScanFailure;
import io.tensors.api.ScanListener;
import io.tensors.api.ScanRequest;
import io.tensors.api.ScanSummary;
import io.tensors.api.TensorsException;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.KnownFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One scan: walk the roots, plan from each file's size, mtime and file key what must be read
 * ({@link ScanPlan}), read those on a bounded pool (one sequential pass per file, {@link
 * ModelFileReader}), and write from this thread ({@link BatchWriter}).
 */
public final class Scanner {
    /** How long a read may wait on one plugin call before the scan names the file and the plugin. */
    public static final Duration PLUGIN_WAIT = Duration.ofSeconds(5);

    private final CatalogStore store;
    private final HashPipeline pipeline;
    private final Duration pluginWait;
    private final ModelFormat format = ModelFormat.SAFETENSORS;
    private final ModelFileReader reader;

    public Scanner(CatalogStore store, List<HashAlgorithm> algorithms) {
        this(store, algorithms, PLUGIN_WAIT);
    }

    /** @param pluginWait how long a read may wait on one plugin call before {@link ScanListener#waiting} is told */
    public Scanner(CatalogStore store, List<HashAlgorithm> algorithms, Duration pluginWait) {
        this.store = store;
        this.pipeline = new HashPipeline(algorithms);
        this.pluginWait = pluginWait;
        this.reader = new ModelFileReader(format, pipeline);
    }

    public ScanSummary scan(ScanRequest request, ScanListener listener) {
        long started = System.nanoTime();
        ScanTally tally = new ScanTally(listener);
        FileWalker walker = new FileWalker(format.endings(), tally::failed, listener::skipped);
        List<Path> roots = roots(request.roots(), walker, tally);
        List<FoundFile> found = walker.walk(roots);
        List<KnownFile> known = store.read(m -> m.localFiles().knownFiles());
        ScanPlan plan = new ScanPlan(known, found, roots, pipeline.types(), path -> Files.exists(Path.of(path)));

        BatchWriter writer = new BatchWriter(store, plan, tally);
        writer.writePlanned();
        readAll(plan.toRead(), request.threads(), writer, tally);

        // rows under the roots that were neither seen nor taken are missing
        List<Long> gone = new ArrayList<>();
        for (KnownFile row : plan.notFound(request.prune())) {
            if (!writer.took(row.id()) && !Files.exists(Path.of(row.filePath()))) {
                gone.add(row.id());
            }
        }
        writer.writeGone(gone, request.prune());
        long missing = request.prune() ? 0 : gone.size();
        long pruned = request.prune() ? gone.size() : 0;
        return new ScanSummary(found.size(), tally.added, tally.changed, tally.moved, plan.unchanged().size(),
                tally.failures().size(), missing, pruned, tally.bytesHashed, System.nanoTime() - started, tally.failures());
    }

    /** @return the roots to walk, absolute; a named file the walk would pass over in silence is a failure */
    private List<Path> roots(List<Path> requested, FileWalker walker, ScanTally tally) {
        List<Path> roots = new ArrayList<>();
        List<String> notModels = new ArrayList<>();
        for (Path root : requested) {
            Path absolute = root.toAbsolutePath().normalize();
            if (!Files.exists(absolute)) {
                throw new TensorsException(ErrorCode.BAD_INPUT, absolute + ": no such file or folder; check the path");
            }
            if (Files.isDirectory(absolute) || walker.isModelFile(absolute)) {
                roots.add(absolute);
            } else {
                notModels.add(absolute.toString());
            }
        }
        String only = "(only " + format.patterns() + " files are cataloged)";
        if (roots.isEmpty()) {
            throw new TensorsException(ErrorCode.BAD_INPUT, String.join(", ", notModels)
                    + (notModels.size() == 1 ? ": not a " + format.name() + " file " : ": not " + format.name() + " files ")
                    + only + "; name " + String.join(" or ", format.endings().stream().sorted().toList()) + " files or folders");
        }
        for (String path : notModels) {
            tally.failed(new ScanFailure(path, "not a " + format.name() + " file " + only + "; not scanned"));
        }
        return roots;
    }

    /** Reads the files on a pool, largest first, handing each result to the writer as it comes. */
    private void readAll(List<FoundFile> files, int requestedThreads, BatchWriter writer, ScanTally tally) {
        ScanListener listener = tally.listener;
        long totalBytes = files.stream().mapToLong(FoundFile::size).sum();
        listener.hashingStarted(files.size(), totalBytes);
        if (files.isEmpty()) {
            return;
        }
        // largest first: the pool stays busy to the end instead of waiting on one late big file
        List<FoundFile> toRead = new ArrayList<>(files);
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
            ExecutorCompletionService<FileRead> done = new ExecutorCompletionService<>(pool);
            PluginWatch watch = new PluginWatch(pluginWait);
            for (FoundFile f : toRead) {
                done.submit(() -> {
                    ByteBuffer buffer = buffers.take();
                    watch.reading(f.pathString());
                    try {
                        return reader.read(f, buffer, listener::bytesHashed);
                    } finally {
                        watch.done();
                        buffers.add(buffer);
                    }
                });
            }
            for (int remaining = toRead.size(); remaining > 0; ) {
                Future<FileRead> next = done.poll(200, TimeUnit.MILLISECONDS);
                watch.check(listener);
                if (next != null) {
                    remaining--;
                    FileRead read = next.get();
                    listener.fileDone();
                    switch (read) {
                        case FileRead.Failed failed -> tally.failed(failed.failure());
                        case FileRead.Read ok -> writer.add(ok);
                    }
                }
                writer.flushIfDue();
            }
            writer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TensorsException(ErrorCode.INTERRUPTED, "scan interrupted; what was committed is kept, scan again to finish");
        } catch (ExecutionException e) {
            throw new TensorsException(ErrorCode.INTERNAL, "scan failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
