package io.tensors.engine.civitai;

import io.tensors.engine.civitai.CivitaiResponseReader.Meta;
import io.tensors.engine.civitai.CivitaiResponseReader.ParsedFile;
import io.tensors.engine.civitai.CivitaiResponseReader.ParsedImage;
import io.tensors.engine.civitai.CivitaiResponseReader.ParsedModel;
import io.tensors.engine.civitai.CivitaiResponseReader.ParsedStandaloneVersion;
import io.tensors.engine.civitai.CivitaiResponseReader.ParsedVersion;
import io.tensors.engine.civitai.CivitaiResponseReader.Resource;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.ModelMapper;
import io.tensors.engine.store.ModelMapper.CachedParam;
import io.tensors.engine.store.ModelMapper.CachedResource;
import io.tensors.engine.store.ModelMapper.FileRow;
import io.tensors.engine.store.ModelMapper.HashRow;
import io.tensors.engine.store.ModelMapper.ParamRow;
import io.tensors.engine.store.ModelMapper.ResourceRow;
import io.tensors.engine.store.ModelMapper.StoredModel;
import io.tensors.engine.store.ModelMapper.StoredResourceId;
import io.tensors.engine.store.ModelMapper.UnnumberedFile;
import io.tensors.engine.store.ModelMapper.VersionFile;
import io.tensors.engine.store.ModelMapper.VersionImage;
import io.tensors.engine.store.ModelMapper.WordRow;
import io.tensors.engine.store.SearchMapper;
import io.tensors.engine.store.HtmlText;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Stores CivitAI model and model-version bodies normalized in the catalog (SPEC §2 {@code tsr db
 * cache}, §4). Idempotent: the same body twice leaves the same rows with the same ids. A model body
 * replaces what was cached for that model (versions, files, images, hashes, trained words and tag
 * links gone from it are deleted); a version body adds to it and deletes nothing outside that version.
 * One exception: a version gone from the model's list that a local file is linked to is kept, with
 * its files, hashes, trained words and images, but with {@code version_index} NULL, so it is never
 * the latest and a file on it is never reported outdated.
 * Every body is read completely before its transaction starts, so a malformed one changes nothing.
 */
public final class ModelIngest {
    /** Models per transaction in {@link #ingestModels}: big enough for throughput, short enough for other writers. */
    static final int MODELS_PER_TRANSACTION = 50;
    /** Ids per IN list, well under SQLite's bound-variable limit. */
    private static final int IDS_PER_STATEMENT = 500;
    private static final int STATUS_OK = 200;

    private final CatalogStore store;
    private final CivitaiResponseReader reader = new CivitaiResponseReader();

