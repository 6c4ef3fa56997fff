package io.tensors.engine.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes normalized models and versions into the catalog, in the caller's transaction. Idempotent: the
 * same entry twice leaves the same rows with the same ids. A model entry replaces what was cached for
 * that model (versions, files, images, hashes, trained words and tag links gone from it are deleted); a
 * standalone version adds to it and deletes nothing outside that version. One exception: a version gone
 * from the model's list that a local file is linked to is kept, with its files, hashes, trained words and
 * images, but with {@code version_index} NULL, so it is never the latest and a file on it is never
 * reported outdated. Child rows go in one single-row statement each: under the store's BATCH executor
 * consecutive calls become one JDBC batch (one prepare), far cheaper than MyBatis {@code <foreach>} rows.
 */
public final class ModelWriter {
    private static final int STATUS_OK = 200;

    private final ModelMapper models;
    private final VersionMapper versions;
    private final VersionFileMapper files;
    private final ImageMapper images;
    private final SearchMapper search;

    /** @param mappers the mappers of a write transaction ({@link CatalogStore#write}) */
    public ModelWriter(Mappers mappers) {
        this.models = mappers.models();
        this.versions = mappers.versions();
        this.files = mappers.versionFiles();
        this.images = mappers.images();
        this.search = mappers.search();
    }

    /** Writes one model and, when the entry lists them, replaces its versions. */
    public IngestResult model(ModelEntry entry) {
        SourceResponse response = entry.response();
        String fetched = response.fetchedAt().toString();
        ModelRow row = entry.row();
        Long creatorId = entry.creator() == null ? null
                : models.upsertCreator(entry.creator().username(), entry.creator().imageUrl());
        StoredModel model = models.upsertModel(row, creatorId, response.source(), fetched);
        search.setDescriptionText(model.id(), HtmlText.of(row.description()));
        saveResponse(response);
        models.deleteModelTags(model.id());
        if (!entry.tags().isEmpty()) {
            models.insertTags(entry.tags());
            models.linkTags(model.id(), entry.tags());
        }
        if (entry.versions() == null) {
            reindex(model.id());
            return new IngestResult(row.civitaiId(), model.name(), 0, 0, 0);
        }
        Written written = writeVersions(model.id(), entry.versions(), false);
        versions.unlistOtherVersions(model.id(), written.versionIds());
        versions.deleteOtherVersions(model.id(), written.versionIds());
        reindex(model.id());
        return new IngestResult(row.civitaiId(), model.name(), entry.versions().size(), written.files(),
                written.images());
    }

    /**
     * Writes one standalone version. Creates the model from the entry's stub when it is not cached
     * (leaving {@code cached_at} empty: the full model was never fetched) and otherwise leaves the model as
     * it is. The version keeps its stored {@code version_index}; a new one gets none (only the model's list
     * knows the order).
     */
    public IngestResult version(StandaloneVersion entry) {
        StoredModel model = models.ensureModel(entry.model(), entry.response().source());
        saveResponse(entry.response());
        Written written = writeVersions(model.id(), List.of(entry.version()), true);
        reindex(model.id());
        return new IngestResult(entry.model().civitaiId(), model.name(), 1, written.files(), written.images());
    }

    /** Records that the source no longer has the model; its cached data stays. */
    public void markGone(long civitaiModelId, String when) {
        models.markGone(civitaiModelId, when);
    }

    private void saveResponse(SourceResponse response) {
        if (response.body() != null) {
            models.saveResponse(response.source(), response.resource(), STATUS_OK, response.body(),
                    response.fetchedAt().toString());
        }
    }

    private record Written(List<Long> versionIds, int files, int images) {}

    /**
     * Rewrites the model's search index row from what is now in the tables (queued after the model's
     * writes by the batch executor, so it reads them). A model row deleted later takes its index row with
     * it (trigger in V2__search.sql).
     */
    private void reindex(long modelId) {
        search.deleteEntry(modelId);
        search.deleteSubstringEntry(modelId);
        search.deleteGramsEntry(modelId);
        search.assignSearchRowid(modelId);
        search.insertEntry(modelId);
        search.insertSubstringEntry(modelId);
        search.insertGramsEntry(modelId);
    }

    /** Upserts the versions of one model and replaces their trained words, files with hashes, and images. */
    private Written writeVersions(long modelId, List<VersionEntry> entries, boolean merge) {
        if (entries.isEmpty()) {
            return new Written(List.of(), 0, 0);
        }
        for (VersionEntry version : entries) {
            if (merge) {
                versions.mergeVersion(modelId, version.row());
            } else {
                versions.upsertVersion(modelId, version.row());
            }
        }
        Map<Long, Long> idByCivitaiId = new HashMap<>();
        Chunks.ofIds(entries.stream().map(v -> v.row().civitaiId()).toList())
                .forEach(ids -> versions.versionIds(ids).forEach(k -> idByCivitaiId.put(k.civitaiId(), k.id())));
        List<Long> versionIds = entries.stream().map(v -> idByCivitaiId.get(v.row().civitaiId())).toList();
        versions.deleteTrainedWords(versionIds);
        for (int v = 0; v < entries.size(); v++) {
            List<String> words = entries.get(v).trainedWords();
            for (int position = 0; position < words.size(); position++) {
                versions.insertTrainedWord(new WordRow(versionIds.get(v), words.get(position), position));
            }
        }
        int fileCount = writeFiles(entries, versionIds);
        int imageCount = writeImages(entries, versionIds);
        return new Written(versionIds, fileCount, imageCount);
    }

