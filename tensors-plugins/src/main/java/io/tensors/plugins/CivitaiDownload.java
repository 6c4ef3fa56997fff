package io.tensors.plugins;

import io.tensors.api.DownloadReply;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts file transfers from CivitAI. Redirects are followed here, not by the HTTP client, so that the
 * API key goes to CivitAI's own origin only (CivitAI answers a download with a redirect to a signed URL
 * on a storage host), and so that a redirect cannot lead to another scheme or to an address of another
 * class than the configured base URL: a loopback or private address only when the base URL is one
 * (a public CivitAI may not send tsr to loopback or the LAN; a loopback test server may). 429 and 5xx are retried with CivitaiHttp's backoff before the body starts.
 */
final class CivitaiDownload {
    static final int MAX_REDIRECTS = 5;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    /** Where an address is: the rule compares classes, never single hosts. */
    enum AddressClass { LOOPBACK, PRIVATE, PUBLIC }

    private final URI base;
    private final String apiKey;
    private final HttpClient client;
    private final Duration requestTimeout;
    private final Duration retryBudget;
    private final Duration baseDelay;
    private final CivitaiHttp.Sleeper sleeper;
    private final CivitaiHttp words;
    private AddressClass baseClass;

    CivitaiDownload(URI base, String apiKey, HttpClient shared, Duration requestTimeout, Duration retryBudget,
            Duration baseDelay, CivitaiHttp.Sleeper sleeper, CivitaiHttp words) {
        this.base = base;
        String key = apiKey == null ? null : apiKey.strip();
        this.apiKey = key == null || key.isEmpty() ? null : key;
        this.client = HttpClient.newBuilder()
                .connectTimeout(shared.connectTimeout().orElse(requestTimeout))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout.isPositive() ? requestTimeout : Duration.ofSeconds(30);
        this.retryBudget = retryBudget;
        this.baseDelay = baseDelay;
        this.sleeper = sleeper;
        this.words = words;
    }

