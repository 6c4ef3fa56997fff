package io.tensors.engine.download;

import io.tensors.api.DownloadRequest;
import io.tensors.api.ErrorCode;
import io.tensors.api.OutdatedFile;
import io.tensors.api.TensorsException;
import io.tensors.engine.remote.ModelLocator;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.DownloadableFile;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns a download request into files: the versions (from the cache, fetched into it when missing),
 * the file of each that the options choose, the folder of the layout and a safe name.
 */
final class DownloadPlanner {
    /** What users type for --format, to CivitAI's metadata.format. */
    private static final Map<String, String> FORMATS = Map.of("safetensors", "safetensor", "safetensor", "safetensor",
            "ckpt", "pickletensor", "pt", "pickletensor", "pickle", "pickletensor", "pickletensor", "pickletensor",
            "gguf", "gguf", "diffusers", "diffusers", "onnx", "onnx", "other", "other");

    private final CatalogStore store;
    private final ModelLocator locator;
    private final URI civitaiUrl;
    private final Supplier<LibraryLayout> layout;

    DownloadPlanner(CatalogStore store, ModelLocator locator, URI civitaiUrl, Supplier<LibraryLayout> layout) {
        this.store = store;
        this.locator = locator;
        this.civitaiUrl = civitaiUrl;
        this.layout = layout;
    }

    /** @param outdated the outdated files, when the request asks for their newer versions */
    List<DownloadPlan> plan(DownloadRequest request, List<OutdatedFile> outdated) {
        if (request.format() != null && !FORMATS.containsKey(request.format().toLowerCase(Locale.ROOT))) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "--format " + request.format() + " is not a format; use one of "
                    + String.join(", ", new java.util.TreeSet<>(FORMATS.keySet())));
        }
        Set<Long> versions = new LinkedHashSet<>(request.versionIds());
        if (request.modelId() != null) {
            versions.add(latestOf(request.modelId()));
        }
        if (request.hash() != null) {
            versions.add(locator.versionWithHash(request.hash()));
        }
        List<DownloadPlan> plans = new ArrayList<>();
        for (long versionId : versions) {
            LibraryLayout library = layout.get();
            for (DownloadableFile file : choose(request, versionId, filesOf(versionId))) {
                plans.add(plan(file, library.folderFor(file.modelType(), file.fileType())));
            }
        }
        for (OutdatedFile old : outdated) {
            Path folder = Path.of(old.filePath()).toAbsolutePath().getParent();
            for (DownloadableFile file : choose(request, old.latestVersionId(), filesOf(old.latestVersionId()))) {
                plans.add(plan(file, folder));
            }
        }
        return plans;
    }

    private DownloadPlan plan(DownloadableFile file, Path folder) {
        String name = SafeName.of(file.name());
        if (name == null) {
            name = "civitai-" + file.versionId() + (file.fileId() == null ? "" : "-" + file.fileId()) + ".bin";
        }
        String url = file.downloadUrl();
        if (url == null && Boolean.TRUE.equals(file.primaryFile())) {
            url = "/api/download/models/" + file.versionId(); // CivitAI's URL for a version's primary file
        }
        if (url == null) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "version " + file.versionId() + ": CivitAI gives no download URL"
                    + " for " + name + " (archived or removed); nothing to download");
        }
        long size = file.sizeKb() == null ? -1 : (long) (file.sizeKb() * 1024);
        return new DownloadPlan(file.modelId(), file.versionId(), file.fileId(), rebase(url),
                folder.resolve(name), file.sha256(), size);
    }

    /**
     * CivitAI's download URLs name civitai.com; they are asked of the configured CivitAI URL (path and query
     * kept), so TSR_CIVITAI_URL is honoured and the API key never goes to a host named in cached data.
     */
    URI rebase(String url) {
        URI stored;
        try {
            stored = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "the cached download URL '" + url + "' is not a URL; refresh"
                    + " the model with 'tsr db cache'");
        }
        String base = civitaiUrl.toString().replaceAll("/+$", "");
        return URI.create(base + (stored.getRawPath() == null ? "" : stored.getRawPath())
                + (stored.getRawQuery() == null ? "" : "?" + stored.getRawQuery()));
    }

    private List<DownloadableFile> choose(DownloadRequest request, long versionId, List<DownloadableFile> files) {
        List<DownloadableFile> matching = files.stream()
                .filter(f -> request.fileId() == null || request.fileId().equals(f.fileId()))
                .filter(f -> request.format() == null || FORMATS.get(request.format().toLowerCase(Locale.ROOT))
                        .equalsIgnoreCase(f.format() == null ? "" : f.format()))
                .filter(f -> request.fp() == null || request.fp().equalsIgnoreCase(f.fp()))
                .toList();
        if (matching.isEmpty()) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "version " + versionId + " has no file"
                    + (request.fileId() != null ? " with id " + request.fileId() : "")
                    + (request.format() != null ? " in format " + request.format() : "")
                    + (request.fp() != null ? " in precision " + request.fp() : "") + "; its files: " + describe(files));
        }
        if (request.allFiles() || request.fileId() != null) {
            return matching;
        }
        return List.of(matching.stream().filter(f -> Boolean.TRUE.equals(f.primaryFile())).findFirst()
                .orElse(matching.getFirst()));
    }

    private static String describe(List<DownloadableFile> files) {
        List<String> each = new ArrayList<>();
        for (DownloadableFile f : files) {
            each.add(f.fileId() + " " + f.name() + " (" + (f.format() == null ? "?" : f.format()) + ", "
                    + (f.fp() == null ? "?" : f.fp()) + (Boolean.TRUE.equals(f.primaryFile()) ? ", primary" : "") + ")");
        }
        return String.join("; ", each);
    }

    /** The version's files from the cache; the model is fetched into it first when the version is not there. */
    private List<DownloadableFile> filesOf(long versionId) {
        if (versionId <= 0) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "version id " + versionId + " is not a CivitAI version id");
        }
        List<DownloadableFile> files = store.read(m -> m.downloads().versionFiles(versionId));
        if (!files.isEmpty()) {
            return files;
        }
        long modelId = locator.modelOfVersion(versionId);
        locator.cacheModel(modelId);
        files = store.read(m -> m.downloads().versionFiles(versionId));
        if (files.isEmpty()) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "version " + versionId + " of model " + modelId
                    + " lists no files on CivitAI; nothing to download");
        }
        return files;
    }

    private long latestOf(long modelId) {
        if (modelId <= 0) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "model id " + modelId + " is not a CivitAI model id");
        }
        Long cached = store.read(m -> m.downloads().latestVersion(modelId));
        if (cached == null) {
            locator.cacheModel(modelId);
            cached = store.read(m -> m.downloads().latestVersion(modelId));
        }
        if (cached == null) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "model " + modelId + " has no published version; nothing to download");
        }
        return cached;
    }

}
