package io.tensors.plugins;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * CivitAI's HTTP layer. One call is one logical request: 429 and 5xx are retried with backoff and
 * jitter (or after {@code Retry-After}) within the retry budget; every other outcome is classified
 * into a JSON answer or a one-line failure that never contains the API key.
 */
final class CivitaiHttp {
    static final String USER_AGENT = "tsr/0.1";
    /** 1 try + 5 retries, so a tiny base delay in tests still ends quickly. */
    static final int MAX_ATTEMPTS = 6;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A model with all its versions is a few MB; anything this big is not CivitAI. */
    static final int MAX_BODY_BYTES = 64 << 20;

    /** Waits between attempts; tests inject one that records instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        Sleeper REAL = duration -> Thread.sleep(duration);

        void sleep(Duration duration) throws InterruptedException;
    }

    /** What a logical request produced. */
    sealed interface Reply {
        /** A JSON body with its status: a 2xx, or a 4xx other than 401/403/429 (404 = not found). */
        record Json(int status, JsonNode body, String text) implements Reply {
            boolean ok() {
                return status >= 200 && status < 300;
            }
        }

        /**
         * @param reason one line, the API key removed
         * @param noSuchPath true for an HTML 404: this server has no such path (a wrong base URL, or an
         *     endpoint an older server lacks)
         */
        record Failure(String reason, boolean noSuchPath) implements Reply {}
    }

    private final String base;
    private final String origin;
    private final String apiKey;
    private final boolean apiKeyUsable;
    private final HttpClient client;
    private final Duration requestTimeout;
    private final Duration retryBudget;
    private final Duration baseDelay;
    private final Sleeper sleeper;

    CivitaiHttp(URI baseUrl, String apiKey, HttpClient client, Duration requestTimeout, Duration retryBudget,
            Duration baseDelay, Sleeper sleeper) {
        String url = baseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.origin = baseUrl.getScheme() + "://" + baseUrl.getHost() + (baseUrl.getPort() < 0 ? "" : ":" + baseUrl.getPort());
        String key = apiKey == null ? null : apiKey.strip();
        this.apiKey = key == null || key.isEmpty() ? null : key;
        // a key with spaces or control characters would make the request builder throw a message quoting it
        this.apiKeyUsable = this.apiKey == null || this.apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        this.client = client;
        // HttpRequest refuses a zero timeout; treat a nonsensical one as the usual 30 s
        this.requestTimeout = requestTimeout.isPositive() ? requestTimeout : Duration.ofSeconds(30);
        this.retryBudget = retryBudget;
        this.baseDelay = baseDelay;
        this.sleeper = sleeper;
    }

    boolean hasApiKey() {
        return apiKey != null;
    }

    /** @return scheme, host and port of the base URL: what reasons may show */
    String origin() {
        return origin;
    }

    Reply get(String path) {
        return exchange("GET", path, null);
    }

    Reply post(String path, String json) {
        return exchange("POST", path, json);
    }

    /** @return the failure for a JSON answer the caller did not expect */
    Reply.Failure unexpected(String method, String path, Reply.Json answer) {
        String error = answer.body().path("error").isString() ? answer.body().path("error").stringValue()
                : answer.body().path("message").isString() ? answer.body().path("message").stringValue() : "";
        String said = error.isBlank() ? "" : " \"" + CivitaiJson.oneLine(error, 120) + "\"";
        String todo = answer.status() == 400 ? "CivitAI rejected what tsr sent; please report it"
                : answer.ok() ? "the answer does not have the expected shape; try again later or report it"
                : "try again later";
        return fail(method + " " + path + ": unexpected HTTP " + answer.status() + said + "; " + todo);
    }

    /** @return a failure whose reason has the API key removed, wherever it came from */
    Reply.Failure fail(String reason) {
        return fail(reason, false);
    }

    private Reply.Failure fail(String reason, boolean noSuchPath) {
        String line = reason.replace('\n', ' ').replace('\r', ' ');
        if (apiKey != null) {
            line = line.replace(apiKey, "***");
        }
        return new Reply.Failure(line, noSuchPath);
    }

