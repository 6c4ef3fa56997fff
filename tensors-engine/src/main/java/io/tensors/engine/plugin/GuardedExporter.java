package io.tensors.engine.plugin;

import io.tensors.api.ExportData;
import io.tensors.api.Exporter;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A contributed exporter as the engine uses it: id and description read once at load, every export
 * run through the plugin's {@link PluginGuard}. An exception from the plugin becomes a
 * {@link TensorsException} naming the plugin and its jar; an {@link IOException} of the output
 * passes through unchanged.
 */
final class GuardedExporter implements Exporter {
    private final Exporter delegate;
    private final PluginGuard guard;
    private final String id;
    private final String description;

    GuardedExporter(Exporter delegate, PluginGuard guard) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.id = Objects.requireNonNull(guard.call("exporter id", delegate::id), "exporter id");
        String text = guard.call("exporter '" + id + "'", delegate::description);
        this.description = text == null ? "" : text;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void export(ExportData data, OutputStream out) throws IOException {
        if (guard.disabled() != null) {
            throw new TensorsException(io.tensors.api.ErrorCode.FAILED, guard.disabled());
        }
        IOException[] failed = new IOException[1];
        guard.run("exporter '" + id + "'", () -> {
            try {
                delegate.export(data, out);
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    @Override
    public String toString() {
        return id + " from " + guard.label();
    }
}
