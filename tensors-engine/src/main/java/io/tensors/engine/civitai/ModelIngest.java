package io.tensors.engine.civitai;

import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.Chunks;
import io.tensors.engine.store.IngestResult;
import io.tensors.engine.store.ModelEntry;
import io.tensors.engine.store.ModelWriter;
import io.tensors.engine.store.SourceResponse;
import io.tensors.engine.store.StandaloneVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Caches CivitAI model and model-version bodies ({@code tsr db cache}, and {@code tsr db link} for what
 * it finds) in two steps: {@link CivitaiResponseReader} turns a body into a value, {@link ModelWriter}
 * writes the value (what it keeps and replaces is described there). Every body is read completely
 * before its transaction starts, so a malformed one changes nothing.
 */
public final class ModelIngest {
    /** Models per transaction in {@link #ingestModels}: big enough for throughput, short enough for other writers. */
    static final int MODELS_PER_TRANSACTION = 50;

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
        List<ModelEntry> entries = new ArrayList<>(docs.size());
        for (ModelDocument doc : docs) {
            entries.add(reader.model(new SourceResponse(source, doc.resource(), doc.json(), fetchedAt)));
        }
        return write(entries);
    }

    /** Writes models already read, {@value #MODELS_PER_TRANSACTION} per transaction. */
    public List<IngestResult> write(List<ModelEntry> entries) {
        List<IngestResult> results = new ArrayList<>(entries.size());
        for (List<ModelEntry> chunk : Chunks.of(entries, MODELS_PER_TRANSACTION)) {
            results.addAll(store.write(mappers -> {
                ModelWriter writer = new ModelWriter(mappers);
                return chunk.stream().map(writer::model).toList();
            }));
        }
        return results;
    }

    /**
     * Caches one standalone version ({@code /model-versions/{id}} or by-hash body); see
     * {@link ModelWriter#version} for what it keeps of the model.
     *
     * @throws io.tensors.api.TensorsException FAILED when the body is not a version (nothing is written)
     */
    public IngestResult ingestVersion(String source, String resource, String versionJson, Instant fetchedAt) {
        Objects.requireNonNull(source, "source");
        return write(reader.standaloneVersion(new SourceResponse(source, resource, versionJson, fetchedAt)));
    }

    /** Writes one version already read. */
    public IngestResult write(StandaloneVersion entry) {
        return store.write(mappers -> new ModelWriter(mappers).version(entry));
    }

    /** Records that the source no longer has the model (404); its cached data stays. */
    public void markGone(long civitaiModelId, Instant when) {
        store.write(mappers -> {
            new ModelWriter(mappers).markGone(civitaiModelId, when.toString());
            return null;
        });
    }
}
