package io.tensors.plugins;

import io.tensors.api.DownloadReply;
import io.tensors.api.FetchResult;
import io.tensors.api.FileQuery;
import io.tensors.api.LookupResult;
import io.tensors.api.ModelSource;
import io.tensors.api.SourceContext;
import io.tensors.api.VersionMatch;
import io.tensors.plugins.CivitaiHttp.Reply;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Identifies files through CivitAI's public API: SHA256 in bulk ({@code POST
 * /api/v1/model-versions/by-hash}, one GET per hash where the bulk endpoint is missing), then AutoV3
 * one by one for what SHA256 did not find. Fetches whole models from {@code /api/v1/models/{id}}.
 * Only a JSON 404 is a "not found"; everything else that goes wrong is a failure.
 *
 * <p>The bulk endpoint counts as missing when it answers 400, 404 or 405 with JSON, or an HTML 404
 * while a GET by hash works (an HTML 404 for that GET too means a wrong base URL: every file fails).
 */
final class CivitaiSource implements ModelSource {
    static final String BY_HASH = "/api/v1/model-versions/by-hash";
    static final String MODELS = "/api/v1/models/";
    static final int BULK_LIMIT = 100;
    private static final Pattern SHA256 = Pattern.compile("[0-9A-F]{64}");
    /** AutoV3 is 12 hex digits; anything hex up to 64 is accepted, nothing else goes into a URL path. */
    private static final Pattern SHORT_HASH = Pattern.compile("[0-9A-F]{1,64}");

    static final String VERSIONS = "/api/v1/model-versions/";
    static final String SEARCH = "/api/v1/models";

    private final CivitaiHttp http;
    private final SourceContext context;
    private final Duration baseDelay;
    private final CivitaiHttp.Sleeper sleeper;
    private CivitaiDownload downloads;
    /** Cleared when the server says it has no bulk endpoint, so later lookups go straight to GETs. */
    private boolean bulkSupported = true;

    CivitaiSource(SourceContext context) {
        this(context, Duration.ofSeconds(1), CivitaiHttp.Sleeper.REAL);
    }

    /** For tests: a small base delay and a sleeper that records instead of waiting. */
    CivitaiSource(SourceContext context, Duration baseDelay, CivitaiHttp.Sleeper sleeper) {
        this.http = new CivitaiHttp(context.baseUrl(), context.apiKey(), context.httpClient(),
                context.requestTimeout(), context.retryBudget(), baseDelay, sleeper);
        this.context = context;
        this.baseDelay = baseDelay;
        this.sleeper = sleeper;
    }

