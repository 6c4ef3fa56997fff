package io.tensors.engine.link;

import io.tensors.api.CacheSummary;
import io.tensors.api.ErrorCode;
import io.tensors.api.FetchResult;
import io.tensors.api.FileQuery;
import io.tensors.api.LinkRequest;
import io.tensors.api.LinkSummary;
import io.tensors.api.LookupResult;
import io.tensors.api.ModelSource;
import io.tensors.api.ProgressListener;
import io.tensors.api.TensorsException;
import io.tensors.api.VersionMatch;
import io.tensors.engine.civitai.ModelIngest;
import io.tensors.engine.store.CachedMatch;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.Chunks;
import io.tensors.engine.store.UnlinkedFile;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Links unlinked local files to CivitAI versions: the local cache first, then each source in
 * priority order (sidecar files, then CivitAI), then caches every matched model. Remote "not found"
 * answers are remembered for a while; failures never are.
 */
public final class Linker {
    /** Files per lookup call: a source may ask about them in one request. */
    private static final int LOOKUP_CHUNK = 100;

    private final CatalogStore store;
    private final ModelIngest ingest;
    private final List<ModelSource> sources;
    private final Clock clock;

    public Linker(CatalogStore store, List<ModelSource> sources, Clock clock) {
        this.store = store;
        this.ingest = new ModelIngest(store);
        this.sources = List.copyOf(sources);
        this.clock = clock;
    }

    public LinkSummary link(LinkRequest request, ProgressListener listener) {
        List<UnlinkedFile> pending = new ArrayList<>(store.read(m -> m.links().unlinkedFiles()));
        long alreadyLinked = store.read(m -> m.links().countLinked());
        long candidates = pending.size();
        listener.started(candidates);
        Tally tally = new Tally(listener);

        // 1. the local cache: no source is asked for a hash the cache already knows
        pending.removeIf(file -> {
            List<CachedMatch> matches = cachedMatches(file);
            if (matches.isEmpty()) {
                return false;
            }
            if (matches.size() > 1) {
                tally.ambiguous(file, matches.stream().map(CachedMatch::versionId).toList());
            } else {
                store.write(m -> m.links().setLink(file.id(), matches.getFirst().modelId(), matches.getFirst().versionId()));
                tally.linked++;
            }
            tally.advance();
            return true;
        });

        // 2. the sources, local ones first
        Map<Long, UnlinkedFile> failedFiles = new LinkedHashMap<>();
        Set<Long> modelsToCache = new LinkedHashSet<>();
        Map<Long, UnlinkedFile> missedEverywhere = new LinkedHashMap<>();
        for (UnlinkedFile f : pending) {
            missedEverywhere.put(f.id(), f);
        }
        for (ModelSource source : sources) {
            if (missedEverywhere.isEmpty()) {
                break;
            }
            List<UnlinkedFile> ask = new ArrayList<>(missedEverywhere.values());
            if (source.remote() && !request.retryMissing()) {
                String since = clock.instant().minus(request.missTtl()).toString();
                Set<String> remembered = new HashSet<>(store.read(m -> m.links().recentMisses(source.id(), since)));
                ask.removeIf(f -> remembered.contains(f.sha256()));
            }
            for (List<UnlinkedFile> chunk : Chunks.of(ask, LOOKUP_CHUNK)) {
                List<LookupResult> results = source.lookup(chunk.stream()
                        .map(f -> new FileQuery(f.filePath(), hashesOf(f))).toList());
                if (results.size() != chunk.size()) {
                    throw new TensorsException(ErrorCode.INTERNAL, "source '" + source.id() + "' answered "
                            + results.size() + " results for " + chunk.size() + " files");
                }
                String now = clock.instant().toString();
                for (int j = 0; j < chunk.size(); j++) {
                    UnlinkedFile file = chunk.get(j);
                    switch (results.get(j)) {
                        case LookupResult.Found found -> {
                            missedEverywhere.remove(file.id());
                            failedFiles.remove(file.id());
                            Long model = found(source, file, found.versions(), tally);
                            if (model != null) {
                                modelsToCache.add(model);
                            }
                            tally.advance();
                        }
                        case LookupResult.NotFound ignored -> {
                            if (source.remote()) {
                                store.write(m -> m.links().rememberMiss(source.id(), file.sha256(), now));
                            }
                        }
                        case LookupResult.Failed failed -> {
                            failedFiles.put(file.id(), file);
                            tally.problem(source.id() + ": " + failed.reason());
                        }
                    }
                }
            }
        }
        for (UnlinkedFile f : missedEverywhere.values()) {
            if (failedFiles.containsKey(f.id())) {
                tally.failed++;
            } else {
                tally.notFound++;
            }
            tally.advance();
        }

        // 3. cache every matched model in full, from the first source that can fetch it; online, also
        // the models of linked files an earlier run could not cache (not those the source no longer has)
        if (!request.offline()) {
            modelsToCache.addAll(store.read(m -> m.links().uncachedLinkedModels()));
        }
        long cached = 0;
        long modelsFailed = 0;
        for (long modelId : modelsToCache) {
            if (store.read(m -> m.links().isModelCached(modelId))) {
                continue;
            }
            FetchOutcome outcome = fetchAndStore(modelId);
            switch (outcome) {
                case FetchOutcome.Stored ignored -> cached++;
                case FetchOutcome.Failed ignored -> {
                    modelsFailed++;
                    tally.problem(outcome.problem());
                }
                case FetchOutcome.NotFound ignored -> {
                    modelsFailed++;
                    tally.problem(outcome.problem());
                }
                case FetchOutcome.Gone ignored -> tally.problem(outcome.problem());
                case FetchOutcome.NoSource ignored -> {
                    // offline: nothing could fetch it; a later online run does
                }
            }
        }
        return new LinkSummary(candidates, tally.linked, alreadyLinked, tally.notFound, tally.ambiguous, tally.failed,
                cached, modelsFailed, tally.problems);
    }

