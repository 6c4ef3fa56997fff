package io.tensors.api;

/**
 * Hears how a download goes, to draw progress. Called from the download threads (several at once with
 * {@code parallel} above 1); every method does nothing by default.
 */
public interface DownloadListener {
    /** A listener that ignores everything. */
    DownloadListener NONE = new DownloadListener() {};

    /**
     * @param name the file's name
     * @param size its expected size in bytes, or -1 when unknown
     * @param from bytes already on disk
     */
    default void started(String name, long size, long from) {}

    /** @param done bytes of the file on disk so far */
    default void advanced(String name, long done) {}

    /** The file is done (verified and cataloged, or failed). */
    default void finished(DownloadedFile file) {}

    /** @param line a problem worth a line for the user */
    default void problem(String line) {}
}
