package io.tensors.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings a {@link ModelSourceFactory} builds its source from. Tests point {@code baseUrl} at a
 * loopback server.
 *
 * @param baseUrl the service's base URL ({@code https://civitai.com} by default), never null
 * @param apiKey the API key, or null when none is configured; a source must never print or log it
 * @param offline true when the user asked for no network: remote sources must not be created
 * @param httpClient a shared HTTP client, never null
 * @param requestTimeout the time limit of one request, never null
 * @param retryBudget the total time a source may spend retrying one request, never null
 */
public record SourceContext(URI baseUrl, String apiKey, boolean offline, HttpClient httpClient,
        Duration requestTimeout, Duration retryBudget) {
    /** @throws NullPointerException when a required component is null */
    public SourceContext {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retryBudget, "retryBudget");
    }

    /** Keeps the key out of logs and stack traces. */
    @Override
    public String toString() {
        return "SourceContext[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "***") + ", offline=" + offline
                + ", requestTimeout=" + requestTimeout + ", retryBudget=" + retryBudget + "]";
    }
}
