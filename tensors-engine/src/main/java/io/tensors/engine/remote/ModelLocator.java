package io.tensors.engine.remote;

import io.tensors.api.ErrorCode;
import io.tensors.api.FetchResult;
import io.tensors.api.FileQuery;
import io.tensors.api.LookupResult;
import io.tensors.api.ModelSource;
import io.tensors.api.ProgressListener;
import io.tensors.api.TensorsException;
import io.tensors.api.VersionMatch;
import io.tensors.engine.link.Linker;
import io.tensors.engine.store.CatalogStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds which CivitAI model a version id or a hash belongs to, from the cache first and from the
 * sources otherwise, and caches models: what {@code get} and {@code dl} share.
 */
public final class ModelLocator {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{8,64}");

    private final CatalogStore store;
    private final List<ModelSource> sources;
    private final Linker linker;
    private final ProgressListener problems;

    public ModelLocator(CatalogStore store, List<ModelSource> sources, Linker linker, ProgressListener problems) {
        this.store = store;
        this.sources = sources;
        this.linker = linker;
        this.problems = problems;
    }

    /** @return the model of a version: the cache's, else the source's answer */
    public long modelOfVersion(long versionId) {
        if (versionId <= 0) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "version id " + versionId + " is not a CivitAI version id");
        }
        Long cached = store.read(m -> m.downloads().modelOfVersion(versionId));
        if (cached != null) {
            return cached;
        }
        return fetchModelOfVersion(versionId);
    }

    private long fetchModelOfVersion(long versionId) {
        List<String> failures = new ArrayList<>();
        for (ModelSource source : sources) {
            switch (source.fetchVersion(versionId)) {
                case FetchResult.Found found -> {
                    try {
                        JsonNode modelId = JSON.readTree(found.modelJson()).path("modelId");
                        if (modelId.canConvertToLong() && modelId.asLong() > 0) {
                            return modelId.asLong();
                        }
                    } catch (JacksonException e) {
                        // reported below as a failure of this source
                    }
                    failures.add(source.id() + ": the version's answer has no model id");
                }
                case FetchResult.NotFound n -> throw new TensorsException(ErrorCode.BAD_INPUT, "version " + versionId
                        + ": CivitAI has no such version; check the id (the number after modelVersionId= in a model page's URL)");
                case FetchResult.Failed f -> failures.add(f.reason());
                case FetchResult.Unsupported u -> {
                    // the next source
                }
            }
        }
        throw unreachable("version " + versionId, failures);
    }

    /** @return the version whose file has the hash; its model is cached */
    public long versionWithHash(String hash) {
        String h = hash.strip();
        if (!HEX.matcher(h).matches()) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "--hash '" + hash + "' is not a hash: give 8 to 64 hex digits"
                    + " (SHA256, AutoV2, AutoV3, CRC32...)");
        }
        List<Long> cached = store.read(m -> m.downloads().versionsWithHash(h));
        if (cached.size() == 1) {
            return cached.getFirst();
        }
        if (cached.size() > 1) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "hash " + h + " matches " + cached.size() + " cached versions "
                    + cached + "; give the version id instead");
        }
        String type = h.length() == 64 ? "SHA256" : "AutoV3"; // CivitAI's GET by hash matches any type
        List<String> failures = new ArrayList<>();
        for (ModelSource source : sources) {
            LookupResult result = source.lookup(List.of(new FileQuery("hash " + h, Map.of(type, h.toUpperCase(Locale.ROOT))))).getFirst();
            switch (result) {
                case LookupResult.Found found -> {
                    VersionMatch match = found.versions().getFirst();
                    cacheModel(match.modelId());
                    return match.versionId();
                }
                case LookupResult.Failed f -> failures.add(f.reason());
                case LookupResult.NotFound n -> {
                    // the next source
                }
            }
        }
        if (failures.isEmpty()) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "hash " + h + ": no CivitAI file has it; check the hash");
        }
        throw unreachable("hash " + h, failures);
    }

    /** Fetches the model with all its versions into the cache. */
    public void cacheModel(long modelId) {
        var summary = linker.cache(List.of(modelId), problems);
        if (summary.cached() == 0) {
            String why = summary.problems().isEmpty() ? "CivitAI could not be asked" : summary.problems().getFirst();
            String named = "model " + modelId + ": ";
            why = why.startsWith(named) ? why.substring(named.length()) : why; // the problem names the model too
            throw new TensorsException(ErrorCode.FAILED, "model " + modelId + " could not be fetched: " + why);
        }
    }

    private static TensorsException unreachable(String what, List<String> failures) {
        return new TensorsException(ErrorCode.FAILED, failures.isEmpty() ? what + ": no online source to ask (offline?)"
                : failures.getFirst());
    }
}
