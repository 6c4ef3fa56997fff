package io.tensors.api;

import java.util.List;

/**
 * What {@link Catalog#download} did.
 *
 * @param files one entry per file planned, in plan order
 * @param downloaded files finished, verified and cataloged
 * @param failed files that failed (their {@code .part} or {@code .bad} stays)
 * @param bytes bytes received over the network
 * @param elapsedNanos wall time of the whole download
 */
public record DownloadSummary(List<DownloadedFile> files, long downloaded, long failed, long bytes, long elapsedNanos) {
    /** Copies the list. */
    public DownloadSummary {
        files = List.copyOf(files);
    }
}
