package io.tensors.engine.download;

import io.tensors.api.DownloadListener;
import io.tensors.api.DownloadRequest;
import io.tensors.api.DownloadSummary;
import io.tensors.api.DownloadedFile;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.ModelSource;
import io.tensors.api.OutdatedFile;
import io.tensors.api.ProgressListener;
import io.tensors.engine.link.Linker;
import io.tensors.engine.remote.ModelLocator;
import io.tensors.engine.format.Formats;
import io.tensors.engine.scan.ArrivedFile;
import io.tensors.engine.scan.HashPipeline;
import io.tensors.engine.store.CatalogStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code tsr dl}: plans the files, then downloads at most {@code parallel} at once, each hashed as it
 * arrives and cataloged from those hashes (one writer at a time), never read again.
 */
public final class Downloads {
    /** Where the engine's download settings come from. */
    public record Setup(URI civitaiUrl, String envLibrary, Path configDir, Duration stallTimeout) {}

    private final CatalogStore store;
    private final List<ModelSource> sources;
    private final List<HashAlgorithm> modelHashes;
    private final Setup setup;
    private final Clock clock;
    private final PartStorage storage;
    private final Formats formats;

    /**
     * @param modelHashes every hash a scan computes (SHA256 first), for safetensors files
     */
    public Downloads(CatalogStore store, List<ModelSource> sources, List<HashAlgorithm> modelHashes,
            Formats formats, Setup setup, Clock clock) {
        this(store, sources, modelHashes, formats, setup, clock, PartStorage.DISK);
    }

    Downloads(CatalogStore store, List<ModelSource> sources, List<HashAlgorithm> modelHashes, Formats formats, Setup setup, Clock clock, PartStorage storage) {
        this.formats = formats;
        this.store = store;
        this.sources = List.copyOf(sources);
        this.modelHashes = List.copyOf(modelHashes);
        this.setup = setup;
        this.clock = clock;
        this.storage = storage;
    }

    public DownloadSummary download(DownloadRequest request, List<OutdatedFile> outdated, DownloadListener listener) {
        long started = System.nanoTime();
        ProgressListener problems = new ProgressListener() {
            @Override
            public void problem(String line) {
                listener.problem(line);
            }
        };
        ModelLocator locator = new ModelLocator(store, sources, new Linker(store, sources, clock), problems);
        DownloadPlanner planner = new DownloadPlanner(store, locator, setup.civitaiUrl(),
                () -> LibraryLayout.load(request.to(), setup.envLibrary(), setup.configDir()));
        List<DownloadPlan> plans = planner.plan(request, outdated);
        ModelSource source = sources.stream().filter(ModelSource::remote).findFirst().orElse(null);
        if (source == null && !plans.isEmpty()) {
            throw new io.tensors.api.TensorsException(io.tensors.api.ErrorCode.FAILED,
                    "no plugin serves CivitAI downloads; check 'tsr plugins'");
        }
        Object catalogLock = new Object();
        FileDownload.Cataloger cataloger = (file, hashes, types, modelId, versionId) -> {
            synchronized (catalogLock) {
                return ArrivedFile.catalog(store, formats, file, hashes, types, modelId, versionId);
            }
        };
        List<DownloadedFile> results = new ArrayList<>();
        try (ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "tsr-download-watchdog");
                    t.setDaemon(true);
                    return t;
                });
                ExecutorService pool = Executors.newFixedThreadPool(Math.min(request.parallel(), Math.max(1, plans.size())))) {
            FileDownload.Context context = new FileDownload.Context(source, new HashPipeline(modelHashes, formats), storage,
                    listener, request.overwrite(), cataloger, setup.stallTimeout(), watchdog);
            List<Future<DownloadedFile>> futures = new ArrayList<>();
            for (DownloadPlan plan : unique(plans)) {
                futures.add(pool.submit(() -> new FileDownload(context, plan).run()));
            }
            for (Future<DownloadedFile> future : futures) {
                try {
                    results.add(future.get());
                } catch (InterruptedException e) {
                    pool.shutdownNow();
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a download failed unexpectedly", e.getCause());
                }
            }
            watchdog.shutdownNow();
        }
        long downloaded = results.stream().filter(r -> r.status().equals("downloaded")).count();
        long failed = results.stream().filter(r -> r.status().equals("failed")).count();
        long bytes = results.stream().mapToLong(DownloadedFile::received).sum();
        return new DownloadSummary(results, downloaded, failed, bytes, System.nanoTime() - started);
    }

    /** Two selectors naming the same file (a version id and its hash) download it once. */
    private static List<DownloadPlan> unique(List<DownloadPlan> plans) {
        List<DownloadPlan> unique = new ArrayList<>();
        for (DownloadPlan plan : plans) {
            if (unique.stream().noneMatch(p -> p.target().equals(plan.target()))) {
                unique.add(plan);
            }
        }
        return unique;
    }
}