    private Reply exchange(String method, String path, String body) {
        String what = method + " " + path;
        if (!apiKeyUsable) {
            return fail(what + ": the API key contains spaces or characters not allowed in an HTTP header: check CIVITAI_API_KEY");
        }
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            switch (send(method, path, body)) {
                case Attempt.Broken broken -> {
                    return broken.failure();
                }
                case Attempt.Answered answered -> response = answered.response();
            }
            byte[] bytes = response.body();
            int status = response.statusCode();
            if (status != 429 && status < 500) {
                return classify(what, status, response.headers(), bytes);
            }
            String seen = "HTTP " + status + (isHtml(response.headers(), bytes) ? " (an HTML page)" : "");
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (attempt >= MAX_ATTEMPTS) {
                return fail(what + ": CivitAI kept answering " + seen + " (" + attempt + " attempts in "
                        + seconds(elapsed) + "); it is busy or down, try again later");
            }
            Optional<Duration> asked = retryAfter(response.headers());
            Duration wait = asked.isPresent() ? asked.get() : backoff(attempt);
            if (elapsed.plus(wait).compareTo(retryBudget) > 0) {
                String waiting = asked.isPresent() ? "waiting " + seconds(wait) + " as CivitAI asked"
                        : "the next retry (in " + seconds(wait) + ")";
                return fail(what + ": " + seen + " after " + attempt + (attempt == 1 ? " attempt" : " attempts") + "; "
                        + waiting + " would pass the retry budget of " + seconds(retryBudget)
                        + "; CivitAI is rate-limiting or busy, try again later");
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail(what + ": interrupted while waiting to retry");
            }
        }
    }

    /** One HTTP exchange: an answer with its body as bytes, or why there is none. */
    private sealed interface Attempt {
        record Answered(HttpResponse<byte[]> response) implements Attempt {}

        record Broken(Reply.Failure failure) implements Attempt {}
    }

    private Attempt send(String method, String path, String body) {
        String what = method + " " + path;
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(requestTimeout)
                    .header("User-Agent", USER_AGENT)
                    .header("Accept", "application/json");
            if (apiKey != null) {
                builder.header("Authorization", "Bearer " + apiKey);
            }
            if (body == null) {
                builder.GET();
            } else {
                builder.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            }
            request = builder.build();
        } catch (IllegalArgumentException e) {
            return new Attempt.Broken(fail(what + ": cannot build the request for " + origin + "; check TSR_CIVITAI_URL"));
        }
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, info -> new BoundedBody(MAX_BODY_BYTES));
        try {
            // the request timeout covers the headers only; this bounds a body that stalls too
            return new Attempt.Answered(future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Attempt.Broken(timedOut(what));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new Attempt.Broken(fail(what + ": interrupted"));
        } catch (CancellationException e) {
            return new Attempt.Broken(fail(what + ": cancelled"));
        } catch (ExecutionException e) {
            return new Attempt.Broken(failure(what, e.getCause()));
        }
    }

    private Reply.Failure failure(String what, Throwable cause) {
        return switch (cause) {
            case HttpTimeoutException t -> timedOut(what);
            case ConnectException c -> fail(what + ": cannot connect to " + origin + " (" + ConnectionFailure.why(c)
                    + "); check the network or TSR_CIVITAI_URL");
            case BoundedBody.TooLargeException t -> fail(what + ": the answer is larger than "
                    + (MAX_BODY_BYTES >> 20) + " MiB, refused; check TSR_CIVITAI_URL");
            case IOException io -> fail(what + ": the connection to " + origin + " failed (" + ConnectionFailure.why(io)
                    + "); check the network, try again later");
            case null -> fail(what + ": the request failed; try again later");
            default -> fail(what + ": the request failed (" + ConnectionFailure.why(cause) + "); try again later");
        };
    }

    private Reply.Failure timedOut(String what) {
        return fail(what + ": no answer from " + origin + " within " + millis(requestTimeout)
                + " (timeout); check the network or raise the request timeout");
    }

    private Reply classify(String what, int status, HttpHeaders headers, byte[] bytes) {
        if (status == 401) {
            return fail(what + ": HTTP 401 Unauthorized: " + (apiKey == null
                    ? "no API key is configured and CivitAI wants one here; set CIVITAI_API_KEY"
                    : "the API key was refused (bad or expired key): check CIVITAI_API_KEY"));
        }
        if (status == 403) {
            return fail(what + ": HTTP 403: forbidden (early access or restricted model): "
                    + "check the model's page on civitai.com, or try again when its early access ends");
        }
        if (isHtml(headers, bytes)) {
            if (status == 404) {
                return fail(what + ": wrong URL? got an HTML 404 from " + origin + "; check TSR_CIVITAI_URL", true);
            }
            if (status >= 200 && status < 300) {
                return fail(what + ": got an HTML page instead of JSON (HTTP " + status
                        + "), maybe a Cloudflare challenge or maintenance page; try again later");
            }
            return fail(what + ": unexpected HTTP " + status + " with an HTML page; try again later");
        }
        JsonNode node;
        try {
            node = CivitaiJson.parse(bytes);
        } catch (JacksonException e) {
            if (status >= 200 && status < 300) {
                return fail(what + ": malformed JSON (HTTP " + status + "): " + CivitaiJson.describe(e)
                        + "; the answer was cut short or garbled, try again later");
            }
            return fail(what + ": unexpected HTTP " + status + " without a JSON body; check TSR_CIVITAI_URL");
        }
        return new Reply.Json(status, node, new String(bytes, StandardCharsets.UTF_8));
    }

    private static boolean isHtml(HttpHeaders headers, byte[] bytes) {
        String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (type.contains("html")) {
            return true;
        }
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return b == '<';
            }
        }
        return false;
    }

    /** @return the wait {@code Retry-After} asks for (delay-seconds or an HTTP date), if it parses */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::strip);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get();
        if (text.matches("[0-9]{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(Instant.now(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Exponential backoff with jitter: a random wait in [ceiling/2, ceiling], ceiling = base * 2^(attempt-1) capped. */
    private Duration backoff(int attempt) {
        return backoff(baseDelay, attempt);
    }

    /** The same backoff for any caller with its own base delay (the downloads). */
    static Duration backoff(Duration baseDelay, int attempt) {
        long baseNanos = Math.max(0, baseDelay.toNanos());
        long ceiling = Math.min(MAX_BACKOFF.toNanos(), baseNanos << Math.min(attempt - 1, 20));
        if (ceiling <= 1) {
            return Duration.ofNanos(ceiling);
        }
        return Duration.ofNanos(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String millis(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : seconds(d);
    }
}
