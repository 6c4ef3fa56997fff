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
     * @throws TensorsException when a root does not exist, no root is a folder or a safetensors file,
     *     a hash id is unknown, or the catalog cannot be written
     */
    ScanSummary scan(ScanRequest request, ScanListener listener);

    /**
     * The same as {@code listFiles(ListFilter.ALL)}.
     *
     * @return every local file with its CivitAI info, ordered by model name then path, never null
     * @throws TensorsException when the catalog cannot be read
     */
    List<LocalFileRow> listFiles();

    /**
     * @param filter which files and in which order, never null ({@link ListFilter#ALL})
     * @return the matching local files with their CivitAI info, never null
     * @throws TensorsException when the catalog cannot be read
     */
    List<LocalFileRow> listFiles(ListFilter filter);

    /**
     * The trigger words (trained words) of the CivitAI version a local file is linked to, in
     * CivitAI's order. Answered from the catalog alone.
     *
     * @param fileOrHash a cataloged file's path (absolute, or relative to the working folder), or
     *     any stored hash of a local file (SHA256, AutoV2, AutoV3, CRC32...), whole or a prefix of at
     *     least 8 hex digits, case-insensitive; never null
     * @return the words, empty when the version has none; never null
     * @throws TensorsException BAD_INPUT when nothing matches, or when a hash prefix matches files
     *     linked to different versions (the message lists the candidates); FAILED when the file is
     *     not linked (the message says to run {@code tsr db link})
     */
    List<String> triggerWords(String fileOrHash);

    /**
     * A local file's trigger words: the trained words of the CivitAI version it is linked to when it has some,
     * else the header's trigger phrase, else the most frequent tags of its training captions (guessed).
     *
     * @param fileOrHash as for {@link #triggerWords(String)}
     * @return the words and their source, never null
     * @throws TensorsException BAD_INPUT as for {@link #triggerWords(String)}; FAILED when the file has none
     *     (the message says to run {@code tsr db link})
     * @since API version 2
     */
    default TriggerWords triggers(String fileOrHash) {
        return new TriggerWords(triggerWords(fileOrHash), Identity.Source.CIVITAI);
    }

    /**
     * The generation parameters of a cached model's example images, versions newest first, images
     * in CivitAI's order; only images that carry parameters or resources. Answered from the cache.
     *
     * @param modelId the CivitAI model id
     * @param versionId only this CivitAI version of the model, or null for every version
     * @param limit at most this many images; 0 or less for all
     * @return the images' parameters, never null
     * @throws TensorsException FAILED when the model is not cached (the message says to run
     *     {@code tsr db cache ID}); BAD_INPUT when the version is not one of the model's
     */
    List<ImagePrompt> prompts(long modelId, Long versionId, int limit);

    /**
     * Duplicate groups among the files on disk (missing files are left out): identical bytes,
     * identical tensors under another header, the same CivitAI version. Paths to one inode (hard
     * links, symlinks) are one copy, never duplicates.
     *
     * @return the groups and the bytes that removing duplicates frees, never null
     * @throws TensorsException when the catalog cannot be read
     */
    DuplicateReport duplicates();

    /**
     * Local files on disk whose model has a newer cached version for the same base model: one
     * published later (CivitAI's {@code publishedAt}, else its {@code createdAt}; the position in
     * CivitAI's list, {@code version_index}, only breaks ties). A file is not reported when the newest
     * version is already on disk too. Answered from the cache: refresh it with {@link #cache} first
     * for current answers.
     *
     * @return the outdated files by model name then path, never null
     * @throws TensorsException when the catalog cannot be read; BAD_INPUT when the configured CivitAI
     *     URL (the pages' base) is not a URL
     */
    List<OutdatedFile> outdated();

    /**
     * Fetches again the models of every linked local file, so that {@link #outdated()} sees their
     * newest versions. Uses the network; one line per model that could not be fetched goes to the
     * listener.
     *
     * @return what was cached; a model that failed keeps its cached data
     */
    CacheSummary refreshLinkedModels(ProgressListener listener);

    /**
     * @return counts and bytes of the local files by state, type and base model, never null
     * @throws TensorsException when the catalog cannot be read
     */
    CatalogStats stats();

    /** @return the exporters the loaded plugins contribute, by id, never null */
    List<Exporter> exporters();

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
     * Downloads model files from CivitAI into the library layout, resuming {@code .part} files, hashing
     * while the bytes arrive, verifying CivitAI's SHA256, then cataloging and linking each file without
     * reading it again. The versions are fetched into the cache first when they are not there.
     *
     * @param request what to fetch and where, never null
     * @param listener progress, never null ({@link DownloadListener#NONE})
     * @return one entry per file; failed files are listed there and do not throw
     * @throws TensorsException BAD_INPUT when nothing matches the request (no such version, no file of that
     *     format) or the library root is unusable; FAILED when CivitAI cannot be asked
     */
    DownloadSummary download(DownloadRequest request, DownloadListener listener);

    /**
     * Searches CivitAI's models (its {@code /api/v1/models}), walking its cursors to the page asked for,
     * and caches every model returned.
     *
     * @param search the text and the filters, never null
     * @return the models in CivitAI's order, never null
     * @throws TensorsException BAD_INPUT for a filter value CivitAI does not accept (the message lists those
     *     it does), before any request; FAILED when CivitAI cannot be asked
     */
    List<RemoteModel> searchRemote(RemoteSearch search);

    /**
     * One model's page: from the cache when cached (unless {@code refresh}), else fetched from CivitAI and
     * cached. Exactly one of the three selectors is given.
     *
     * @param modelId a CivitAI model id, or null
     * @param versionId a CivitAI version id (its model is shown), or null
     * @param hash a hash of one of its files (SHA256, AutoV2, AutoV3...), or null
     * @throws TensorsException BAD_INPUT when CivitAI has no such model, version or hash; FAILED when it
     *     cannot be asked
     */
    ModelPage modelPage(Long modelId, Long versionId, String hash, boolean refresh);

    /**
     * Full-text search of the cached CivitAI models (offline; FTS5, ranked by bm25): model names,
     * descriptions without HTML, tags, trigger words, creators and version names; then the models that hold each
     * word as a substring of a name, tag, trigger word, creator or version name (most downloaded first). A blank
     * text lists the models the filters match, most downloaded first.
     *
     * @param query the text and the filters, never null
     * @return at most {@code query.limit()} hits, best first, never null
     * @throws TensorsException ({@link ErrorCode#BAD_INPUT}) when the text is blank and no filter is set, or malformed
     *     (an unbalanced quote...) or the limit is below 1, with one line saying what is wrong
     */
    List<ModelHit> search(SearchQuery query);

    /**
     * Substring search of the local files (offline; FTS5 trigram): paths, display names, header metadata values
     * (titles, trigger phrases, output names, caption tags), and the names of the models they are linked to.
     * Filters apply before the limit; a blank text lists what the filters match.
     *
     * @param query the text and the filters, never null
     * @return at most {@code query.limit()} files, by display name, never null
     * @throws TensorsException ({@link ErrorCode#BAD_INPUT}) when the limit is below 1
     * @since API version 2
     */
    default List<LocalFileRow> searchFiles(SearchQuery query) {
        return List.of();
    }

    /**
     * {@link #searchFiles} and {@link #search} of one query together (side by side where a core is free).
     *
     * @param query the text and the filters, never null
     * @throws TensorsException as {@link #search} does
     * @since API version 2
     */
    default SearchResults searchAll(SearchQuery query) {
        return new SearchResults(searchFiles(query), search(query));
    }

    /**
     * What a file is, from the header {@link #inspect} read (metadata, tensor names and shapes) alone, by the
     * built-in identity rules and the plugins'; reads neither the file nor the catalog.
     *
     * @param header the file's header, never null
     * @param fileName the file's name, the display name when the header has none
     * @since API version 2
     */
    default Identity identify(ModelHeader header, String fileName) {
        throw new TensorsException(ErrorCode.INTERNAL, "this catalog cannot identify files");
    }

    /**
     * Runs one SQL query over the catalog on a read-only connection (the escape hatch of scripts: the
     * schema's tables and views). Anything but one query (a write, ATTACH, BEGIN, a PRAGMA that sets or acts) is
     * refused before SQLite prepares it.
     *
     * @param query one SELECT (or WITH, VALUES, EXPLAIN) statement or a PRAGMA that reads, never null
     * @param params values for its {@code ?} placeholders: String, Long, Double, Boolean or null
     * @return the rows as column name to value, in column order; at most 100,000 rows and 32 MiB
     * @throws TensorsException BAD_INPUT for a bad query, a write, too large a result, or no catalog yet
     */
    List<Map<String, Object>> sql(String query, List<Object> params);

    /** Stops a {@link #sql} query running on another thread (Ctrl-C, a script's time limit); safe to call any time. */
    void cancelSql();

    /**
     * Reads and validates one file's header with the format its content shows, without touching the
     * catalog. A name whose ending belongs to another format gives a finding.
     *
     * @throws TensorsException ({@link ErrorCode#BAD_INPUT}) when the file is missing, no format
     *     recognises it, or it breaks its format's rules
     * @since API version 2 (a {@link SafetensorsHeader} before)
     */
    ModelHeader inspect(Path file);

    /**
     * Hashes one file with the given algorithms in one read, without touching the catalog.
     *
     * @param hashIds ids or type names, case-insensitive; empty means the default set
     * @return type name to value, in the order given; undefined hashes (AutoV1 under 2 MiB) and those
     *     that do not apply to the file's format (AutoV3 outside safetensors) absent. Content no format
     *     recognises is hashed too.
     * @throws TensorsException ({@link ErrorCode#BAD_INPUT}) when the file is missing, its content
     *     shows a format whose rules it breaks, or an id is unknown
     */
    Map<String, String> hash(Path file, List<String> hashIds);

    /**
     * Merges another catalog into this one: a tsr catalog, or one made by the original Python tsr (either schema
     * era, migrated on a temporary copy; the file named is only read). Files are matched by path, models and
     * versions by CivitAI id, Hugging Face models by repo: what this catalog has is kept, nothing is duplicated.
     *
     * @throws TensorsException BAD_INPUT when {@code source} is missing, is this catalog, or is not a catalog
     */
    default ImportSummary importCatalog(Path source) {
        throw new TensorsException(ErrorCode.INTERNAL, "this catalog cannot import another");
    }

    /** Closes the database if it was opened. */
    @Override
    void close();
}
