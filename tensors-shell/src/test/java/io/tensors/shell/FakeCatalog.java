package io.tensors.shell;

import io.tensors.api.CacheSummary;
import io.tensors.api.Catalog;
import io.tensors.api.CatalogStats;
import io.tensors.api.DuplicateReport;
import io.tensors.api.Exporter;
import io.tensors.api.ImagePrompt;
import io.tensors.api.LinkRequest;
import io.tensors.api.LinkSummary;
import io.tensors.api.ListFilter;
import io.tensors.api.LocalFileRow;
import io.tensors.api.ModelHit;
import io.tensors.api.OutdatedFile;
import io.tensors.api.PluginInfo;
import io.tensors.api.ProgressListener;
import io.tensors.api.ModelHeader;
import io.tensors.api.ScanListener;
import io.tensors.api.ScanRequest;
import io.tensors.api.ScanSummary;
import io.tensors.api.SearchQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A catalog with canned answers, for shell tests where the engine is not the point (how a command
 * prints what it is given). Only what a test sets is answered; anything else fails loudly.
 */
final class FakeCatalog implements Catalog {
    private final Path location;
    CatalogStats stats;
    /** Every --db the commands opened, in order (null: none given). */
    final List<Path> opened = new ArrayList<>();

    FakeCatalog(Path location) {
        this.location = location.toAbsolutePath();
    }

    /** @return what {@link Cli#create(Environment, Function)} takes: this catalog for any --db, and these plugins */
    Function<Consumer<String>, CatalogFactory> factory(List<PluginInfo> plugins) {
        return warnings -> new CatalogFactory() {
            @Override
            public Path location(Path db) {
                return location;
            }

            @Override
            public Catalog open(Path db) {
                opened.add(db);
                return FakeCatalog.this;
            }

            @Override
            public List<PluginInfo> plugins() {
                return plugins;
            }
        };
    }

    /** @return this, as a {@code Supplier<Catalog>} for the parts that take one */
    Catalog self() {
        return this;
    }

    private static UnsupportedOperationException notFaked() {
        return new UnsupportedOperationException("not faked");
    }

    @Override
    public Path location() {
        return location;
    }

    @Override
    public CatalogStats stats() {
        if (stats == null) {
            throw notFaked();
        }
        return stats;
    }

    @Override
    public List<Exporter> exporters() {
        return List.of();
    }

    @Override
    public ScanSummary scan(ScanRequest request, ScanListener listener) {
        throw notFaked();
    }

    @Override
    public List<LocalFileRow> listFiles() {
        throw notFaked();
    }

    @Override
    public List<LocalFileRow> listFiles(ListFilter filter) {
        throw notFaked();
    }

    @Override
    public List<String> triggerWords(String fileOrHash) {
        throw notFaked();
    }

    @Override
    public List<ImagePrompt> prompts(long modelId, Long versionId, int limit) {
        throw notFaked();
    }

    @Override
    public DuplicateReport duplicates() {
        throw notFaked();
    }

    @Override
    public List<OutdatedFile> outdated() {
        throw notFaked();
    }

    @Override
    public CacheSummary refreshLinkedModels(ProgressListener listener) {
        throw notFaked();
    }

    @Override
    public LinkSummary link(LinkRequest request, ProgressListener listener) {
        throw notFaked();
    }

    @Override
    public CacheSummary cache(List<Long> modelIds, boolean offline, ProgressListener listener) {
        throw notFaked();
    }

    @Override
    public List<ModelHit> search(SearchQuery query) {
        throw notFaked();
    }

    @Override
    public io.tensors.api.ModelPage modelPage(Long modelId, Long versionId, String hash, boolean refresh) {
        throw notFaked();
    }

    @Override
    public List<io.tensors.api.RemoteModel> searchRemote(io.tensors.api.RemoteSearch search) {
        throw notFaked();
    }

    @Override
    public io.tensors.api.DownloadSummary download(io.tensors.api.DownloadRequest request, io.tensors.api.DownloadListener listener) {
        throw notFaked();
    }

    @Override
    public List<Map<String, Object>> sql(String query, List<Object> params) {
        throw notFaked();
    }

    @Override
    public void cancelSql() {
        throw notFaked();
    }

    @Override
    public ModelHeader inspect(Path file) {
        throw notFaked();
    }

    @Override
    public Map<String, String> hash(Path file, List<String> hashIds) {
        throw notFaked();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
