package io.tensors.engine.scan;

import io.tensors.api.ErrorCode;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.ScanFailure;
import io.tensors.api.ScanListener;
import io.tensors.api.ScanRequest;
import io.tensors.api.ScanSummary;
import io.tensors.api.TensorsException;
import io.tensors.engine.format.Formats;
import io.tensors.engine.identity.Identifier;
import io.tensors.engine.identity.RuleSet;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.KnownFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One scan: walk the roots, plan from each file's size, mtime and file key what must be read
 * ({@link ScanPlan}), read those on a bounded pool ({@link ReadPool}, one sequential pass per file), and
 * write from this thread ({@link BatchWriter}).
 */
public final class Scanner {
    /**
     * The hashes a scan computes when none are named; also what a row with no {@code hashed_types}
     * (cataloged before they were recorded) was read for.
     */
    public static final List<String> DEFAULT_HASHES = List.of("SHA256", "AutoV1", "AutoV2", "AutoV3", "CRC32");

    /** How long a read may wait on one plugin call before the scan names the file and the plugin. */
    public static final Duration PLUGIN_WAIT = Duration.ofSeconds(5);

    private final CatalogStore store;
    private final HashPipeline pipeline;
    private final Formats formats;
    private final ReadPool pool;
    private final Identities identities;

    public Scanner(CatalogStore store, List<HashAlgorithm> algorithms, Formats formats) {
        this(store, algorithms, formats, PLUGIN_WAIT);
    }

    /**
     * @param formats every loaded format: a file is read by the one its content shows
     * @param pluginWait how long a read may wait on one plugin call before {@link ScanListener#waiting} is told
     */
    public Scanner(CatalogStore store, List<HashAlgorithm> algorithms, Formats formats, Duration pluginWait) {
        this(store, algorithms, formats, pluginWait, new Identifier(RuleSet.builtIn()));
    }

    /** @param identifier identifies each file read, and again every file whose identity its rules did not make */
    public Scanner(CatalogStore store, List<HashAlgorithm> algorithms, Formats formats, Duration pluginWait,
            Identifier identifier) {
        this.store = store;
        this.pipeline = new HashPipeline(algorithms, formats);
        this.formats = formats;
        this.identities = new Identities(identifier, formats);
        this.pool = new ReadPool(new ModelFileReader(formats, pipeline), pluginWait);
    }

    public ScanSummary scan(ScanRequest request, ScanListener listener) {
        long started = System.nanoTime();
        ScanTally tally = new ScanTally(listener);
        Set<String> endings = formats.endings(request.formats());
        FileWalker walker = new FileWalker(endings, tally::failed, listener::skipped);
        List<Path> roots = roots(request.roots(), walker, endings, tally);
        List<FoundFile> found = walker.walk(roots);
        // rows of files this walk does not take (other endings, --formats) are none of its business: not missing
        List<KnownFile> known = store.read(m -> m.localFiles().knownFiles()).stream()
                .filter(row -> walker.isModelFile(Path.of(row.filePath()))).toList();
        ScanPlan plan = new ScanPlan(known, found, roots, pipeline.types(), path -> Files.exists(Path.of(path)));

        BatchWriter writer = new BatchWriter(store, plan, tally, identities);
        writer.writePlanned();
        pool.readAll(plan.toRead(), request.threads(), writer, tally);
        // a moved file's name may be its display name; other rules identify every file again, from the catalog
        identities.refresh(store, plan.moves().stream().map(ScanPlan.Move::id).toList());

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
                tally.failures().size(), missing, pruned, tally.bytesHashed, System.nanoTime() - started, tally.failures(),
                tally.originalReread, tally.originalConfirmed);
    }

    /** @return the roots to walk, absolute; a named file the walk would pass over in silence is a failure */
    private List<Path> roots(List<Path> requested, FileWalker walker, Set<String> endings, ScanTally tally) {
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
        String only = "(only " + String.join(", ", endings.stream().map(e -> "*" + e).toList()) + " files are cataloged)";
        if (roots.isEmpty()) {
            throw new TensorsException(ErrorCode.BAD_INPUT, String.join(", ", notModels)
                    + (notModels.size() == 1 ? ": not a model file " : ": not model files ")
                    + only + "; name such files or folders");
        }
        for (String path : notModels) {
            tally.failed(new ScanFailure(path, "not a model file " + only + "; not scanned"));
        }
        return roots;
    }
}
