package io.tensors.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The facade over one catalog: the only thing the command line, the shell, scripts and exporters
 * use. Methods that only read a file ({@link #inspect}, {@link #hash}) do not open the catalog.
 * Instances are used by one thread at a time; {@link #close()} releases the database.
 */
public interface Catalog extends AutoCloseable {
    /** @return the catalog's database file */
    Path location();

    /**
     * Scans folders into the catalog: new and changed files are hashed, moved files keep their row,
     * gone files are marked missing (or pruned).
     *
     * @param request what to scan, never null
     * @param listener progress, never null ({@link ScanListener#NONE})
     * @return the counts; failed files are listed there and do not throw
     * @throws TensorsException when a root does not exist, a hash id is unknown, or the catalog
     *     cannot be written
     */
    ScanSummary scan(ScanRequest request, ScanListener listener);

    /**
     * @return every local file with its CivitAI info, ordered by model name then path, never null
     * @throws TensorsException when the catalog cannot be read
     */
    List<LocalFileRow> listFiles();

    /**
     * Links unlinked local files to CivitAI versions: the local cache first, then the model sources
     * (local ones, then remote ones unless offline), caching each matched model.
     *
     * @throws TensorsException when the catalog cannot be written or the API key file is unsafe
     */
    LinkSummary link(LinkRequest request, ProgressListener listener);

    /**
     * Fetches models with all their versions and stores them normalized.
     *
     * @param modelIds CivitAI model ids
     * @throws TensorsException BAD_INPUT when offline (caching needs the network)
     */
    CacheSummary cache(List<Long> modelIds, boolean offline, ProgressListener listener);

    /**
     * Reads and validates one file's header, without touching the catalog.
     *
     * @throws TensorsException ({@link ErrorCode#BAD_INPUT}) when the file is missing or invalid
     */
    SafetensorsHeader inspect(Path file);

    /**
     * Hashes one file with the given algorithms in one read, without touching the catalog.
     *
     * @param hashIds ids or type names, case-insensitive; empty means the default set
     * @return type name to value, in the order given; undefined hashes (AutoV1 under 2 MiB) absent
     * @throws TensorsException ({@link ErrorCode#BAD_INPUT}) when the file is missing or invalid or
     *     an id is unknown
     */
    Map<String, String> hash(Path file, List<String> hashIds);

    /** Closes the database if it was opened. */
    @Override
    void close();
}
