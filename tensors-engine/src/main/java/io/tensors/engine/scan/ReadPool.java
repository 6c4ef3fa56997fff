package io.tensors.engine.scan;

import io.tensors.api.ErrorCode;
import io.tensors.api.ScanListener;
import io.tensors.api.TensorsException;
import java.nio.ByteBuffer;
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
 * Reads a scan's files on a bounded pool, one direct buffer per worker, and hands each result to the
 * writer on the scan's thread, which also watches for reads stuck in a plugin call.
 */
final class ReadPool {
    private final ModelFileReader reader;
    private final Duration pluginWait;

    ReadPool(ModelFileReader reader, Duration pluginWait) {
        this.reader = reader;
        this.pluginWait = pluginWait;
    }

    /** Reads the files on a pool, largest first, handing each result to the writer as it comes. */
    void readAll(List<FoundFile> files, int requestedThreads, BatchWriter writer, ScanTally tally) {
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
                    listener.fileStarted(f.pathString(), f.size());
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
                    listener.fileDone(switch (read) {
                        case FileRead.Failed failed -> failed.failure().path();
                        case FileRead.Read ok -> ok.record().filePath();
                    });
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
