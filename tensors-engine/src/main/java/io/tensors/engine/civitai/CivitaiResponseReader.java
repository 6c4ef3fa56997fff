package io.tensors.engine.civitai;

import static io.tensors.engine.civitai.CivitaiFields.blankToNull;
import static io.tensors.engine.civitai.CivitaiFields.bool;
import static io.tensors.engine.civitai.CivitaiFields.commaSeparated;
import static io.tensors.engine.civitai.CivitaiFields.decimal;
import static io.tensors.engine.civitai.CivitaiFields.integer;
import static io.tensors.engine.civitai.CivitaiFields.nsfwLevel;
import static io.tensors.engine.civitai.CivitaiFields.text;
import static io.tensors.engine.civitai.CivitaiFields.timestamp;
import static io.tensors.engine.civitai.CivitaiFields.whole;

import io.tensors.api.ErrorCode;
import io.tensors.api.JsonErrors;
import io.tensors.api.TensorsException;
import io.tensors.engine.store.Creator;
import io.tensors.engine.store.FileEntry;
import io.tensors.engine.store.FileRow;
import io.tensors.engine.store.GenerationResource;
import io.tensors.engine.store.ImageEntry;
import io.tensors.engine.store.ImageMeta;
import io.tensors.engine.store.ImageRow;
import io.tensors.engine.store.ModelEntry;
import io.tensors.engine.store.ModelRow;
import io.tensors.engine.store.ModelStub;
import io.tensors.engine.store.SourceResponse;
import io.tensors.engine.store.StandaloneVersion;
import io.tensors.engine.store.VersionEntry;
import io.tensors.engine.store.VersionRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns CivitAI model and model-version bodies into the values {@link io.tensors.engine.store.ModelWriter}
 * writes. Reads everything before anything is written, so a malformed body fails here and the catalog
 * stays as it was. Every field except ids is
 * optional; unknown keys are ignored.
 */
final class CivitaiResponseReader {
    /** CivitAI's hash type names; other spellings of them are written the same way. */
    private static final List<String> HASH_TYPES = List.of("SHA256", "AutoV1", "AutoV2", "AutoV3", "CRC32", "BLAKE3");

    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // a cut or doubled body is not a response
            .build();

    ModelEntry model(SourceResponse response) {
        String resource = response.resource();
        JsonNode root = parse(resource, response.body());
        long id = requiredId(resource, root, "id", "model id");
        JsonNode stats = root.path("stats");
        ModelRow row = new ModelRow(id, text(root.path("name")), text(root.path("description")),
                text(root.path("type")), bool(root.path("nsfw")), integer(stats.path("downloadCount")),
                integer(stats.path("thumbsUpCount")), integer(stats.path("thumbsDownCount")),
                integer(stats.path("commentCount")), integer(stats.path("favoriteCount")),
                integer(stats.path("ratingCount")), decimal(stats.path("rating")), bool(root.path("poi")),
                bool(root.path("minor")), bool(root.path("sfwOnly")), nsfwLevel(root.path("nsfwLevel")),
                text(root.path("availability")), text(root.path("mode")), bool(root.path("allowNoCredit")),
                commaSeparated(root.path("allowCommercialUse")), bool(root.path("allowDerivatives")),
                bool(root.path("allowDifferentLicense")), bool(root.path("supportsGeneration")),
                timestamp(root.path("createdAt")), timestamp(root.path("updatedAt")));
        JsonNode creator = root.path("creator");
        List<String> tags = tags(root.path("tags"));
        List<VersionEntry> versions = null; // absent list: no evidence that versions are gone
        JsonNode list = root.path("modelVersions");
        if (list.isArray()) {
            List<Integer> indexes = consistentIndexes(list);
            Map<Long, VersionEntry> byId = new LinkedHashMap<>(); // a version listed twice is stored once
            for (int i = 0; i < list.size(); i++) {
                VersionEntry version = version(resource, list.get(i), indexes != null ? indexes.get(i) : i);
                byId.putIfAbsent(version.row().civitaiId(), version);
            }
            versions = List.copyOf(byId.values());
        }
        String username = text(creator.path("username"));
        return new ModelEntry(response, row, username == null ? null : new Creator(username, text(creator.path("image"))),
                tags, versions);
    }

    StandaloneVersion standaloneVersion(SourceResponse response) {
        String resource = response.resource();
        JsonNode root = parse(resource, response.body());
        requiredId(resource, root, "id", "version id");
        long modelId = requiredId(resource, root, "modelId", "modelId");
        JsonNode model = root.path("model");
        ModelStub stub = new ModelStub(modelId, text(model.path("name")), text(model.path("type")),
                bool(model.path("nsfw")), bool(model.path("poi")), text(model.path("mode")));
        return new StandaloneVersion(response, stub, version(resource, root, null));
    }

