package io.tensors.api;

/**
 * Hears how a scan goes, to draw progress. Called from the scan's worker threads: implementations
 * must be thread-safe and quick. Every method does nothing by default.
 */
public interface ScanListener {
    /** A listener that ignores everything. */
    ScanListener NONE = new ScanListener() {};

    /**
     * The walk is over and hashing starts.
     *
     * @param files files that will be read
     * @param bytes their total size
     */
    default void hashingStarted(long files, long bytes) {}

    /** @param bytes bytes just read and hashed */
    default void bytesHashed(long bytes) {}

    /** A file to be read is done, with or without success. */
    default void fileDone() {}

    /**
     * A worker starts reading a file (its header, then its bytes).
     *
     * @param path the file
     * @param size its size
     * @since API version 2
     */
    default void fileStarted(String path, long size) {}

    /**
     * A file {@link #fileStarted} was told about is done, with or without success; calls
     * {@link #fileDone()} by default, so a listener may implement either.
     *
     * @since API version 2
     */
    default void fileDone(String path) {
        fileDone();
    }

    /** @param failure a file that could not be cataloged */
    default void fileFailed(ScanFailure failure) {}

    /**
     * Something under the roots that is not a model file to catalog and not an error either: a
     * symlink loop, a broken symlink, a special file.
     *
     * @param skipped the path and why it was passed over
     */
    default void skipped(ScanFailure skipped) {}

    /**
     * Reading a file has been waiting a while on one call into a plugin (a hash whose update does
     * not return): called from the scan's own thread about once a second while the wait lasts.
     *
     * @param path the file
     * @param call the plugin, its jar and what of it was called: {@code plugin 'slowpoke' (slow.jar), hash 'slow'}
     * @param seconds how long the call has been running
     */
    default void waiting(String path, String call, long seconds) {}

    /** @param path a file {@link #waiting} was told about, whose wait is over */
    default void waitOver(String path) {}

    /**
     * A file read in this scan is dangerous to load (a pickle that imports code-running globals):
     * called from the scan's own thread once the file is cataloged.
     *
     * @param path the file
     * @param reasons the dangerous imports, one line each ({@code imports os.system}), never empty
     * @since API version 2
     */
    default void dangerous(String path, java.util.List<String> reasons) {}
}