    public ModelIngest(CatalogStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Caches one model: a {@code /models/{id}} body or one {@code items[]} element of {@code /models}.
     *
     * @throws io.tensors.api.TensorsException FAILED when the body is not a model (nothing is written)
     */
    public IngestResult ingestModel(String source, String resource, String modelJson, Instant fetchedAt) {
        return ingestModels(source, List.of(new ModelDocument(resource, modelJson)), fetchedAt).getFirst();
    }

    /**
     * Caches many models, {@value #MODELS_PER_TRANSACTION} per transaction. All bodies are read first:
     * one malformed body fails the call before anything is written.
     */
    public List<IngestResult> ingestModels(String source, List<ModelDocument> docs, Instant fetchedAt) {
        Objects.requireNonNull(source, "source");
        String fetched = fetchedAt.toString();
        List<Pending> pending = new ArrayList<>(docs.size());
        for (ModelDocument doc : docs) {
            pending.add(new Pending(doc, reader.model(doc.resource(), doc.json())));
        }
        List<IngestResult> results = new ArrayList<>(docs.size());
        for (int from = 0; from < pending.size(); from += MODELS_PER_TRANSACTION) {
            List<Pending> chunk = pending.subList(from, Math.min(pending.size(), from + MODELS_PER_TRANSACTION));
            results.addAll(store.write(mappers -> {
                ModelMapper m = mappers.models();
                List<IngestResult> written = new ArrayList<>(chunk.size());
                for (Pending p : chunk) {
                    written.add(writeModel(m, mappers.search(), source, p.doc(), p.model(), fetched));
                }
                return written;
            }));
        }
        return results;
    }

    /**
     * Caches one standalone version ({@code /model-versions/{id}} or by-hash body). Creates the model
     * from the body's {@code model{}} when it is not cached (leaving {@code cached_at} empty: the full
     * model was never fetched) and otherwise leaves the model as it is. The version keeps its stored
     * {@code version_index}; a new one gets none (only the model's list knows the order).
     *
     * @throws io.tensors.api.TensorsException FAILED when the body is not a version (nothing is written)
     */
    public IngestResult ingestVersion(String source, String resource, String versionJson, Instant fetchedAt) {
        Objects.requireNonNull(source, "source");
        String fetched = fetchedAt.toString();
        ParsedStandaloneVersion parsed = reader.standaloneVersion(resource, versionJson);
        return store.write(mappers -> {
            ModelMapper m = mappers.models();
            StoredModel model = m.ensureModel(parsed.model(), source);
            m.saveResponse(source, resource, STATUS_OK, versionJson, fetched);
            Written written = writeVersions(m, model.id(), List.of(parsed.version()), true);
            reindex(mappers.search(), model.id());
            return new IngestResult(parsed.model().civitaiId(), model.name(), 1, written.files(), written.images());
        });
    }

    /** Records that the source no longer has the model (404); its cached data stays. */
    public void markGone(long civitaiModelId, Instant when) {
        store.write(m -> m.models().markGone(civitaiModelId, when.toString()));
    }

    private record Pending(ModelDocument doc, ParsedModel model) {}

    private IngestResult writeModel(ModelMapper m, SearchMapper search, String source, ModelDocument doc, ParsedModel parsed,
            String fetched) {
        Long creatorId = parsed.creatorName() == null ? null : m.upsertCreator(parsed.creatorName(), parsed.creatorImage());
        StoredModel model = m.upsertModel(parsed.row(), creatorId, source, fetched);
        search.setDescriptionText(model.id(), HtmlText.of(parsed.row().description()));
        m.saveResponse(source, doc.resource(), STATUS_OK, doc.json(), fetched);
        m.deleteModelTags(model.id());
        if (!parsed.tags().isEmpty()) {
            m.insertTags(parsed.tags());
            m.linkTags(model.id(), parsed.tags());
        }
        if (parsed.versions() == null) {
            reindex(search, model.id());
            return new IngestResult(parsed.row().civitaiId(), model.name(), 0, 0, 0);
        }
        Written written = writeVersions(m, model.id(), parsed.versions(), false);
        m.unlistOtherVersions(model.id(), written.versionIds());
        m.deleteOtherVersions(model.id(), written.versionIds());
        reindex(search, model.id());
        return new IngestResult(parsed.row().civitaiId(), model.name(), parsed.versions().size(), written.files(),
                written.images());
    }

    private record Written(List<Long> versionIds, int files, int images) {}

    /**
     * Rewrites the model's search index row from what is now in the tables, in the caller's transaction
     * (queued after the model's writes by the batch executor, so it reads them). A model row deleted
     * later takes its index row with it (trigger in V2__search.sql).
     */
    private static void reindex(SearchMapper search, long modelId) {
        search.deleteEntry(modelId);
        search.assignSearchRowid(modelId);
        search.insertEntry(modelId);
    }

    /** Upserts the versions of one model and replaces their trained words, files with hashes, and images. */
    private static Written writeVersions(ModelMapper m, long modelId, List<ParsedVersion> versions, boolean merge) {
        if (versions.isEmpty()) {
            return new Written(List.of(), 0, 0);
        }
        for (ParsedVersion version : versions) {
            if (merge) {
                m.mergeVersion(modelId, version.row());
            } else {
                m.upsertVersion(modelId, version.row());
            }
        }
        Map<Long, Long> idByCivitaiId = new HashMap<>();
        inChunks(versions.stream().map(v -> v.row().civitaiId()).toList(),
                ids -> m.versionIds(ids).forEach(k -> idByCivitaiId.put(k.civitaiId(), k.id())));
        List<Long> versionIds = versions.stream().map(v -> idByCivitaiId.get(v.row().civitaiId())).toList();
        m.deleteTrainedWords(versionIds);
        for (int v = 0; v < versions.size(); v++) {
            List<String> words = versions.get(v).trainedWords();
            for (int position = 0; position < words.size(); position++) {
                m.insertTrainedWord(new WordRow(versionIds.get(v), words.get(position), position));
            }
        }
        int files = writeFiles(m, versions, versionIds);
        int images = writeImages(m, versions, versionIds);
        return new Written(versionIds, files, images);
    }

    private static int writeFiles(ModelMapper m, List<ParsedVersion> versions, List<Long> versionIds) {
        boolean someUnnumbered = false;
        for (int v = 0; v < versions.size(); v++) {
            for (ParsedFile file : versions.get(v).files()) {
                if (file.row().civitaiId() != null) {
                    m.upsertFile(new VersionFile(versionIds.get(v), file.row()));
                } else {
                    someUnnumbered = true;
                }
            }
        }
        Map<Long, Long> idByCivitaiId = new HashMap<>();
        m.fileIds(versionIds).forEach(k -> idByCivitaiId.put(k.civitaiId(), k.id()));
        Map<Long, Map<String, String>> hashesByFile = new LinkedHashMap<>(); // a file listed twice: its last hashes
        for (int v = 0; v < versions.size(); v++) {
            long versionId = versionIds.get(v);
            List<UnnumberedFile> unnumbered = someUnnumbered ? new ArrayList<>(m.unnumberedFiles(versionId)) : List.of();
            for (ParsedFile file : versions.get(v).files()) {
                FileRow row = file.row();
                long fileId;
                if (row.civitaiId() != null) {
                    fileId = idByCivitaiId.get(row.civitaiId());
                } else {
                    // files without a CivitAI id are found again by name, so their row ids stay too
                    UnnumberedFile same = unnumbered.stream().filter(u -> Objects.equals(u.name(), row.name()))
                            .findFirst().orElse(null);
                    if (same != null) {
                        unnumbered.remove(same);
                        m.updateFile(same.id(), versionId, row);
                        fileId = same.id();
                    } else {
                        fileId = m.insertFile(versionId, row);
                    }
                }
                hashesByFile.put(fileId, file.hashes());
            }
        }
        m.deleteOtherFiles(versionIds, hashesByFile.keySet());
        m.deleteHashes(versionIds);
        hashesByFile.forEach((fileId, byType) -> byType.forEach((type, value) -> m.insertHash(new HashRow(fileId, type, value))));
        return hashesByFile.size();
    }

    private static int writeImages(ModelMapper m, List<ParsedVersion> versions, List<Long> versionIds) {
        boolean someWithoutMeta = versions.stream().flatMap(v -> v.images().stream()).anyMatch(i -> i.meta() == null);
        // the models endpoints stopped sending meta in 2024: keep what a version lookup cached for that picture
        Map<String, Meta> cached = someWithoutMeta ? cachedMeta(m, versionIds) : Map.of();
        Map<Long, Deque<Long>> resourceIds = new HashMap<>();
        for (StoredResourceId r : m.resourceIds(versionIds)) {
            resourceIds.computeIfAbsent(r.imageId(), k -> new ArrayDeque<>()).add(r.id());
        }
        int count = 0;
        for (int v = 0; v < versions.size(); v++) {
            for (ParsedImage image : versions.get(v).images()) {
                m.upsertImage(new VersionImage(versionIds.get(v), image.row()));
                count++;
            }
        }
        Map<String, Long> idByPlace = new HashMap<>();
        m.imageIds(versionIds).forEach(i -> idByPlace.put(place(i.versionId(), i.position()), i.id()));
        List<Long> kept = new ArrayList<>();
        List<ResourceRow> resources = new ArrayList<>();
        m.deleteParams(versionIds);
        for (int v = 0; v < versions.size(); v++) {
            long versionId = versionIds.get(v);
            for (ParsedImage image : versions.get(v).images()) {
                long imageId = idByPlace.get(place(versionId, image.row().position()));
                kept.add(imageId);
                Meta meta = image.meta() != null ? image.meta()
                        : cached.getOrDefault(place(versionId, image.row().url()), Meta.NONE);
                meta.params().forEach((key, value) -> m.insertParam(new ParamRow(imageId, key, value)));
                Deque<Long> reusable = resourceIds.getOrDefault(imageId, new ArrayDeque<>());
                for (Resource r : meta.resources()) {
                    resources.add(new ResourceRow(reusable.pollFirst(), imageId, r.name(), r.type(), r.hash(), r.weight()));
                }
            }
        }
        resources.forEach(m::upsertResource);
        inChunks(resourceIds.values().stream().flatMap(Deque::stream).toList(), m::deleteResources);
        m.deleteOtherImages(versionIds, kept);
        return count;
    }

    private static String place(long versionId, Object where) {
        return versionId + " " + where;
    }

    /** Params and resources cached for the versions' images, by version and image url. */
    private static Map<String, Meta> cachedMeta(ModelMapper m, List<Long> versionIds) {
        Map<String, Map<String, String>> params = new LinkedHashMap<>();
        for (CachedParam p : m.cachedParams(versionIds)) {
            params.computeIfAbsent(place(p.versionId(), p.url()), k -> new LinkedHashMap<>()).put(p.key(), p.value());
        }
        Map<String, List<Resource>> resources = new HashMap<>();
        for (CachedResource r : m.cachedResources(versionIds)) {
            resources.computeIfAbsent(place(r.versionId(), r.url()), k -> new ArrayList<>())
                    .add(new Resource(r.name(), r.type(), r.hash(), r.weight()));
        }
        Map<String, Meta> meta = new HashMap<>();
        params.forEach((key, p) -> meta.put(key, new Meta(p, resources.getOrDefault(key, List.of()))));
        resources.forEach((key, r) -> meta.putIfAbsent(key, new Meta(Map.of(), r)));
        return meta;
    }

    private static <T> void inChunks(List<T> rows, Consumer<List<T>> write) {
        for (int from = 0; from < rows.size(); from += IDS_PER_STATEMENT) {
            write.accept(rows.subList(from, Math.min(rows.size(), from + IDS_PER_STATEMENT)));
        }
    }
}
