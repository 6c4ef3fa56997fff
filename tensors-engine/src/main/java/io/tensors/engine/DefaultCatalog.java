package io.tensors.engine;

import io.tensors.api.CacheSummary;
import io.tensors.api.CatalogStats;
import io.tensors.api.DuplicateReport;
import io.tensors.api.DownloadListener;
import io.tensors.api.DownloadRequest;
import io.tensors.api.DownloadSummary;
import io.tensors.api.Exporter;
import io.tensors.api.RemoteModel;
import io.tensors.api.RemoteSearch;
import io.tensors.api.ModelPage;
import io.tensors.engine.remote.ModelLocator;
import io.tensors.engine.remote.ModelPages;
import io.tensors.engine.remote.RemoteSearcher;
import io.tensors.api.ImagePrompt;
import io.tensors.api.ListFilter;
import io.tensors.api.OutdatedFile;
import io.tensors.engine.query.Queries;
import io.tensors.engine.identity.Identifier;
import io.tensors.engine.identity.RuleSet;
import io.tensors.engine.identity.TensorDigest;
import io.tensors.api.Identity;
import io.tensors.api.TriggerWords;
import io.tensors.api.Catalog;
import io.tensors.api.LinkRequest;
import io.tensors.api.LinkSummary;
import io.tensors.api.ModelSource;
import io.tensors.api.ModelSourceFactory;
import io.tensors.api.ProgressListener;
import io.tensors.api.SourceContext;
import io.tensors.engine.download.Downloads;
import io.tensors.engine.link.Linker;
import io.tensors.api.ModelHit;
import io.tensors.api.SearchQuery;
import io.tensors.api.SearchResults;
import io.tensors.engine.search.ModelSearch;
import java.net.http.HttpClient;
import java.time.Clock;
import io.tensors.api.ErrorCode;
import io.tensors.api.FileLayout;
import io.tensors.api.LocalFileRow;
import io.tensors.api.ModelHeader;
import io.tensors.api.ScanListener;
import io.tensors.api.ScanRequest;
import io.tensors.api.ScanSummary;
import io.tensors.api.TensorsException;
import io.tensors.engine.plugin.PluginRegistry;
import io.tensors.engine.format.Formats;
import io.tensors.engine.scan.FileReads;
import io.tensors.engine.scan.HashPipeline;
import io.tensors.engine.scan.Scanner;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.ReadOnlySql;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The standard {@link Catalog}: the database is opened on the first call that needs it, so
 * {@code info} and {@code hash} never create or lock a catalog.
 */
public final class DefaultCatalog implements Catalog {
    private final Settings settings;
    private final Path location;
    private final PluginRegistry plugins;
    private final Clock clock;
    private CatalogStore store;
    private volatile ReadOnlySql readOnly;
    private HttpClient http;
    private Consumer<String> notices = notice -> { };

    public DefaultCatalog(Settings settings, PluginRegistry plugins) {
        this(settings, plugins, Clock.systemUTC());
    }

