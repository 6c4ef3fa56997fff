package io.tensors.shell;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * A CivitAI stand-in on 127.0.0.1 serving models the test registers, through the real endpoints:
 * POST and GET by-hash, GET models/{id}. It records every request and can be told to fail.
 */
final class FakeCivitai implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final HttpServer server;
    final Map<Long, String> models = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    volatile int failWith; // HTTP status to answer everything with, 0 = behave
    final java.util.Set<Long> failingModels = ConcurrentHashMap.newKeySet(); // GET models/{id} answers 500 for these

    FakeCivitai() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long count(String prefix) {
        return requests.stream().filter(r -> r.startsWith(prefix)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        requests.add(method + " " + path);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            authorizations.add(auth);
        }
        if (failWith != 0) {
            send(exchange, failWith, "{\"error\":\"An unexpected error occurred\"}");
            return;
        }
        if (method.equals("POST") && path.equals("/api/v1/model-versions/by-hash")) {
            ArrayNode found = JSON.createArrayNode();
            for (JsonNode hash : JSON.readTree(new String(body, StandardCharsets.UTF_8))) {
                found.addAll(versionsWith(hash.asString()));
            }
            send(exchange, 200, JSON.writeValueAsString(found));
        } else if (method.equals("GET") && path.startsWith("/api/v1/model-versions/by-hash/")) {
            List<JsonNode> found = versionsWith(path.substring(path.lastIndexOf('/') + 1));
            if (found.isEmpty()) {
                send(exchange, 404, "{\"error\":\"Model not found\"}");
            } else {
                send(exchange, 200, JSON.writeValueAsString(found.getFirst()));
            }
        } else if (method.equals("GET") && path.startsWith("/api/v1/models/")) {
            long id = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
            String model = models.get(id);
            if (failingModels.contains(id)) {
                send(exchange, 500, "{\"error\":\"An unexpected error occurred\"}");
            } else if (model == null) {
                send(exchange, 404, "{\"error\":\"No model with id " + path.substring(path.lastIndexOf('/') + 1) + "\"}");
            } else {
                send(exchange, 200, model);
            }
        } else {
            send(exchange, 404, "{\"error\":\"Not found\"}");
        }
    }

    /** The versions (in by-hash shape: with modelId and model) whose files carry the hash. */
    private List<JsonNode> versionsWith(String hash) {
        List<JsonNode> found = new ArrayList<>();
        for (String modelJson : models.values()) {
            JsonNode model = JSON.readTree(modelJson);
            for (JsonNode version : model.get("modelVersions")) {
                for (JsonNode file : version.get("files")) {
                    for (JsonNode value : file.get("hashes")) {
                        if (value.asString().equalsIgnoreCase(hash)) {
                            var v = version.deepCopy();
                            var o = (tools.jackson.databind.node.ObjectNode) v;
                            o.put("modelId", model.get("id").asLong());
                            o.putObject("model").put("name", model.get("name").asString())
                                    .put("type", model.get("type").asString()).put("nsfw", false);
                            found.add(o);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** A model in the API's shape: two versions (latest first), the latest's file carrying {@code sha256}. */
    static String model(long id, String name, String sha256Latest, String sha256Older) {
        return """
            {"id": %d, "name": "%s", "description": "<p>A <b>test</b> LoRA</p>", "type": "LORA", "nsfw": false,
             "nsfwLevel": 1, "poi": false, "minor": false, "allowNoCredit": true, "allowCommercialUse": ["Image"],
             "allowDerivatives": true, "allowDifferentLicense": false,
             "stats": {"downloadCount": 1200, "thumbsUpCount": 300, "thumbsDownCount": 2, "commentCount": 5},
             "creator": {"username": "maker", "image": null},
             "tags": ["style", "anime"],
             "modelVersions": [
               {"id": %d, "index": 0, "name": "v2.0", "baseModel": "SDXL 1.0", "trainedWords": ["shiny", "sparkle style"],
                "publishedAt": "2025-02-01T00:00:00.000Z", "status": "Published",
                "files": [{"id": %d, "sizeKB": 1.5, "name": "test_v2.safetensors", "type": "Model", "primary": true,
                           "metadata": {"format": "SafeTensor", "fp": "fp16", "size": "pruned"},
                           "hashes": {"SHA256": "%s", "AutoV2": "%s"}}],
                "images": [{"url": "https://image.example/1.jpeg", "nsfwLevel": 1, "width": 512, "height": 768, "type": "image",
                            "meta": {"prompt": "a shiny cat", "negativePrompt": "blurry", "sampler": "Euler a", "cfgScale": 7,
                                     "steps": 20, "seed": 42, "Size": "512x768"}}],
                "downloadUrl": "https://civitai.com/api/download/models/%d"},
               {"id": %d, "index": 1, "name": "v1.0", "baseModel": "SDXL 1.0", "trainedWords": ["shiny"],
                "files": [{"id": %d, "sizeKB": 1.5, "name": "test_v1.safetensors", "type": "Model", "primary": true,
                           "metadata": {"format": "SafeTensor", "fp": "fp16", "size": "pruned"},
                           "hashes": {"SHA256": "%s"}}],
                "images": []}
             ]}
            """.formatted(id, name, id * 10 + 2, id * 100 + 2, sha256Latest, sha256Latest.substring(0, 10), id * 10 + 2,
                id * 10 + 1, id * 100 + 1, sha256Older);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