    private int writeFiles(List<VersionEntry> entries, List<Long> versionIds) {
        boolean someUnnumbered = false;
        for (int v = 0; v < entries.size(); v++) {
            for (FileEntry file : entries.get(v).files()) {
                if (file.row().civitaiId() != null) {
                    files.upsertFile(new VersionFile(versionIds.get(v), file.row()));
                } else {
                    someUnnumbered = true;
                }
            }
        }
        Map<Long, Long> idByCivitaiId = new HashMap<>();
        files.fileIds(versionIds).forEach(k -> idByCivitaiId.put(k.civitaiId(), k.id()));
        Map<Long, Map<String, String>> hashesByFile = new LinkedHashMap<>(); // a file listed twice: its last hashes
        for (int v = 0; v < entries.size(); v++) {
            long versionId = versionIds.get(v);
            List<UnnumberedFile> unnumbered = someUnnumbered ? new ArrayList<>(files.unnumberedFiles(versionId)) : List.of();
            for (FileEntry file : entries.get(v).files()) {
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
                        files.updateFile(same.id(), versionId, row);
                        fileId = same.id();
                    } else {
                        fileId = files.insertFile(versionId, row);
                    }
                }
                hashesByFile.put(fileId, file.hashes());
            }
        }
        files.deleteOtherFiles(versionIds, hashesByFile.keySet());
        files.deleteHashes(versionIds);
        hashesByFile.forEach((fileId, byType) ->
                byType.forEach((type, value) -> files.insertHash(new HashRow(fileId, type, value))));
        return hashesByFile.size();
    }

    private int writeImages(List<VersionEntry> entries, List<Long> versionIds) {
        boolean someWithoutMeta = entries.stream().flatMap(v -> v.images().stream()).anyMatch(i -> i.meta() == null);
        // the models endpoints stopped sending meta in 2024: keep what a version lookup cached for that picture
        Map<String, ImageMeta> cached = someWithoutMeta ? cachedMeta(versionIds) : Map.of();
        Map<Long, Deque<Long>> resourceIds = new HashMap<>();
        for (StoredResourceId r : images.resourceIds(versionIds)) {
            resourceIds.computeIfAbsent(r.imageId(), k -> new ArrayDeque<>()).add(r.id());
        }
        int count = 0;
        for (int v = 0; v < entries.size(); v++) {
            for (ImageEntry image : entries.get(v).images()) {
                images.upsertImage(new VersionImage(versionIds.get(v), image.row()));
                count++;
            }
        }
        Map<String, Long> idByPlace = new HashMap<>();
        images.imageIds(versionIds).forEach(i -> idByPlace.put(place(i.versionId(), i.position()), i.id()));
        List<Long> kept = new ArrayList<>();
        List<ResourceRow> resources = new ArrayList<>();
        images.deleteParams(versionIds);
        for (int v = 0; v < entries.size(); v++) {
            long versionId = versionIds.get(v);
            for (ImageEntry image : entries.get(v).images()) {
                long imageId = idByPlace.get(place(versionId, image.row().position()));
                kept.add(imageId);
                ImageMeta meta = image.meta() != null ? image.meta()
                        : cached.getOrDefault(place(versionId, image.row().url()), ImageMeta.NONE);
                meta.params().forEach((key, value) -> images.insertParam(new ParamRow(imageId, key, value)));
                Deque<Long> reusable = resourceIds.getOrDefault(imageId, new ArrayDeque<>());
                for (GenerationResource r : meta.resources()) {
                    resources.add(new ResourceRow(reusable.pollFirst(), imageId, r.name(), r.type(), r.hash(), r.weight()));
                }
            }
        }
        resources.forEach(images::upsertResource);
        Chunks.ofIds(resourceIds.values().stream().flatMap(Deque::stream).toList()).forEach(images::deleteResources);
        images.deleteOtherImages(versionIds, kept);
        return count;
    }

    private static String place(long versionId, Object where) {
        return versionId + " " + where;
    }

    /** Params and resources cached for the versions' images, by version and image url. */
    private Map<String, ImageMeta> cachedMeta(List<Long> versionIds) {
        Map<String, Map<String, String>> params = new LinkedHashMap<>();
        for (CachedParam p : images.cachedParams(versionIds)) {
            params.computeIfAbsent(place(p.versionId(), p.url()), k -> new LinkedHashMap<>()).put(p.key(), p.value());
        }
        Map<String, List<GenerationResource>> resources = new HashMap<>();
        for (CachedResource r : images.cachedResources(versionIds)) {
            resources.computeIfAbsent(place(r.versionId(), r.url()), k -> new ArrayList<>())
                    .add(new GenerationResource(r.name(), r.type(), r.hash(), r.weight()));
        }
        Map<String, ImageMeta> meta = new HashMap<>();
        params.forEach((key, p) -> meta.put(key, new ImageMeta(p, resources.getOrDefault(key, List.of()))));
        resources.forEach((key, r) -> meta.putIfAbsent(key, new ImageMeta(Map.of(), r)));
        return meta;
    }
}
