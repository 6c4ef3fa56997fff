package io.tensors.plugins.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one CivitAI stand-in of the tests, on 127.0.0.1 (the JDK's HttpServer on a free port). A
 * route programmed with {@link #on} answers with its responders in turn, the last one repeating.
 * Models given to {@link #serve} are answered through the real endpoints (POST and GET by-hash, GET
 * models/{id}) as CivitAI would; without any, anything else gets Next.js's HTML 404. Every request is
 * recorded, and the server can be told to fail.
 */
public final class FakeCivitai implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BY_HASH = "/api/v1/model-versions/by-hash";
    private static final String MODELS = "/api/v1/models/";
    private static final String VERSIONS = "/api/v1/model-versions/";
    private static final String SERVER_ERROR = "{\"error\":\"An unexpected error occurred\"}";

    /** One request as the server saw it. */
    public record Seen(String method, String path, Headers headers, String body) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    @FunctionalInterface
    public interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Deque<Responder>> routes = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<Long, String> models = new ConcurrentHashMap<>();
    private final Set<Long> failingModels = ConcurrentHashMap.newKeySet();
    private volatile boolean servesModels;
    private volatile int failAll;

    public FakeCivitai() throws IOException {
        this("127.0.0.1");
    }

    /** A server on another loopback address (127.0.0.2...): another host, as a storage host a download redirects to. */
    public FakeCivitai(String loopbackAddress) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(loopbackAddress), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
    }

    /** Answers {@code METHOD path} with the responders in turn; the last one keeps answering. */
    public FakeCivitai on(String method, String path, Responder... responders) {
        routes.put(method + " " + path, new ArrayDeque<>(List.of(responders)));
        return this;
    }

    /** Serves a model (as {@code /api/v1/models/{id}} returns it) through the real endpoints, its versions by their files' hashes. */
    public FakeCivitai serve(long modelId, String modelJson) {
        models.put(modelId, modelJson);
        servesModels = true;
        return this;
    }

    /** The model is gone: its endpoints answer 404 from now on. */
    public void forget(long modelId) {
        models.remove(modelId);
    }

    /** Every request is answered with this HTTP status (and CivitAI's error body) until {@link #stopFailing}. */
    public void failAll(int status) {
        failAll = status;
    }

    /** GET models/{id} answers 500 for this model until {@link #stopFailing}. */
    public void failModel(long modelId) {
        failingModels.add(modelId);
    }

    public void stopFailing() {
        failAll = 0;
        failingModels.clear();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public List<Seen> seen(String method, String path) {
        return seen.stream().filter(s -> s.method().equals(method) && s.path().equals(path)).toList();
    }

    /** @return the Authorization header of every request that sent one */
    public List<String> authorizations() {
        return seen.stream().map(s -> s.header("Authorization")).filter(Objects::nonNull).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            seen.add(new Seen(method, path, new Headers(exchange.getRequestHeaders()), body));
            Deque<Responder> queue = routes.get(method + " " + path);
            Responder responder;
            if (failAll != 0) {
                responder = json(failAll, SERVER_ERROR);
            } else if (queue != null) {
                synchronized (this) {
                    responder = queue.size() > 1 ? queue.poll() : queue.peek();
                }
            } else {
                responder = servesModels ? fromModels(method, path, body) : html(404);
            }
            responder.respond(exchange);
        }
    }

    /** The answer CivitAI would give from the served models. */
    private Responder fromModels(String method, String path, String body) {
        if (method.equals("POST") && path.equals(BY_HASH)) {
            ArrayNode found = JSON.createArrayNode();
            for (JsonNode hash : JSON.readTree(body)) {
                found.addAll(versionsWith(hash.asString()));
            }
            return json(200, JSON.writeValueAsString(found));
        }
        if (method.equals("GET") && path.startsWith(BY_HASH + "/")) {
            List<JsonNode> found = versionsWith(path.substring(path.lastIndexOf('/') + 1));
            return found.isEmpty() ? json(404, "{\"error\":\"Model not found\"}") : json(200, JSON.writeValueAsString(found.getFirst()));
        }
        if (method.equals("GET") && path.startsWith(VERSIONS)) {
            long versionId = Long.parseLong(path.substring(VERSIONS.length()));
            for (String modelJson : models.values()) {
                JsonNode model = JSON.readTree(modelJson);
                for (JsonNode version : model.get("modelVersions")) {
                    if (version.get("id").asLong() == versionId) {
                        ObjectNode v = (ObjectNode) version.deepCopy();
                        v.put("modelId", model.get("id").asLong());
                        return json(200, JSON.writeValueAsString(v));
                    }
                }
            }
            return json(404, "{\"error\":\"Model not found\"}");
        }
        if (method.equals("GET") && path.startsWith(MODELS)) {
            String id = path.substring(MODELS.length());
            long modelId = Long.parseLong(id);
            String model = models.get(modelId);
            return failingModels.contains(modelId) ? json(500, SERVER_ERROR)
                    : model == null ? json(404, "{\"error\":\"No model with id " + id + "\"}")
                    : json(200, model);
        }
        return json(404, "{\"error\":\"Not found\"}");
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
                            ObjectNode v = (ObjectNode) version.deepCopy();
                            v.put("modelId", model.get("id").asLong());
                            v.putObject("model").put("name", model.get("name").asString())
                                    .put("type", model.get("type").asString()).put("nsfw", false);
                            found.add(v);
                        }
                    }
                }
            }
        }
        return found;
    }

    public static Responder json(int status, String body, String... headerPairs) {
        return raw(status, "application/json; charset=utf-8", body.getBytes(UTF_8), headerPairs);
    }

    /** A body from the test resources, under {@code civitai/}. */
    public static Responder resource(int status, String name) {
        return json(status, text(name));
    }

    public static String text(String name) {
        try (InputStream in = FakeCivitai.class.getResourceAsStream("/civitai/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource civitai/" + name);
            }
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A page like Next.js's 404 or a Cloudflare challenge. */
    public static Responder html(int status) {
        return raw(status, "text/html; charset=utf-8",
                "<!DOCTYPE html><html><head><title>Page not found</title></head><body>404</body></html>".getBytes(UTF_8));
    }

    public static Responder raw(int status, String contentType, byte[] body, String... headerPairs) {
        return exchange -> {
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                exchange.getResponseHeaders().set(headerPairs[i], headerPairs[i + 1]);
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
    }

    /** Announces the full length, sends only the start, then drops the connection. */
    public static Responder cutShort(String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            OutputStream out = exchange.getResponseBody();
            out.write(bytes, 0, bytes.length / 3);
            out.flush();
            throw new IOException("dropping the connection mid-body on purpose");
        };
    }

    /** A redirect (302) to the URL. */
    public static Responder redirect(String location) {
        return exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
        };
    }

    /**
     * A file served as a storage host serves one: {@code Range: bytes=N-} (206 with Content-Range),
     * {@code If-Range} against its ETag (200 with the whole file when it no longer matches), 416 past its
     * end, and on demand: bodies cut short, a range ignored, a rate limit. Its bytes and ETag can change
     * between requests.
     */
    public static final class ServedFile implements Responder {
        private volatile byte[] bytes;
        private volatile String etag;
        private final String contentDisposition;
        private volatile long cutAfter = -1;
        private volatile int cutTimes;
        private volatile boolean ignoreRange;
        private volatile long bytesPerSecond;
        private final List<String> ranges = java.util.Collections.synchronizedList(new ArrayList<>());

        public ServedFile(byte[] bytes, String etag, String contentDisposition) {
            this.bytes = bytes;
            this.etag = etag;
            this.contentDisposition = contentDisposition;
        }

        /** The next {@code times} bodies stop after {@code bytes} bytes of the body and drop the connection. */
        public ServedFile cutAfter(long bytes, int times) {
            this.cutAfter = bytes;
            this.cutTimes = times;
            return this;
        }

        /** Answers every range with the whole file (200), as a server without range support. */
        public ServedFile ignoreRange() {
            this.ignoreRange = true;
            return this;
        }

        /** Sends at most this many bytes a second (0: as fast as it can). */
        public ServedFile throttle(long bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
            return this;
        }

        /** Other bytes under another ETag from now on, as a file replaced on the server. */
        public void replace(byte[] newBytes, String newEtag) {
            this.bytes = newBytes;
            this.etag = newEtag;
        }

        /** @return the Range header of every request (null when none was sent) */
        public List<String> ranges() {
            return java.util.Collections.unmodifiableList(new ArrayList<>(ranges));
        }

        @Override
        public void respond(HttpExchange exchange) throws IOException {
            byte[] file = bytes;
            String range = exchange.getRequestHeaders().getFirst("Range");
            String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
            ranges.add(range);
            long start = 0;
            if (range != null && !ignoreRange && (ifRange == null || ifRange.equals(etag))) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes=(\\d+)-").matcher(range);
                if (m.matches()) {
                    start = Long.parseLong(m.group(1));
                }
                if (start >= file.length) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + file.length);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
            }
            Headers h = exchange.getResponseHeaders();
            h.set("Content-Type", "application/octet-stream");
            h.set("ETag", etag);
            h.set("Accept-Ranges", "bytes");
            if (contentDisposition != null) {
                h.set("Content-Disposition", contentDisposition);
            }
            long length = file.length - start;
            if (start > 0) {
                h.set("Content-Range", "bytes " + start + "-" + (file.length - 1) + "/" + file.length);
            }
            exchange.sendResponseHeaders(start > 0 ? 206 : 200, length);
            long limit = length;
            boolean cut = false;
            synchronized (this) {
                if (cutTimes > 0 && cutAfter >= 0 && cutAfter < length) {
                    cutTimes--;
                    limit = cutAfter;
                    cut = true;
                }
            }
            OutputStream out = exchange.getResponseBody();
            long sent = 0;
            long began = System.nanoTime();
            while (sent < limit) {
                int n = (int) Math.min(64 << 10, limit - sent);
                out.write(file, (int) (start + sent), n);
                sent += n;
                long rate = bytesPerSecond;
                if (rate > 0) {
                    long due = began + sent * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(Duration.ofNanos(wait));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException("server closing");
                        }
                    }
                }
            }
            out.flush();
            if (cut) {
                // the exchange's close finds the body short of its length and closes the connection
                throw new IOException("dropping the connection mid-body on purpose");
            }
            out.close();
        }
    }

    /** Waits before answering (interrupted when the server closes). */
    public static Responder slow(Duration delay, Responder then) {
        return exchange -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            then.respond(exchange);
        };
    }

    /** A model in the API's shape: two versions (latest first), the latest's file carrying {@code sha256Latest}. */
    public static String model(long id, String name, String sha256Latest, String sha256Older) {
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
}
