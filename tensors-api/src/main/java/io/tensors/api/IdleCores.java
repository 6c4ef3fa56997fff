package io.tensors.api;

import java.util.List;

/**
 * The cores no file is being hashed on, which a {@link FileHasher} may use for independent parts of its work (a
 * tree hash's subtrees): while a scan keeps every core busy with its own files, nothing is lent and the tasks run
 * on the calling thread, so a hasher that asks adds no thread to a busy machine.
 *
 * @since API version 2
 */
@FunctionalInterface
public interface IdleCores {
    /** Lends nothing: every task runs on the calling thread, one after another. */
    IdleCores NONE = tasks -> tasks.forEach(Runnable::run);

    /**
     * Runs every task once and returns when all are done: the first ones on idle cores while there are some, the
     * rest on this thread. A task's failure is thrown here once all are done.
     *
     * @param tasks independent of each other; the last one always runs on this thread
     */
    void runAll(List<Runnable> tasks);
}
