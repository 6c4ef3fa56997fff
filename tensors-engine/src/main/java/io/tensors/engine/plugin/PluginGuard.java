package io.tensors.engine.plugin;

import io.tensors.api.ErrorCode;
import io.tensors.api.ErrorText;
import io.tensors.api.TensorsException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs calls into one plugin's code with that plugin's class loader as the thread's context class
 * loader, and turns a {@link RuntimeException} or {@link LinkageError} thrown by the plugin into a
 * one-line report naming the plugin and its jar. After its first failure the plugin is disabled for
 * the rest of the run. Errors such as {@link OutOfMemoryError} are not caught. While a call runs, it
 * is in {@link PluginCalls}.
 */
final class PluginGuard {
    private final String name;
    private final String origin;
    private final ClassLoader loader;
    private final Consumer<String> warnings;
    private volatile String disabled;
    private volatile boolean started;

    PluginGuard(String name, String origin, ClassLoader loader, Consumer<String> warnings) {
        this.name = Objects.requireNonNull(name, "name");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.loader = loader;
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** @return the same plugin under the name it gives itself */
    PluginGuard named(String declared) {
        return new PluginGuard(declared, origin, loader, warnings);
    }

    String name() {
        return name;
    }

    String origin() {
        return origin;
    }

    String label() {
        return name + " (" + origin + ")";
    }

    /** Marks the end of loading: from now on a failure disables the plugin and is reported as a warning. */
    void started() {
        started = true;
    }

    /** @return why the plugin was disabled at call time, or null while it works */
    String disabled() {
        return disabled;
    }

    /**
     * Runs {@code body} as plugin code.
     *
     * @param what what is being called, for the report ({@code hash 'md5'})
     * @throws TensorsException FAILED naming the plugin, its jar and the cause, when the plugin throws
     */
    <T> T call(String what, Supplier<T> body) {
        return PluginClassLoader.withContextClassLoader(loader, () -> {
            PluginCalls.Call outer = PluginCalls.enter(new PluginCalls.Call(name, origin, what, System.nanoTime()));
            try {
                return body.get();
            } catch (RuntimeException | LinkageError e) {
                throw new TensorsException(ErrorCode.FAILED, fail(what, e), e);
            } finally {
                PluginCalls.leave(outer);
            }
        });
    }

    void run(String what, Runnable body) {
        call(what, () -> {
            body.run();
            return null;
        });
    }

    /** Records a failure of plugin code, warns once and disables the plugin; returns the report line. */
    String fail(String what, Throwable e) {
        String message = "plugin " + label() + " failed in " + what + ": " + ErrorText.describe(e);
        if (!started) {
            return message; // loading: the registry records the plugin as failed
        }
        synchronized (this) {
            if (disabled == null) {
                disabled = message;
                warnings.accept(message + "; it is disabled for this run");
            }
        }
        return message;
    }
}
