package io.tensors.engine.remote;

import io.tensors.api.ErrorCode;
import io.tensors.api.ModelPage;
import io.tensors.api.TensorsException;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.HtmlText;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code tsr get}: a model's page from its cached answer (fetched and cached first when needed). */
public final class ModelPages {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CatalogStore store;
    private final ModelLocator locator;
    private final URI civitaiUrl;

    public ModelPages(CatalogStore store, ModelLocator locator, URI civitaiUrl) {
        this.store = store;
        this.locator = locator;
        this.civitaiUrl = civitaiUrl;
    }

    public ModelPage page(Long modelId, Long versionId, String hash, boolean refresh) {
        long id;
        if (modelId != null) {
            if (modelId <= 0) {
                throw new TensorsException(ErrorCode.BAD_INPUT, "model id " + modelId + " is not a CivitAI model id");
            }
            id = modelId;
        } else if (versionId != null) {
            id = locator.modelOfVersion(versionId);
        } else {
            id = locator.modelOfVersion(locator.versionWithHash(hash));
        }
        String resource = "models/" + id;
        String json = refresh ? null : store.read(m -> m.downloads().cachedResponse(resource));
        if (json == null) {
            locator.cacheModel(id);
            json = store.read(m -> m.downloads().cachedResponse(resource));
        }
        if (json == null) {
            throw new TensorsException(ErrorCode.FAILED, "model " + id + " could not be cached; try again later");
        }
        try {
            return page(id, JSON.readTree(json));
        } catch (JacksonException e) {
            throw new TensorsException(ErrorCode.FAILED, "the cached answer for model " + id + " is not JSON; run with --refresh");
        }
    }

    private ModelPage page(long id, JsonNode model) {
        String base = civitaiUrl.toString().replaceAll("/+$", "");
        List<ModelPage.Version> versions = new ArrayList<>();
        for (JsonNode v : model.path("modelVersions").values()) {
            List<ModelPage.File> files = new ArrayList<>();
            for (JsonNode f : v.path("files").values()) {
                Map<String, String> hashes = new LinkedHashMap<>();
                f.path("hashes").properties().forEach(e -> {
                    if (e.getValue().isString()) {
                        hashes.put(e.getKey(), e.getValue().asString().toUpperCase(java.util.Locale.ROOT));
                    }
                });
                String sha = hashes.get("SHA256");
                List<String> onDisk = sha == null ? List.of() : store.read(m -> m.downloads().pathsWithSha256(sha));
                files.add(new ModelPage.File(number(f.path("id")), text(f.path("name")),
                        f.path("sizeKB").isNumber() ? (long) (f.path("sizeKB").asDouble() * 1024) : null,
                        text(f.path("metadata").path("format")), text(f.path("metadata").path("fp")),
                        f.path("primary").asBoolean(false), hashes, onDisk));
            }
            List<String> words = new ArrayList<>();
            v.path("trainedWords").values().forEach(w -> {
                if (w.isString()) {
                    words.add(w.asString());
                }
            });
            long versionId = v.path("id").asLong();
            String published = text(v.path("publishedAt")) != null ? text(v.path("publishedAt")) : text(v.path("createdAt"));
            versions.add(new ModelPage.Version(versionId, v.path("name").asString(""), text(v.path("baseModel")), published, words,
                    base + "/models/" + id + "?modelVersionId=" + versionId, files));
        }
        List<String> tags = new ArrayList<>();
        model.path("tags").values().forEach(t -> {
            String tag = t.isString() ? t.asString() : text(t.path("name"));
            if (tag != null) {
                tags.add(tag);
            }
        });
        String description = text(model.path("description"));
        return new ModelPage(id, model.path("name").asString("model " + id), text(model.path("type")),
                text(model.path("creator").path("username")), description == null ? null : HtmlText.of(description).strip(),
                base + "/models/" + id, tags, versions, null);
    }

    private static String text(JsonNode n) {
        return n != null && n.isString() ? n.asString() : null;
    }

    private static Long number(JsonNode n) {
        return n.canConvertToLong() ? n.asLong() : null;
    }
}