    private VersionEntry version(String resource, JsonNode v, Integer index) {
        long id = requiredId(resource, v, "id", "version id");
        JsonNode stats = v.path("stats");
        String earlyAccess = timestamp(v.path("earlyAccessEndsAt"));
        VersionRow row = new VersionRow(id, text(v.path("name")), text(v.path("baseModel")),
                text(v.path("baseModelType")), text(v.path("downloadUrl")), index, text(v.path("description")),
                text(v.path("status")), text(v.path("availability")), nsfwLevel(v.path("nsfwLevel")),
                earlyAccess != null ? earlyAccess : timestamp(v.path("earlyAccessDeadline")),
                timestamp(v.path("createdAt")), timestamp(v.path("updatedAt")), timestamp(v.path("publishedAt")),
                integer(stats.path("downloadCount")), integer(stats.path("thumbsUpCount")),
                integer(stats.path("thumbsDownCount")), integer(stats.path("ratingCount")),
                decimal(stats.path("rating")), blankToNull(text(v.path("air"))));
        List<String> words = new ArrayList<>();
        for (JsonNode word : v.path("trainedWords")) {
            if (word.isValueNode() && !word.isNull()) {
                words.add(word.asString());
            }
        }
        List<FileEntry> files = new ArrayList<>();
        for (JsonNode file : v.path("files")) {
            if (file.isObject()) {
                files.add(file(file));
            }
        }
        List<ImageEntry> images = new ArrayList<>();
        JsonNode list = v.path("images").isArray() ? v.path("images") : json.createArrayNode();
        for (int position = 0; position < list.size(); position++) {
            JsonNode image = list.get(position);
            if (image.isObject() && text(image.path("url")) != null) { // a picture without a url shows nothing
                images.add(image(image, position));
            }
        }
        return new VersionEntry(row, words, files, images);
    }

    private static FileEntry file(JsonNode f) {
        JsonNode metadata = f.path("metadata");
        FileRow row = new FileRow(integer(f.path("id")), text(f.path("name")), decimal(f.path("sizeKB")),
                text(metadata.path("format")), text(metadata.path("fp")), text(metadata.path("size")),
                text(f.path("type")), Boolean.TRUE.equals(bool(f.path("primary"))), text(f.path("downloadUrl")),
                text(f.path("pickleScanResult")), text(f.path("pickleScanMessage")), text(f.path("virusScanResult")),
                text(f.path("virusScanMessage")), timestamp(f.path("scannedAt")));
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> hash : f.path("hashes").properties()) {
            String value = text(hash.getValue());
            if (value != null && !value.isBlank()) {
                hashes.put(hashType(hash.getKey()), value.strip().toUpperCase(Locale.ROOT));
            }
        }
        return new FileEntry(row, hashes);
    }

    private ImageEntry image(JsonNode i, int position) {
        JsonNode metaNode = i.get("meta");
        ImageMeta meta = metaNode == null ? null : metaNode.isObject() ? meta(metaNode) : ImageMeta.NONE;
        Integer level = nsfwLevel(i.path("nsfwLevel"));
        boolean hasMeta = (meta != null && !meta.params().isEmpty()) || Boolean.TRUE.equals(bool(i.path("hasMeta")));
        ImageRow row = new ImageRow(integer(i.path("id")), position, text(i.path("url")), text(i.path("type")),
                whole(i.path("width")), whole(i.path("height")), level != null ? level : nsfwLevel(i.path("nsfw")),
                text(i.path("hash")), hasMeta);
        return new ImageEntry(row, meta);
    }

    private ImageMeta meta(JsonNode meta) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : meta.properties()) {
            JsonNode value = entry.getValue();
            params.put(entry.getKey(), value.isNull() ? null
                    : value.isContainer() ? json.writeValueAsString(value) : value.asString());
        }
        List<GenerationResource> resources = new ArrayList<>();
        for (JsonNode r : meta.path("resources")) {
            if (r.isObject()) {
                String hash = text(r.path("hash"));
                resources.add(new GenerationResource(text(r.path("name")), text(r.path("type")),
                        hash == null ? null : hash.toUpperCase(Locale.ROOT), decimal(r.path("weight"))));
            }
        }
        return new ImageMeta(params, resources);
    }

    private JsonNode parse(String resource, String body) {
        if (body == null || body.isBlank()) {
            throw malformed(resource, "empty body");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw malformed(resource, "not JSON (" + JsonErrors.plain(e.getOriginalMessage()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw malformed(resource, "expected a JSON object, got " + (root == null ? "nothing" : root.getNodeType()));
        }
        return root;
    }

    private static long requiredId(String resource, JsonNode node, String field, String label) {
        Long id = integer(node.path(field));
        if (id == null || id <= 0) {
            throw malformed(resource, node.hasNonNull(field) ? label + " " + node.get(field) + " is not a positive integer"
                    : "no " + label);
        }
        return id;
    }

    private static TensorsException malformed(String resource, String why) {
        return new TensorsException(ErrorCode.FAILED, resource + ": malformed CivitAI response: " + why);
    }

    /**
     * CivitAI's own {@code index} values when every version has one and they rise down the list (they can
     * skip numbers for versions the list hides); otherwise null and the list position is used.
     */
    private static List<Integer> consistentIndexes(JsonNode versions) {
        List<Integer> indexes = new ArrayList<>();
        int previous = -1;
        for (JsonNode v : versions) {
            JsonNode index = v.path("index");
            if (!index.isIntegralNumber() || !index.canConvertToInt() || index.intValue() <= previous) {
                return null;
            }
            previous = index.intValue();
            indexes.add(previous);
        }
        return indexes;
    }

    private static List<String> tags(JsonNode tags) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (JsonNode tag : tags) {
            String name = tag.isObject() ? text(tag.path("name")) : text(tag); // 2022 data: {name}
            if (name != null && !name.isBlank()) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private static String hashType(String name) {
        for (String known : HASH_TYPES) {
            if (known.equalsIgnoreCase(name)) {
                return known;
            }
        }
        return name;
    }
}
