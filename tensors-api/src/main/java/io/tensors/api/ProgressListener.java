package io.tensors.api;

/**
 * Hears how a long operation over many items goes, to draw progress; called from the caller's
 * thread. Every method does nothing by default.
 */
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {};

    /** @param total items to do */
    default void started(long total) {}

    /** @param done items done so far */
    default void advanced(long done) {}

    /** @param line a problem with one item, worth a line for the user */
    default void problem(String line) {}
}
