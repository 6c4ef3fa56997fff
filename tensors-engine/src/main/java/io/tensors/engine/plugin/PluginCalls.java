package io.tensors.engine.plugin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which thread is inside which call into plugin code, since when: every call {@link PluginGuard}
 * runs is here until it returns, so a long operation (a scan) can say which plugin it waits on.
 */
public final class PluginCalls {
    private static final Map<Thread, Call> RUNNING = new ConcurrentHashMap<>();

    private PluginCalls() {}

    /**
     * One call into a plugin that has not returned yet.
     *
     * @param plugin the plugin's name
     * @param origin its jar or folder
     * @param what what was called ({@code hash 'md5'})
     * @param startedNanos {@link System#nanoTime()} when it was called
     */
    public record Call(String plugin, String origin, String what, long startedNanos) {
        /** @return e.g. {@code plugin 'slowpoke' (slow.jar), hash 'slow'} */
        public String describe() {
            return "plugin '" + plugin + "' (" + origin + "), " + what;
        }
    }

    /** @return the plugin call the thread is inside, or null when it is running no plugin code */
    public static Call running(Thread thread) {
        return RUNNING.get(thread);
    }

    /** Marks the calling thread as inside {@code call}; @return the call it was inside before (or null), for {@link #leave} */
    static Call enter(Call call) {
        return RUNNING.put(Thread.currentThread(), call);
    }

    static void leave(Call previous) {
        if (previous == null) {
            RUNNING.remove(Thread.currentThread());
        } else {
            RUNNING.put(Thread.currentThread(), previous);
        }
    }
}