    /** @param notices told one line when opening migrates the original Python tsr's catalog */
    public DefaultCatalog(Settings settings, PluginRegistry plugins, Consumer<String> notices) {
        this(settings, plugins, Clock.systemUTC());
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    public DefaultCatalog(Settings settings, PluginRegistry plugins, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.location = settings.catalog().toAbsolutePath();
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Path location() {
        return location;
    }

    /** @return the plugins this catalog uses */
    public PluginRegistry plugins() {
        return plugins;
    }

    private CatalogStore store() {
        return store(true);
    }

    /**
     * @param write whether the call changes the catalog (scan, link, cache: a missing file is created) or only
     *     reads it (the queries: a missing file is refused, an existing one is opened read-only)
     * @throws TensorsException BAD_INPUT when {@code write} is false and there is no catalog file
     */
    private CatalogStore store(boolean write) {
        if (store != null && write && !store.writable()) {
            store.close(); // a shell that listed before it scans: reopen for writing
            store = null;
        }
        if (store == null) {
            store = CatalogStore.open(location, write, notices);
        }
        return store;
    }

    @Override
    public io.tensors.api.ImportSummary importCatalog(Path source) {
        return io.tensors.engine.store.CatalogImport.run(store(), source);
    }

    @Override
    public ScanSummary scan(ScanRequest request, ScanListener listener) {
        List<String> ids = new ArrayList<>(request.hashIds().isEmpty() ? Scanner.DEFAULT_HASHES : request.hashIds());
        ids.add(0, "SHA256"); // the catalog keys files by SHA256: always computed
        Formats formats = formats();
        formats.endings(request.formats()); // an unknown id fails before the catalog is created
        return new Scanner(store(), plugins.resolveHashes(ids), formats, settings.pluginWait(), identifier())
                .scan(request, listener);
    }

    /** The built-in identity rules, then the plugins'. */
    private Identifier identifier() {
        List<String> texts = new ArrayList<>();
        texts.add(RuleSet.builtInText());
        texts.addAll(plugins.identityRules());
        return new Identifier(RuleSet.parse(texts));
    }

    @Override
    public List<LocalFileRow> listFiles() {
        return listFiles(ListFilter.ALL);
    }

    @Override
    public List<LocalFileRow> listFiles(ListFilter filter) {
        return new Queries(store(false)).listFiles(filter);
    }

    @Override
    public List<String> triggerWords(String fileOrHash) {
        return new Queries(store(false)).triggerWords(fileOrHash);
    }

    @Override
    public TriggerWords triggers(String fileOrHash) {
        return new Queries(store(false)).triggers(fileOrHash);
    }

    @Override
    public List<LocalFileRow> searchFiles(SearchQuery query) {
        return new ModelSearch(store(false)).searchFiles(query);
    }

    @Override
    public SearchResults searchAll(SearchQuery query) {
        return new ModelSearch(store(false)).searchAll(query);
    }

    @Override
    public Identity identify(ModelHeader header, String fileName) {
        return identifier().identify(header.format(), header.metadata(), TensorDigest.of(header.tensors()), fileName);
    }

    @Override
    public List<ImagePrompt> prompts(long modelId, Long versionId, int limit) {
        return new Queries(store(false)).prompts(modelId, versionId, limit);
    }

    @Override
    public DuplicateReport duplicates() {
        return new Queries(store(false)).duplicates();
    }

    @Override
    public List<OutdatedFile> outdated() {
        return new Queries(store(false)).outdated(settings.civitaiUrl());
    }

    @Override
    public CacheSummary refreshLinkedModels(ProgressListener listener) {
        List<Long> modelIds = listFiles(new ListFilter(null, null, true, false, ListFilter.Sort.NAME)).stream()
                .map(LocalFileRow::civitaiModelId).filter(Objects::nonNull).distinct().toList();
        return modelIds.isEmpty() ? new CacheSummary(0, 0, 0, List.of()) : cache(modelIds, false, listener);
    }

    @Override
    public CatalogStats stats() {
        return new Queries(store(false)).stats();
    }

    @Override
    public List<Exporter> exporters() {
        return plugins.exporters();
    }

    @Override
    public DownloadSummary download(DownloadRequest request, DownloadListener listener) {
        List<ModelSource> sources = sources(false);
        List<String> ids = new ArrayList<>(Scanner.DEFAULT_HASHES);
        ids.add(0, "SHA256"); // as a scan: the catalog keys files by SHA256
        Downloads downloads = new Downloads(store(), sources, plugins.resolveHashes(ids), formats(),
                new Downloads.Setup(settings.civitaiUrl(), settings.envLibrary(), settings.configDir(), settings.requestTimeout()),
                clock);
        return downloads.download(request, request.outdated() ? outdated() : List.of(), listener);
    }

    @Override
    public List<RemoteModel> searchRemote(RemoteSearch search) {
        RemoteSearcher.parameters(search); // bad filters are refused before the catalog opens or a request goes out
        return new RemoteSearcher(store(), sources(false), clock).search(search);
    }

    @Override
    public ModelPage modelPage(Long modelId, Long versionId, String hash, boolean refresh) {
        List<ModelSource> sources = sources(false);
        CatalogStore catalog = store();
        ModelLocator locator = new ModelLocator(catalog, sources, new Linker(catalog, sources, clock), ProgressListener.NONE);
        return new ModelPages(catalog, locator, settings.civitaiUrl()).page(modelId, versionId, hash, refresh);
    }

    @Override
    public List<ModelHit> search(SearchQuery query) {
        return new ModelSearch(store(false)).search(query);
    }

    @Override
    public LinkSummary link(LinkRequest request, ProgressListener listener) {
        List<ModelSource> sources = sources(request.offline()); // bad network settings fail before the catalog is created
        return new Linker(store(), sources, clock).link(request, listener);
    }

    @Override
    public CacheSummary cache(List<Long> modelIds, boolean offline, ProgressListener listener) {
        if (offline) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "caching a model needs the network: run it without --offline");
        }
        List<ModelSource> sources = sources(false);
        return new Linker(store(), sources, clock).cache(modelIds, listener);
    }

