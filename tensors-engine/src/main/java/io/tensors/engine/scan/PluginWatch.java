package io.tensors.engine.scan;

import io.tensors.api.ScanListener;
import io.tensors.engine.plugin.PluginCalls;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The scan's watchdog: which file each hashing worker is on, and, checked from the scan's thread,
 * which of them has been inside one plugin call for longer than the limit, so a plugin whose hash
 * never returns is named instead of hanging the scan in silence.
 */
final class PluginWatch {
    private final long limitNanos;
    private final Map<Thread, String> reading = new ConcurrentHashMap<>();
    /** What the listener was last told per worker; only the scan's thread touches it. */
    private final Map<Thread, Told> told = new HashMap<>();

    private record Told(String path, PluginCalls.Call call, long seconds) {}

    PluginWatch(Duration limit) {
        this.limitNanos = limit.toNanos();
    }

    /** The calling worker starts reading {@code path}. */
    void reading(String path) {
        reading.put(Thread.currentThread(), path);
    }

    /** The calling worker is done with its file. */
    void done() {
        reading.remove(Thread.currentThread());
    }

    /** Tells the listener of each worker waiting on one plugin call past the limit, once a second, and when that is over. */
    void check(ScanListener listener) {
        long now = System.nanoTime();
        for (Map.Entry<Thread, String> worker : reading.entrySet()) {
            PluginCalls.Call call = PluginCalls.running(worker.getKey());
            Told before = told.get(worker.getKey());
            boolean same = before != null && before.call() == call && before.path().equals(worker.getValue());
            if (before != null && !same) {
                listener.waitOver(before.path());
                told.remove(worker.getKey());
            }
            if (call == null || now - call.startedNanos() < limitNanos) {
                continue;
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(now - call.startedNanos());
            if (!same || before.seconds() != seconds) {
                listener.waiting(worker.getValue(), call.describe(), seconds);
                told.put(worker.getKey(), new Told(worker.getValue(), call, seconds));
            }
        }
        for (Iterator<Map.Entry<Thread, Told>> it = told.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Thread, Told> entry = it.next();
            if (!reading.containsKey(entry.getKey())) {
                listener.waitOver(entry.getValue().path());
                it.remove();
            }
        }
    }
}
