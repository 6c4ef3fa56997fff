package io.tensors.engine.store;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** What a download (and a remote search) needs from the cache: a version's files with their SHA256, and which version to pick. SQL in DownloadMapper.xml. */
public interface DownloadMapper {
    /** The cached files of a CivitAI version, the primary file first. */
    List<DownloadableFile> versionFiles(@Param("versionId") long versionId);

    /**
     * The model's newest cached version, preferring the base model of the model's files on disk.
     *
     * @return the CivitAI version id, or null when the model is not cached
     */
    Long latestVersion(@Param("modelId") long modelId);

    /** The cached versions with a file carrying this hash value (any type). */
    List<Long> versionsWithHash(@Param("hash") String hash);

    /** @return the CivitAI model id of a cached version, or null */
    Long modelOfVersion(@Param("versionId") long versionId);

    /** @return the newest cached answer for a resource ({@code models/ID}), or null */
    String cachedResponse(@Param("resource") String resource);

    /** Whether a file of the model is cataloged and on disk. */
    boolean modelOnDisk(@Param("modelId") long modelId);

    /** The paths of the local files on disk with this SHA256. */
    List<String> pathsWithSha256(@Param("sha256") String sha256);
}
