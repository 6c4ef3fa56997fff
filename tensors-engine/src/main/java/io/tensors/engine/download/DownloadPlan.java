package io.tensors.engine.download;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One file to fetch: where from, where to, and what CivitAI says it is.
 *
 * @param target the finished file's path (its {@code .part} sits next to it)
 * @param sha256 CivitAI's SHA256 (upper case), or null when CivitAI has none: then nothing is verified
 * @param expectedSize CivitAI's size (from its KiB figure, approximate), for the disk-space check; -1 when unknown
 */
public record DownloadPlan(long modelId, long versionId, Long fileId, URI url, Path target, String sha256,
        long expectedSize) {
    public DownloadPlan {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(target, "target");
    }

    Path part() {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    Path sidecar() {
        return target.resolveSibling(target.getFileName() + ".part.json");
    }

    Path bad() {
        return target.resolveSibling(target.getFileName() + ".bad");
    }
}
