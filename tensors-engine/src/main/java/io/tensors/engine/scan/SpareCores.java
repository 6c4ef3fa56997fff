package io.tensors.engine.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cores no file is being hashed on, lent to the hashers of one file: when a scan has fewer files left
 * than cores (one big file, or the last of a scan), a download, or {@code tsr hash FILE}, the file's
 * SHA-256 and AutoV3 streams (and BLAKE3 when asked for) run side by side instead of one after another.
 * A core is lent only while the threads hashing stay fewer than the cores, so a scan that keeps every
 * core busy with its own files runs as before, each file's hashers on its own thread.
 */
final class SpareCores {
    /** Set to false, a file's hashers run one after another (to compare, or on a machine shared with other work). */
    static final String ENABLE_PROPERTY = "tensors.hash.sideBySide";
    /** Shared by every hashing session of the process. */
    static final SpareCores SHARED = new SpareCores("false".equalsIgnoreCase(System.getProperty(ENABLE_PROPERTY))
            ? 1 : Runtime.getRuntime().availableProcessors());
    /** Lends nothing: every task runs on the caller's thread. */
    static final SpareCores NONE = new SpareCores(1);

    private final int cores;
    /** Threads hashing now: readers holding a {@link #hashing()} handle and helpers running a task. */
    private final AtomicInteger busy = new AtomicInteger();
    private final ThreadPoolExecutor helpers;

    SpareCores(int cores) {
        this.cores = Math.max(1, cores);
        // no queue: a task goes to an idle helper or is refused, and then runs on the caller's thread
        this.helpers = this.cores == 1 ? null : new ThreadPoolExecutor(0, this.cores - 1, 10, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> Thread.ofPlatform().daemon().name("tsr-hash-helper").unstarted(r));
    }

    int cores() {
        return cores;
    }

    /** @return whether a core may be lent now (the answer can change at once; {@link #runAll} checks again) */
    boolean anyFree() {
        return helpers != null && busy.get() < cores;
    }

    /**
     * Runs every task once and returns when all are done: the first ones on spare cores while there are
     * some, the rest on this thread. A task's failure is thrown here once all are done.
     */
    void runAll(List<Runnable> tasks) {
        if (helpers == null || tasks.size() < 2) {
            tasks.forEach(Runnable::run);
            return;
        }
        List<FutureTask<Void>> lent = new ArrayList<>();
        List<Runnable> mine = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Runnable task = tasks.get(i);
            // the last task always stays here: this thread would otherwise only wait
            if (i < tasks.size() - 1 && lend()) {
                FutureTask<Void> work = new FutureTask<>(() -> {
                    try {
                        task.run();
                    } finally {
                        busy.decrementAndGet();
                    }
                }, null);
                try {
                    helpers.execute(work);
                    lent.add(work);
                    continue;
                } catch (RejectedExecutionException e) {
                    busy.decrementAndGet(); // every helper is busy: the task stays here
                }
            }
            mine.add(task);
        }
        RuntimeException failure = null;
        try {
            mine.forEach(Runnable::run);
        } finally {
            failure = awaitAll(lent); // the caller may reuse the chunk once this returns, even on failure
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Waits out the lent tasks (a millisecond or so each); an interrupt is kept for the caller to see. */
    private static RuntimeException awaitAll(List<FutureTask<Void>> lent) {
        boolean interrupted = false;
        RuntimeException failure = null;
        for (FutureTask<Void> work : lent) {
            while (true) {
                try {
                    work.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return failure;
    }

    /**
     * Counts the calling thread as hashing a file until the returned handle is closed: a reader holds
     * one for the whole file (between its updates it is reading, not idle), so two files being read on
     * two cores leave none to lend.
     */
    HashSession.Hashing hashing() {
        busy.incrementAndGet();
        return busy::decrementAndGet;
    }

    /** @return whether a core is free for one more hashing thread (it is then counted busy) */
    private boolean lend() {
        while (true) {
            int now = busy.get();
            if (now >= cores) {
                return false;
            }
            if (busy.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }
}
