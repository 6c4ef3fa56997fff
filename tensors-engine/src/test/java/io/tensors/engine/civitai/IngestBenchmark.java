package io.tensors.engine.civitai;

import io.tensors.engine.store.CatalogStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Not a test: measures {@link ModelIngest#ingestModels} on N synthetic models shaped like
 * {@code /api/v1/models} items (3 versions, 2 files with 4 hashes, 3 images with meta, 5 tags, 3
 * trained words each) into a fresh catalog, then the same models again (the update path).
 * Usage: {@code java -cp <test classpath> io.tensors.engine.civitai.IngestBenchmark [N]}.
 */
public final class IngestBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private IngestBenchmark() {}

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        List<ModelDocument> docs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long id = 1_000_000L + i;
            docs.add(new ModelDocument("models/" + id, JSON.writeValueAsString(model(id))));
        }
        Path dir = Files.createTempDirectory("tsr-ingest-bench");
        try (CatalogStore store = CatalogStore.open(dir.resolve("models.db"))) {
            ModelIngest ingest = new ModelIngest(store);
            report("new models", count, time(() -> ingest.ingestModels("civitai", docs, Instant.now())));
            report("same models again", count, time(() -> ingest.ingestModels("civitai", docs, Instant.now())));
            System.out.printf(Locale.ROOT, "catalog: %.1f MB%n", Files.size(dir.resolve("models.db")) / 1e6);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    private static void report(String what, int count, long nanos) {
        System.out.printf(Locale.ROOT, "%s: %d models in %.2f s = %.0f models/s%n", what, count, nanos / 1e9,
                count / (nanos / 1e9));
    }

    private static ObjectNode model(long id) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", id).put("name", "Synthetic model " + id).put("description", "<p>Generated for the benchmark.</p>")
                .put("type", "LORA").put("nsfw", false).put("nsfwLevel", 1).put("poi", false).put("minor", false)
                .put("availability", "Public").put("allowNoCredit", true).put("allowDerivatives", true)
                .put("allowDifferentLicense", true).put("supportsGeneration", true);
        m.putArray("allowCommercialUse").add("Image").add("RentCivit");
        m.putObject("stats").put("downloadCount", id % 9973).put("favoriteCount", 12).put("thumbsUpCount", 40)
                .put("thumbsDownCount", 1).put("commentCount", 3).put("ratingCount", 5).put("rating", 4.8);
        m.putObject("creator").put("username", "creator" + id % 300)
                .put("image", "https://image.example.invalid/avatars/" + id % 300 + ".jpeg");
        ArrayNode tags = m.putArray("tags");
        for (int t = 0; t < 5; t++) {
            tags.add("tag" + (id + t * 7) % 200);
        }
        ArrayNode versions = m.putArray("modelVersions");
        for (int v = 0; v < 3; v++) {
            long versionId = id * 10 + v;
            ObjectNode version = versions.addObject();
            version.put("id", versionId).put("index", v).put("name", "v" + (3 - v)).put("baseModel", "SDXL 1.0")
                    .put("baseModelType", "Standard").put("createdAt", "2025-01-0" + (v + 1) + "T00:00:00.000Z")
                    .put("publishedAt", "2025-01-0" + (v + 1) + "T01:00:00.000Z").put("status", "Published")
                    .put("availability", "Public").put("nsfwLevel", 1)
                    .put("downloadUrl", "https://civitai.example.invalid/api/download/models/" + versionId);
            version.putArray("trainedWords").add("word" + id).add("style " + v).add("trigger, with comma");
            version.putObject("stats").put("downloadCount", 100 + v).put("thumbsUpCount", 10).put("rating", 5);
            ArrayNode files = version.putArray("files");
            for (int f = 0; f < 2; f++) {
                long fileId = versionId * 10 + f;
                ObjectNode file = files.addObject();
                file.put("id", fileId).put("sizeKB", 147571.4 + f).put("name", "file" + fileId + ".safetensors")
                        .put("type", f == 0 ? "Model" : "Training Data").put("pickleScanResult", "Success")
                        .put("pickleScanMessage", "No Pickle imports").put("virusScanResult", "Success")
                        .put("scannedAt", "2025-01-01T00:05:00.000Z")
                        .put("downloadUrl", "https://civitai.example.invalid/api/download/models/" + versionId);
                if (f == 0) {
                    file.put("primary", true);
                }
                file.putObject("metadata").put("format", "SafeTensor").put("fp", "fp16").put("size", "pruned");
                String sha = String.format(Locale.ROOT, "%064X", fileId);
                file.putObject("hashes").put("SHA256", sha).put("AutoV2", sha.substring(0, 10))
                        .put("AutoV3", sha.substring(0, 12)).put("CRC32", sha.substring(56));
            }
            ArrayNode images = version.putArray("images");
            for (int i = 0; i < 3; i++) {
                long imageId = versionId * 10 + i;
                ObjectNode image = images.addObject();
                image.put("id", imageId).put("url", "https://image.example.invalid/x/width=832/" + imageId + ".jpeg")
                        .put("nsfwLevel", 1).put("width", 832).put("height", 1216).put("type", "image")
                        .put("hash", "U8Civ__MTeSP?utJ9IDj?^Ek=}RQyEE1-Vr=").put("hasMeta", true);
                ObjectNode meta = image.putObject("meta");
                meta.put("prompt", "a lantern at night, word" + id).put("negativePrompt", "blurry")
                        .put("sampler", "Euler a").put("cfgScale", 7).put("steps", 25).put("seed", imageId)
                        .put("Size", "832x1216").put("Clip skip", "2");
                meta.putObject("hashes").put("model", "31e35c80fc");
                meta.putArray("resources").addObject().put("name", "file" + versionId * 10).put("type", "lora")
                        .put("weight", 0.8).put("hash", String.format(Locale.ROOT, "%012x", versionId * 10));
            }
        }
        return m;
    }
}