    DownloadReply open(URI url, long from, String ifRange) {
        String what = "GET " + shown(url);
        if (!isHttp(url)) {
            return failed(what + ": not an http(s) URL; check the version's download URL");
        }
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> response;
            URI current = url;
            int hops = 0;
            while (true) {
                try {
                    response = send(current, from, ifRange);
                } catch (IOException e) {
                    return failed(failure(what, current, e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return failed(what + ": interrupted");
                } catch (IllegalArgumentException e) {
                    return failed(what + ": cannot build the request for " + origin(current) + "; check TSR_CIVITAI_URL");
                }
                int status = response.statusCode();
                if (status < 300 || status >= 400 || status == 304) {
                    break;
                }
                close(response);
                Optional<String> location = response.headers().firstValue("Location");
                if (location.isEmpty()) {
                    return failed(what + ": HTTP " + status + " redirect without a Location; try again later");
                }
                if (++hops > MAX_REDIRECTS) {
                    return failed(what + ": more than " + MAX_REDIRECTS + " redirects; try again later or report it");
                }
                URI next;
                try {
                    next = current.resolve(location.get().strip());
                } catch (IllegalArgumentException e) {
                    return failed(what + ": redirected to a malformed URL; try again later or report it");
                }
                String refused = refusedRedirect(next);
                if (refused != null) {
                    return failed(what + ": " + refused);
                }
                current = next;
            }
            int status = response.statusCode();
            if (status == 200 || status == 206) {
                return opened(what, response, status);
            }
            close(response);
            if (status == 416) {
                return new DownloadReply.RangeNotSatisfiable();
            }
            if (status != 429 && status < 500) {
                return failed(what + ": " + explain(status));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Optional<Duration> asked = CivitaiHttp.retryAfter(response.headers());
            Duration wait = asked.orElse(CivitaiHttp.backoff(baseDelay, attempt));
            if (attempt >= CivitaiHttp.MAX_ATTEMPTS || elapsed.plus(wait).compareTo(retryBudget) > 0) {
                return failed(what + ": CivitAI kept answering HTTP " + status + " (" + attempt
                        + (attempt == 1 ? " attempt" : " attempts") + " in " + CivitaiHttp.seconds(elapsed)
                        + "); it is busy or rate-limiting, run the same command again later to resume");
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed(what + ": interrupted while waiting to retry");
            }
        }
    }

    private HttpResponse<InputStream> send(URI url, long from, String ifRange) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .header("User-Agent", CivitaiHttp.USER_AGENT).GET();
        if (from > 0) {
            builder.header("Range", "bytes=" + from + "-");
            if (ifRange != null) {
                builder.header("If-Range", ifRange);
            }
        }
        if (apiKey != null && sameOrigin(url, base)) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private DownloadReply opened(String what, HttpResponse<InputStream> response, int status) {
        HttpHeaders headers = response.headers();
        String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (type.contains("text/html") || type.contains("application/json")) {
            close(response);
            return failed(what + ": got " + (type.contains("html") ? "an HTML page" : "a JSON answer")
                    + " instead of the file (HTTP " + status + "); try again later, or check the model's page");
        }
        long length = headers.firstValueAsLong("Content-Length").orElse(-1);
        long start = 0;
        long total = length;
        if (status == 206) {
            Matcher range = CONTENT_RANGE.matcher(headers.firstValue("Content-Range").orElse(""));
            if (!range.matches()) {
                close(response);
                return failed(what + ": HTTP 206 without a usable Content-Range; try again later");
            }
            start = Long.parseLong(range.group(1));
            total = range.group(3).equals("*") ? -1 : Long.parseLong(range.group(3));
        }
        return new DownloadReply.Opened(start, total, headers.firstValue("ETag").orElse(null),
                headers.firstValue("Last-Modified").orElse(null), headers.firstValue("Content-Disposition").orElse(null),
                response.body());
    }

    private String explain(int status) {
        return switch (status) {
            case 401 -> "HTTP 401 Unauthorized: " + (apiKey == null
                    ? "this file needs a CivitAI account: set CIVITAI_API_KEY (civitai.com, Account settings, API keys)"
                    : "the API key was refused (bad or expired key): check CIVITAI_API_KEY");
            case 403 -> "HTTP 403: forbidden (early access, or the creator restricts downloads): check the model's page "
                    + "on civitai.com, or try again when its early access ends";
            case 404 -> "HTTP 404: no such file on CivitAI (removed, or a wrong version id); check the version";
            default -> "unexpected HTTP " + status + "; try again later";
        };
    }

    /** @return why a redirect is not followed, or null when it may be */
    private String refusedRedirect(URI next) {
        if (!isHttp(next)) {
            return "redirected to a " + (next.getScheme() == null ? "relative" : next.getScheme())
                    + " URL, which tsr does not follow; report it";
        }
        AddressClass target;
        try {
            target = classOf(next.getHost());
        } catch (UnknownHostException e) {
            return "redirected to " + origin(next) + ", which does not resolve (host not found); try again later";
        }
        AddressClass allowed = baseClass();
        if (target != AddressClass.PUBLIC && target != allowed) {
            return "redirected to a " + target.name().toLowerCase(Locale.ROOT) + " address (" + origin(next)
                    + ") while CivitAI's URL is " + allowed.name().toLowerCase(Locale.ROOT) + "; not followed";
        }
        return null;
    }

    private AddressClass baseClass() {
        if (baseClass == null) {
            try {
                baseClass = classOf(base.getHost());
            } catch (UnknownHostException e) {
                baseClass = AddressClass.PUBLIC; // the first request will say the host is not found
            }
        }
        return baseClass;
    }

    /** The most private class among the host's addresses: one loopback address makes the host loopback. */
    static AddressClass classOf(String host) throws UnknownHostException {
        if (host == null || host.isEmpty()) {
            throw new UnknownHostException("no host");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        AddressClass worst = AddressClass.PUBLIC;
        for (InetAddress address : InetAddress.getAllByName(bare)) {
            AddressClass c = classOf(address);
            if (c.ordinal() < worst.ordinal()) {
                worst = c;
            }
        }
        return worst;
    }

    static AddressClass classOf(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return AddressClass.LOOPBACK;
        }
        byte[] b = address.getAddress();
        boolean uniqueLocal = address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
        boolean sharedSpace = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64/10
        if (address.isAnyLocalAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isMulticastAddress() || uniqueLocal || sharedSpace) {
            return AddressClass.PRIVATE;
        }
        return AddressClass.PUBLIC;
    }

    private String failure(String what, URI url, IOException e) {
        return switch (e) {
            case HttpTimeoutException t -> what + ": no answer from " + origin(url) + " within "
                    + CivitaiHttp.seconds(requestTimeout) + " (timeout); check the network, then run it again to resume";
            case ConnectException c -> what + ": cannot connect to " + origin(url) + " (" + ConnectionFailure.why(c)
                    + "); check the network or TSR_CIVITAI_URL";
            default -> what + ": the connection to " + origin(url) + " failed (" + ConnectionFailure.why(e)
                    + "); check the network, then run it again to resume";
        };
    }

    private DownloadReply.Failed failed(String reason) {
        return new DownloadReply.Failed(words.fail(reason).reason());
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // the answer is dropped either way
        }
    }

    private static boolean isHttp(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String origin(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    /** The URL without its query: a signed URL's query is a credential of its own. */
    private static String shown(URI u) {
        return origin(u) + (u.getRawPath() == null ? "" : u.getRawPath());
    }
}
