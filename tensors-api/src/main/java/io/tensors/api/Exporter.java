package io.tensors.api;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes rows (a listing of the catalog) in one format: {@code json}, {@code csv}... Contributed
 * through {@link TensorsPlugin#exporters()} and chosen by its {@link #id()} with
 * {@code --format ID}. Implementations are stateless and may be used by several threads.
 */
public interface Exporter {
    /** @return the format name given to {@code --format}, lowercase, unique among the loaded plugins */
    String id();

    /** @return one line for {@code tsr plugins} and for the list of formats */
    String description();

    /**
     * Writes {@code data} to {@code out} (UTF-8 for text formats). Does not close {@code out}; may
     * leave it unflushed only when wrapped in a buffer it flushes itself.
     *
     * @param data the columns and rows, never null
     * @param out where to write, never null
     * @throws IOException when {@code out} fails
     */
    void export(ExportData data, OutputStream out) throws IOException;
}