    @Override
    public String id() {
        return "civitai";
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public List<LookupResult> lookup(List<FileQuery> files) {
        LookupResult[] results = new LookupResult[files.size()];
        String[] sha256 = new String[files.size()];
        List<String> distinctSha256 = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String sha = CivitaiJson.hashOf(files.get(i), "SHA256");
            if (sha == null) {
                continue;
            }
            if (!SHA256.matcher(sha).matches()) {
                results[i] = new LookupResult.Failed(files.get(i).path() + ": SHA256 \"" + CivitaiJson.oneLine(sha, 70)
                        + "\" is not 64 hex digits; rescan the file");
                continue;
            }
            sha256[i] = sha;
            if (!distinctSha256.contains(sha)) {
                distinctSha256.add(sha);
            }
        }
        Map<String, LookupResult> bySha256 = lookUpSha256(distinctSha256);

        // AutoV3 only where SHA256 found nothing: headers edited by other tools change SHA256, not AutoV3.
        // A SHA256 failure stays a failure: an AutoV3 miss must not turn it into a "not found".
        Map<String, LookupResult> byAutoV3 = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            if (results[i] != null) {
                continue;
            }
            LookupResult bySha = sha256[i] == null ? null : bySha256.get(sha256[i]);
            if (bySha instanceof LookupResult.Found || bySha instanceof LookupResult.Failed) {
                results[i] = bySha;
                continue;
            }
            String autoV3 = CivitaiJson.hashOf(files.get(i), "AutoV3");
            if (autoV3 != null && SHORT_HASH.matcher(autoV3).matches()) {
                results[i] = byAutoV3.computeIfAbsent(autoV3, h -> lookUpOne(h, "AutoV3"));
            } else if (bySha != null) {
                results[i] = bySha;
            } else {
                results[i] = new LookupResult.Failed(files.get(i).path()
                        + ": no SHA256 or AutoV3 hash to look up; rescan with those hashes enabled");
            }
        }
        return Arrays.asList(results);
    }

    @Override
    public FetchResult fetchModel(long modelId) {
        if (modelId <= 0) {
            return new FetchResult.Failed("model id " + modelId + " is not a CivitAI model id (must be positive)");
        }
        String path = MODELS + modelId;
        return switch (http.get(path)) {
            case Reply.Failure failure -> new FetchResult.Failed(failure.reason());
            case Reply.Json json when json.status() == 404 -> new FetchResult.NotFound();
            case Reply.Json json when json.ok() && json.body().isObject() -> new FetchResult.Found(json.text());
            case Reply.Json json -> new FetchResult.Failed(http.unexpected("GET", path, json).reason());
        };
    }

    @Override
    public FetchResult fetchVersion(long versionId) {
        if (versionId <= 0) {
            return new FetchResult.Failed("version id " + versionId + " is not a CivitAI version id (must be positive)");
        }
        return fetchObject(VERSIONS + versionId);
    }

    @Override
    public FetchResult searchModels(Map<String, List<String>> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, values) -> values.forEach(value -> query.append(query.isEmpty() ? '?' : '&')
                .append(encode(name)).append('=').append(encode(value))));
        return fetchObject(SEARCH + query);
    }

    @Override
    public DownloadReply download(URI url, long from, String ifRange) {
        CivitaiDownload opener;
        synchronized (this) {
            if (downloads == null) {
                downloads = new CivitaiDownload(context.baseUrl(), context.apiKey(), context.httpClient(),
                        context.requestTimeout(), context.retryBudget(), baseDelay, sleeper, http);
            }
            opener = downloads;
        }
        return opener.open(url, from, ifRange); // thread-safe: parallel downloads share it
    }

    private FetchResult fetchObject(String path) {
        return switch (http.get(path)) {
            case Reply.Failure failure -> new FetchResult.Failed(failure.reason());
            case Reply.Json json when json.status() == 404 -> new FetchResult.NotFound();
            case Reply.Json json when json.ok() && json.body().isObject() -> new FetchResult.Found(json.text());
            case Reply.Json json -> new FetchResult.Failed(http.unexpected("GET", path.replaceFirst("\\?.*", ""), json).reason());
        };
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "CivitaiSource[" + http.origin() + ", apiKey=" + (http.hasApiKey() ? "set" : "none") + "]";
    }

    /** @return Found, NotFound or Failed for every hash given */
    private Map<String, LookupResult> lookUpSha256(List<String> hashes) {
        Map<String, LookupResult> answers = new LinkedHashMap<>();
        for (int from = 0; from < hashes.size(); from += BULK_LIMIT) {
            List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + BULK_LIMIT));
            if (bulkSupported) {
                lookUpInBulk(chunk, answers);
            }
            if (!bulkSupported) {
                for (String hash : chunk) {
                    if (!answers.containsKey(hash)) {
                        answers.put(hash, lookUpOne(hash, "SHA256"));
                    }
                }
            }
        }
        return answers;
    }

    private void lookUpInBulk(List<String> chunk, Map<String, LookupResult> answers) {
        ArrayNode body = CivitaiJson.MAPPER.createArrayNode();
        chunk.forEach(body::add);
        switch (http.post(BY_HASH, CivitaiJson.write(body))) {
            case Reply.Failure failure when failure.noSuchPath() -> {
                // an HTML 404 means a wrong base URL or a server without the bulk route: one GET tells which
                LookupResult probe = lookUpOne(chunk.getFirst(), "SHA256");
                if (probe instanceof LookupResult.Failed) {
                    chunk.forEach(h -> answers.put(h, probe));
                } else {
                    bulkSupported = false;
                    answers.put(chunk.getFirst(), probe);
                }
            }
            case Reply.Failure failure -> chunk.forEach(h -> answers.put(h, new LookupResult.Failed(failure.reason())));
            case Reply.Json json when json.ok() && json.body().isArray() -> matchBulkAnswer(chunk, json.body(), answers);
            case Reply.Json json when json.status() == 400 || json.status() == 404 || json.status() == 405 ->
                    bulkSupported = false; // an older server or a stub without the bulk endpoint
            case Reply.Json json -> {
                String reason = http.unexpected("POST", BY_HASH, json).reason();
                chunk.forEach(h -> answers.put(h, new LookupResult.Failed(reason)));
            }
        }
    }

    /** Matches each returned version to the queried hashes through its files' SHA256; absent = not found. */
    private void matchBulkAnswer(List<String> chunk, JsonNode versions, Map<String, LookupResult> answers) {
        Map<String, Map<Long, VersionMatch>> found = new HashMap<>();
        Map<String, String> broken = new HashMap<>();
        for (JsonNode version : versions.values()) {
            if (!version.isObject()) {
                continue;
            }
            Set<String> carried = CivitaiJson.sha256Hashes(version);
            List<String> hits = chunk.stream().filter(carried::contains).toList();
            if (hits.isEmpty()) {
                continue;
            }
            OptionalLong versionId = CivitaiJson.positiveId(version.get("id"));
            OptionalLong modelId = CivitaiJson.positiveId(version.get("modelId"));
            if (versionId.isEmpty() || modelId.isEmpty()) {
                hits.forEach(h -> broken.put(h, http.fail("POST " + BY_HASH
                        + ": a returned version has no positive \"id\" or \"modelId\"; try again later or report it").reason()));
                continue;
            }
            VersionMatch match = new VersionMatch(modelId.getAsLong(), versionId.getAsLong(), CivitaiJson.write(version), "SHA256");
            hits.forEach(h -> found.computeIfAbsent(h, k -> new LinkedHashMap<>()).putIfAbsent(match.versionId(), match));
        }
        for (String hash : chunk) {
            if (found.containsKey(hash)) {
                answers.put(hash, new LookupResult.Found(List.copyOf(found.get(hash).values())));
            } else if (broken.containsKey(hash)) {
                answers.put(hash, new LookupResult.Failed(broken.get(hash)));
            } else {
                answers.put(hash, new LookupResult.NotFound());
            }
        }
    }

    /** {@code GET /api/v1/model-versions/by-hash/{hash}}: the server matches any hash type. */
    private LookupResult lookUpOne(String hash, String type) {
        String path = BY_HASH + "/" + hash;
        return switch (http.get(path)) {
            case Reply.Failure failure -> new LookupResult.Failed(failure.reason());
            case Reply.Json json when json.status() == 404 -> new LookupResult.NotFound();
            case Reply.Json json when json.ok() && json.body().isObject() -> {
                OptionalLong versionId = CivitaiJson.positiveId(json.body().get("id"));
                OptionalLong modelId = CivitaiJson.positiveId(json.body().get("modelId"));
                if (versionId.isEmpty() || modelId.isEmpty()) {
                    yield new LookupResult.Failed(http.fail("GET " + path
                            + ": the version has no positive \"id\" or \"modelId\"; try again later or report it").reason());
                }
                yield new LookupResult.Found(List.of(
                        new VersionMatch(modelId.getAsLong(), versionId.getAsLong(), json.text(), type)));
            }
            case Reply.Json json -> new LookupResult.Failed(http.unexpected("GET", path, json).reason());
        };
    }
}
