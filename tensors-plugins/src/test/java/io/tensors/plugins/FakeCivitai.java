package io.tensors.plugins;

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
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A CivitAI stand-in on 127.0.0.1 (the JDK's HttpServer on a free port): each route answers with
 * programmed responders in turn, the last one repeating; anything else gets Next.js's HTML 404.
 */
final class FakeCivitai implements AutoCloseable {
    /** One request as the server saw it. */
    record Seen(String method, String path, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Deque<Responder>> routes = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    FakeCivitai() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers {@code METHOD path} with the responders in turn; the last one keeps answering. */
    FakeCivitai on(String method, String path, Responder... responders) {
        routes.put(method + " " + path, new ArrayDeque<>(List.of(responders)));
        return this;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    List<Seen> seen(String method, String path) {
        return seen.stream().filter(s -> s.method().equals(method) && s.path().equals(path)).toList();
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
            synchronized (this) {
                responder = queue == null ? html(404) : queue.size() > 1 ? queue.poll() : queue.peek();
            }
            responder.respond(exchange);
        }
    }

    static Responder json(int status, String body, String... headerPairs) {
        return raw(status, "application/json; charset=utf-8", body.getBytes(UTF_8), headerPairs);
    }

    /** A body from the test resources, under {@code civitai/}. */
    static Responder resource(int status, String name) {
        return json(status, text(name));
    }

    static String text(String name) {
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
    static Responder html(int status) {
        return raw(status, "text/html; charset=utf-8",
                "<!DOCTYPE html><html><head><title>Page not found</title></head><body>404</body></html>".getBytes(UTF_8));
    }

    static Responder raw(int status, String contentType, byte[] body, String... headerPairs) {
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
    static Responder cutShort(String body) {
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

    /** Waits before answering (interrupted when the server closes). */
    static Responder slow(Duration delay, Responder then) {
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
}
