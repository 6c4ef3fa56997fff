package io.tensors.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one sidecar file of a {@link Kind} into what it says about its model file: a CivitAI version
 * (converted to CivitAI's shape), a deliberate "not on CivitAI" marker, or why it cannot be used.
 * {@link SidecarSource} decides what the readings of one file add up to.
 */
final class SidecarReader {
    /** A version response with ten images and their prompts is well under 1 MB. */
    static final long MAX_SIDECAR_BYTES = 16L << 20;

    /** The sidecar formats, in order of preference (the fullest first). */
    enum Kind {
        CIVITAI_HELPER(".civitai.info", "Civitai Helper .civitai.info"),
        LORA_MANAGER(".metadata.json", "LoRA Manager .metadata.json"),
        STABILITY_MATRIX(".cm-info.json", "Stability Matrix .cm-info.json");

        final String suffix;
        final String label;

        Kind(String suffix, String label) {
            this.suffix = suffix;
            this.label = label;
        }
    }

    /** What one sidecar says about the file. */
    sealed interface Reading {
        /** @param sha256 the uppercase SHA256 values the sidecar carries, maybe none */
        record Version(long modelId, long versionId, JsonNode json, Set<String> sha256) implements Reading {}

        /** The sidecar exists but holds no CivitAI identity on purpose. */
        record Silent() implements Reading {}

        record Broken(String reason) implements Reading {}
    }

    private SidecarReader() {}

    /** @return what the sidecar says; never throws for a bad or unreadable file */
    static Reading read(Kind kind, Path sidecar, Path model) {
        JsonNode root;
        try {
            if (Files.size(sidecar) > MAX_SIDECAR_BYTES) {
                return malformed(kind, sidecar, "larger than " + (MAX_SIDECAR_BYTES >> 20) + " MiB");
            }
            root = CivitaiJson.parse(Files.readAllBytes(sidecar));
        } catch (IOException e) {
            return new Reading.Broken(sidecar + ": cannot read " + kind.label + " file (" + e.getClass().getSimpleName()
                    + "); check its permissions");
        } catch (JacksonException e) {
            return malformed(kind, sidecar, "not valid JSON (" + CivitaiJson.describe(e) + ")");
        }
        if (!root.isObject()) {
            return malformed(kind, sidecar, "not a JSON object");
        }
        return switch (kind) {
            case CIVITAI_HELPER -> civitaiHelper(kind, sidecar, root);
            case LORA_MANAGER -> loraManager(kind, sidecar, root);
            case STABILITY_MATRIX -> stabilityMatrix(kind, sidecar, root, model);
        };
    }

    /** The by-hash response as saved; {@code {}} is what Civitai Helper writes for a model not on CivitAI. */
    private static Reading civitaiHelper(Kind kind, Path sidecar, JsonNode root) {
        if (root.isEmpty()) {
            return new Reading.Silent();
        }
        OptionalLong versionId = CivitaiJson.positiveId(root.get("id"));
        if (versionId.isEmpty()) {
            return malformed(kind, sidecar, "no positive integer \"id\" (the model version id)");
        }
        OptionalLong modelId = firstId(root.get("modelId"), root.path("model").get("id"));
        if (modelId.isEmpty()) {
            return malformed(kind, sidecar, "no positive integer \"modelId\"");
        }
        return version(root, modelId.getAsLong(), versionId.getAsLong(), CivitaiJson.sha256Hashes(root));
    }

    /** LoRA Manager keeps the version under {@code civitai}; the model id may sit in several places. */
    private static Reading loraManager(Kind kind, Path sidecar, JsonNode root) {
        JsonNode civitai = root.get("civitai");
        if (civitai == null || civitai.isNull() || (civitai.isObject() && civitai.isEmpty())) {
            return new Reading.Silent();
        }
        if (!civitai.isObject()) {
            return malformed(kind, sidecar, "\"civitai\" is not an object");
        }
        OptionalLong versionId = CivitaiJson.positiveId(civitai.get("id"));
        if (versionId.isEmpty()) {
            return malformed(kind, sidecar, "no positive integer \"civitai.id\" (the model version id)");
        }
        OptionalLong modelId = firstId(civitai.get("modelId"), civitai.path("model").get("id"), root.get("modelId"),
                root.get("model_id"));
        if (modelId.isEmpty()) {
            return malformed(kind, sidecar, "no model id (\"civitai.modelId\", \"civitai.model.id\" or \"modelId\")");
        }
        Set<String> sha256 = new LinkedHashSet<>(CivitaiJson.sha256Hashes(civitai));
        String own = CivitaiJson.hashValue(root, "sha256");
        if (own != null) {
            sha256.add(own);
        }
        return version(civitai, modelId.getAsLong(), versionId.getAsLong(), sha256);
    }

    /** ConnectedModelInfo (PascalCase), converted to a minimal model version in CivitAI's shape. */
    private static Reading stabilityMatrix(Kind kind, Path sidecar, JsonNode root, Path model) {
        JsonNode source = field(root, "Source");
        if (source != null && source.isString() && !source.stringValue().equalsIgnoreCase("Civitai")) {
            return new Reading.Silent(); // e.g. OpenModelDb: not a CivitAI model
        }
        OptionalLong versionId = CivitaiJson.positiveId(field(root, "VersionId"));
        if (versionId.isEmpty()) {
            return malformed(kind, sidecar, "no positive integer \"VersionId\"");
        }
        OptionalLong modelId = CivitaiJson.positiveId(field(root, "ModelId"));
        if (modelId.isEmpty()) {
            return malformed(kind, sidecar, "no positive integer \"ModelId\"");
        }
        ObjectNode version = CivitaiJson.MAPPER.createObjectNode();
        version.put("id", versionId.getAsLong());
        version.put("modelId", modelId.getAsLong());
        copyString(root, "VersionName", version, "name");
        copyString(root, "BaseModel", version, "baseModel");
        version.set("trainedWords", strings(field(root, "TrainedWords")));
        copyString(root, "VersionDescription", version, "description");

        ObjectNode modelNode = version.putObject("model");
        copyString(root, "ModelName", modelNode, "name");
        copyString(root, "ModelType", modelNode, "type");
        JsonNode nsfw = field(root, "Nsfw");
        if (nsfw != null && nsfw.isBoolean()) {
            modelNode.put("nsfw", nsfw.booleanValue());
        }
        copyString(root, "ModelDescription", modelNode, "description");
        JsonNode tags = field(root, "Tags");
        if (tags != null && tags.isArray()) {
            modelNode.set("tags", strings(tags));
        }

        ObjectNode file = version.putArray("files").addObject();
        file.put("name", model.getFileName().toString());
        ObjectNode hashes = file.putObject("hashes");
        Set<String> sha256 = new LinkedHashSet<>();
        JsonNode given = field(root, "Hashes");
        if (given != null && given.isObject()) {
            for (var entry : given.properties()) {
                if (entry.getValue().isString() && !entry.getValue().stringValue().isBlank()) {
                    String value = entry.getValue().stringValue().strip().toUpperCase(Locale.ROOT);
                    hashes.put(entry.getKey(), value);
                    if (entry.getKey().equalsIgnoreCase("SHA256")) {
                        sha256.add(value);
                    }
                }
            }
        }
        JsonNode metadata = field(root, "FileMetadata");
        if (metadata != null && metadata.isObject()) {
            file.set("metadata", metadata);
        }
        file.put("primary", true);
        return new Reading.Version(modelId.getAsLong(), versionId.getAsLong(), version, sha256);
    }

    /** @return the version, with {@code modelId} written into it when the sidecar kept it elsewhere */
    private static Reading version(JsonNode json, long modelId, long versionId, Set<String> sha256) {
        JsonNode complete = json;
        if (CivitaiJson.positiveId(json.get("modelId")).isEmpty()) {
            ObjectNode copy = (ObjectNode) json.deepCopy();
            copy.put("modelId", modelId);
            complete = copy;
        }
        return new Reading.Version(modelId, versionId, complete, sha256);
    }

    private static Reading malformed(Kind kind, Path sidecar, String why) {
        return new Reading.Broken(sidecar + ": malformed " + kind.label + " file: " + why + "; fix or delete it");
    }

    private static OptionalLong firstId(JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            OptionalLong id = CivitaiJson.positiveId(candidate);
            if (id.isPresent()) {
                return id;
            }
        }
        return OptionalLong.empty();
    }

    /** @return the property whose name matches ignoring case (the .NET writer's casing is configurable) */
    private static JsonNode field(JsonNode node, String name) {
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (var entry : node.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static void copyString(JsonNode from, String name, ObjectNode to, String as) {
        JsonNode value = field(from, name);
        if (value != null && value.isString()) {
            to.put(as, value.stringValue());
        }
    }

    private static ArrayNode strings(JsonNode array) {
        ArrayNode out = CivitaiJson.MAPPER.createArrayNode();
        if (array != null && array.isArray()) {
            for (JsonNode item : array.values()) {
                if (item.isString()) {
                    out.add(item.stringValue());
                }
            }
        }
        return out;
    }
}
