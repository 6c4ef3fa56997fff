package io.tensors.engine;

import io.tensors.api.Catalog;
import io.tensors.api.ErrorCode;
import io.tensors.api.FileLayout;
import io.tensors.api.LocalFileRow;
import io.tensors.api.SafetensorsHeader;
import io.tensors.api.ScanListener;
import io.tensors.api.ScanRequest;
import io.tensors.api.ScanSummary;
import io.tensors.api.TensorsException;
import io.tensors.engine.plugin.PluginRegistry;
import io.tensors.engine.safetensors.InvalidSafetensorsException;
import io.tensors.engine.safetensors.SafetensorsParser;
import io.tensors.engine.scan.FileReads;
import io.tensors.engine.scan.HashPipeline;
import io.tensors.engine.scan.Scanner;
import io.tensors.engine.store.CatalogStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The standard {@link Catalog}: the database is opened on the first call that needs it, so
 * {@code info} and {@code hash} never create or lock a catalog.
 */
public final class DefaultCatalog implements Catalog {
    private final Path location;
    private final PluginRegistry plugins;
    private CatalogStore store;

    public DefaultCatalog(Path location, PluginRegistry plugins) {
        this.location = Objects.requireNonNull(location, "location").toAbsolutePath();
        this.plugins = Objects.requireNonNull(plugins, "plugins");
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
        if (store == null) {
            store = CatalogStore.open(location);
        }
        return store;
    }

    @Override
    public ScanSummary scan(ScanRequest request, ScanListener listener) {
        List<String> ids = new ArrayList<>(request.hashIds().isEmpty() ? PluginRegistry.DEFAULT_HASHES : request.hashIds());
        ids.add(0, "SHA256"); // the catalog keys files by SHA256: always computed
        return new Scanner(store(), plugins.resolveHashes(ids)).scan(request, listener);
    }

    @Override
    public List<LocalFileRow> listFiles() {
        return store().read(m -> m.localFiles().listFull());
    }

    @Override
    public SafetensorsHeader inspect(Path file) {
        try (FileChannel channel = FileReads.open(file)) {
            return SafetensorsParser.read(channel, channel.size(), file.toString());
        } catch (IOException e) {
            throw FileReads.failure(file, e);
        } catch (InvalidSafetensorsException e) {
            throw invalid(file, e);
        }
    }

    @Override
    public Map<String, String> hash(Path file, List<String> hashIds) {
        HashPipeline pipeline = new HashPipeline(plugins.resolveHashes(hashIds));
        try (FileChannel channel = FileReads.open(file)) {
            long size = channel.size();
            SafetensorsHeader header = SafetensorsParser.read(channel, size, file.toString());
            return pipeline.hash(channel, new FileLayout(size, header.dataStart()),
                    ByteBuffer.allocate(HashPipeline.CHUNK_BYTES), n -> {});
        } catch (IOException e) {
            throw FileReads.failure(file, e);
        } catch (InvalidSafetensorsException e) {
            throw invalid(file, e);
        }
    }

    private static TensorsException invalid(Path file, InvalidSafetensorsException e) {
        return new TensorsException(ErrorCode.BAD_INPUT, file + ": invalid safetensors: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