    /** Fetches and stores whole models (tsr db cache). */
    public CacheSummary cache(List<Long> modelIds, ProgressListener listener) {
        listener.started(modelIds.size());
        long cached = 0;
        long gone = 0;
        long failed = 0;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < modelIds.size(); i++) {
            long modelId = modelIds.get(i);
            FetchOutcome outcome = fetchAndStore(modelId);
            switch (outcome) {
                case FetchOutcome.Stored ignored -> cached++;
                case FetchOutcome.Gone ignored -> gone++;
                case FetchOutcome.NotFound ignored -> failed++;
                case FetchOutcome.Failed ignored -> failed++;
                case FetchOutcome.NoSource ignored -> failed++;
            }
            if (outcome.problem() != null) {
                problems.add(outcome.problem());
                listener.problem(outcome.problem());
            }
            listener.advanced(i + 1);
        }
        return new CacheSummary(cached, gone, failed, problems);
    }

    /** Fetches a whole model from the first source that can and stores it: the one way both link and cache do it. */
    FetchOutcome fetchAndStore(long modelId) {
        for (ModelSource source : sources) {
            switch (source.fetchModel(modelId)) {
                case FetchResult.Found found -> {
                    ingest.ingestModel(source.id(), "models/" + modelId, found.modelJson(), clock.instant());
                    return new FetchOutcome.Stored();
                }
                case FetchResult.NotFound ignored -> {
                    // the 404 is remembered either way, so that db link does not ask for the model again
                    boolean cachedBefore = store.read(m -> m.links().isModelCached(modelId));
                    ingest.markGone(modelId, clock.instant());
                    return cachedBefore ? new FetchOutcome.Gone(modelId, source.id()) : new FetchOutcome.NotFound(modelId, source.id());
                }
                case FetchResult.Failed failed -> {
                    return new FetchOutcome.Failed(modelId, source.id(), failed.reason());
                }
                case FetchResult.Unsupported ignored -> {
                    // try the next source
                }
            }
        }
        return new FetchOutcome.NoSource(modelId);
    }

    private List<CachedMatch> cachedMatches(UnlinkedFile file) {
        List<CachedMatch> bySha = store.read(m -> m.links().cachedMatches("SHA256", file.sha256()));
        if (!bySha.isEmpty() || file.autoV3() == null) {
            return bySha;
        }
        return store.read(m -> m.links().cachedMatches("AutoV3", file.autoV3()));
    }

    private Long found(ModelSource source, UnlinkedFile file, List<VersionMatch> versions, Tally tally) {
        Map<Long, VersionMatch> distinct = new LinkedHashMap<>();
        for (VersionMatch v : versions) {
            distinct.putIfAbsent(v.versionId(), v);
        }
        if (distinct.size() > 1) {
            tally.ambiguous(file, List.copyOf(distinct.keySet()));
            return null;
        }
        VersionMatch match = distinct.values().iterator().next();
        Instant now = clock.instant();
        if (match.versionJson() != null) {
            ingest.ingestVersion(source.id(), "model-versions/" + match.versionId(), match.versionJson(), now);
        }
        store.write(m -> {
            m.links().setLink(file.id(), match.modelId(), match.versionId());
            return m.links().forgetMisses(List.of(file.sha256()));
        });
        tally.linked++;
        return match.modelId();
    }

    private static Map<String, String> hashesOf(UnlinkedFile f) {
        Map<String, String> hashes = new HashMap<>();
        hashes.put("SHA256", f.sha256());
        if (f.autoV3() != null) {
            hashes.put("AutoV3", f.autoV3());
        }
        return hashes;
    }

    private static final class Tally {
        final ProgressListener listener;
        final List<String> problems = new ArrayList<>();
        long linked;
        long notFound;
        long ambiguous;
        long failed;
        long done;

        Tally(ProgressListener listener) {
            this.listener = listener;
        }

        /** One line per distinct problem: a failed bulk request fails all its files with one reason. */
        void problem(String line) {
            if (!problems.contains(line)) {
                problems.add(line);
                listener.problem(line);
            }
        }

        void advance() {
            listener.advanced(++done);
        }

        void ambiguous(UnlinkedFile file, List<Long> versionIds) {
            ambiguous++;
            String line = file.filePath() + ": its hash matches " + versionIds.size() + " versions (" + versionIds
                    + "); not linked: check which one it is on CivitAI";
            problem(line);
        }
    }
}