    /** The model sources in the order they are asked; remote ones only when online. */
    private List<ModelSource> sources(boolean offline) {
        List<ModelSource> sources = new ArrayList<>();
        for (ModelSourceFactory factory : plugins.modelSources()) {
            if (factory.remote() && offline) {
                continue;
            }
            if (http == null) {
                // the JDK client reads the socket 16 KiB at a time by default: a download from a fast
                // host then tops out near 250 MB/s; 256 KiB reads reach curl's speed (DownloadBenchmark)
                System.getProperties().putIfAbsent("jdk.httpclient.bufsize", String.valueOf(256 * 1024));
                http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout())
                        .followRedirects(HttpClient.Redirect.NORMAL).build();
            }
            String key = factory.remote() ? settings.apiKey() : null;
            sources.add(factory.create(new SourceContext(settings.civitaiUrl(), key, offline, http,
                    settings.requestTimeout(), settings.retryBudget())));
        }
        return sources;
    }

    @Override
    public List<Map<String, Object>> sql(String query, List<Object> params) {
        if (readOnly == null) {
            readOnly = new ReadOnlySql(() -> location);
        }
        return readOnly.query(query, params);
    }

    @Override
    public void cancelSql() {
        ReadOnlySql running = readOnly;
        if (running != null) {
            running.cancel();
        }
    }

    /** @return the loaded formats, in the order content is probed */
    private Formats formats() {
        return new Formats(plugins.formats());
    }

    @Override
    public ModelHeader inspect(Path file) {
        try (FileChannel channel = FileReads.open(file)) {
            Path name = file.getFileName();
            return formats().read(channel, channel.size(), name == null ? "" : name.toString());
        } catch (IOException e) {
            throw FileReads.failure(file, e);
        } catch (TensorsException e) {
            throw withPath(file, e);
        }
    }

    @Override
    public Map<String, String> hash(Path file, List<String> hashIds) {
        Formats formats = formats();
        HashPipeline pipeline = new HashPipeline(plugins.resolveHashes(hashIds.isEmpty() ? Scanner.DEFAULT_HASHES : hashIds), formats);
        try (FileChannel channel = FileReads.open(file)) {
            long size = channel.size();
            FileLayout layout = formats.layout(channel, size);
            return pipeline.hash(channel, layout, HashPipeline.readBuffer(), n -> {});
        } catch (IOException e) {
            throw FileReads.failure(file, e);
        } catch (TensorsException e) {
            throw withPath(file, e);
        }
    }

    /** A format's line about a bad file, or a format plugin's failure, names the file. */
    private static TensorsException withPath(Path file, TensorsException e) {
        if (e.code() != ErrorCode.BAD_INPUT && e.code() != ErrorCode.FAILED) {
            throw e;
        }
        return new TensorsException(e.code(), file + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        if (readOnly != null) {
            readOnly.close();
            readOnly = null;
        }
        if (http != null) {
            http.shutdownNow(); // a stalled request must not hold up exit
            http = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
