package io.tensors.engine.remote;

import io.tensors.api.ErrorCode;
import io.tensors.api.FetchResult;
import io.tensors.api.ModelSource;
import io.tensors.api.RemoteModel;
import io.tensors.api.RemoteSearch;
import io.tensors.api.TensorsException;
import io.tensors.engine.civitai.ModelIngest;
import io.tensors.engine.store.CatalogStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code tsr search}: CivitAI's model search with its filters checked first, its cursors walked, and
 * every model returned cached (so {@code db search} finds them offline afterwards).
 */
public final class RemoteSearcher {
    /** CivitAI's ModelType values. */
    static final List<String> TYPES = List.of("Checkpoint", "TextualInversion", "Hypernetwork", "AestheticGradient", "LORA",
            "LoCon", "DoRA", "Controlnet", "Upscaler", "MotionModule", "VAE", "TextEncoder", "UNet", "CLIPVision", "Poses",
            "Wildcards", "Workflows", "ComfyWorkflows", "Detection", "VisionLanguage", "CLIP", "LLM", "Other");
    static final List<String> SORTS = List.of("Highest Rated", "Most Downloaded", "Most Liked", "Most Discussed",
            "Most Collected", "Most Images", "Newest", "Oldest");
    static final List<String> PERIODS = List.of("AllTime", "Year", "Month", "Week", "Day");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CatalogStore store;
    private final List<ModelSource> sources;
    private final Clock clock;

    public RemoteSearcher(CatalogStore store, List<ModelSource> sources, Clock clock) {
        this.store = store;
        this.sources = sources;
        this.clock = clock;
    }

    /** @return the CivitAI query parameters, each value checked against what CivitAI accepts */
    public static Map<String, List<String>> parameters(RemoteSearch search) {
        if (search.limit() < 1 || search.limit() > 100) {
            throw bad("--limit must be between 1 and 100, not " + search.limit());
        }
        if (search.page() < 1) {
            throw bad("--page must be at least 1, not " + search.page());
        }
        Map<String, List<String>> p = new LinkedHashMap<>();
        if (search.query() != null && !search.query().isBlank()) {
            p.put("query", List.of(search.query().strip()));
        }
        List<String> types = new ArrayList<>();
        for (String type : search.types()) {
            types.add(accepted("--type", type, TYPES));
        }
        if (!types.isEmpty()) {
            p.put("types", types);
        }
        List<String> bases = search.baseModels().stream().map(String::strip).filter(b -> !b.isEmpty()).toList();
        if (!bases.isEmpty()) {
            p.put("baseModels", bases);
        }
        if (search.sort() != null) {
            p.put("sort", List.of(accepted("--sort", search.sort(), SORTS)));
        }
        if (search.period() != null) {
            p.put("period", List.of(accepted("--period", search.period(), PERIODS)));
        }
        if (search.tag() != null && !search.tag().isBlank()) {
            p.put("tag", List.of(search.tag().strip()));
        }
        if (search.username() != null && !search.username().isBlank()) {
            p.put("username", List.of(search.username().strip()));
        }
        p.put("nsfw", List.of(Boolean.TRUE.equals(search.nsfw()) ? "true" : "false"));
        p.put("limit", List.of(Integer.toString(search.limit())));
        return p;
    }

    /** A value matched ignoring case, spaces and dashes; anything else is refused listing what is accepted. */
    private static String accepted(String option, String value, List<String> values) {
        String key = value.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
        for (String v : values) {
            if (v.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "").equals(key)) {
                return v;
            }
        }
        throw bad(option + " '" + value + "' is not one CivitAI accepts; use one of: " + String.join(", ", values));
    }

    public List<RemoteModel> search(RemoteSearch search) {
        Map<String, List<String>> parameters = parameters(search);
        ModelSource source = sources.stream().filter(ModelSource::remote).findFirst()
                .orElseThrow(() -> new TensorsException(ErrorCode.FAILED, "no plugin searches CivitAI; check 'tsr plugins'"));
        ModelIngest ingest = new ModelIngest(store);
        List<RemoteModel> models = new ArrayList<>();
        String cursor = null;
        int last = search.all() ? search.page() + RemoteSearch.MAX_PAGES - 1 : search.page();
        for (int page = 1; page <= last; page++) {
            Map<String, List<String>> asked = new LinkedHashMap<>(parameters);
            if (cursor != null) {
                asked.put("cursor", List.of(cursor));
            }
            JsonNode answer = switch (source.searchModels(asked)) {
                case FetchResult.Found found -> parse(found.modelJson());
                case FetchResult.Failed failed -> throw new TensorsException(ErrorCode.FAILED, failed.reason());
                case FetchResult.NotFound n -> throw new TensorsException(ErrorCode.FAILED, "CivitAI's model search answered 404; try again later");
                case FetchResult.Unsupported u -> throw new TensorsException(ErrorCode.FAILED, "the source cannot search models");
            };
            if (page >= search.page()) {
                for (JsonNode item : answer.path("items").values()) {
                    if (!item.path("id").canConvertToLong()) {
                        continue;
                    }
                    long id = item.path("id").asLong();
                    ingest.ingestModel(source.id(), "models/" + id, JSON.writeValueAsString(item), clock.instant());
                    models.add(row(item, id));
                }
            }
            Optional<String> next = nextCursor(answer.path("metadata"));
            if (next.isEmpty()) {
                break;
            }
            cursor = next.get();
        }
        return models;
    }

    private static Optional<String> nextCursor(JsonNode metadata) {
        JsonNode next = metadata.path("nextCursor");
        if (next.isString() && !next.asString().isBlank() || next.isNumber()) {
            return Optional.of(next.asString());
        }
        return Optional.empty();
    }

    private RemoteModel row(JsonNode item, long id) {
        JsonNode latest = item.path("modelVersions").path(0);
        JsonNode stats = item.path("stats");
        boolean onDisk = store.read(m -> m.downloads().modelOnDisk(id));
        return new RemoteModel(id, item.path("name").asString(""), text(item.path("type")), text(latest.path("baseModel")),
                number(stats.path("downloadCount")), number(stats.path("thumbsUpCount")),
                stats.path("rating").isNumber() ? stats.path("rating").asDouble() : null, text(latest.path("name")),
                number(latest.path("id")), onDisk);
    }

    private static String text(JsonNode n) {
        return n.isString() ? n.asString() : null;
    }

    private static Long number(JsonNode n) {
        return n.canConvertToLong() ? n.asLong() : null;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            throw new TensorsException(ErrorCode.FAILED, "CivitAI's model search answered malformed JSON; try again later");
        }
    }

    private static TensorsException bad(String message) {
        return new TensorsException(ErrorCode.BAD_INPUT, message);
    }
}
