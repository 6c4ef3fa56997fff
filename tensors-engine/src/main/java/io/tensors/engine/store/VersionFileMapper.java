package io.tensors.engine.store;

import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/**
 * The files CivitAI lists under a version, and their hashes (not the files on disk: that is
 * {@link LocalFileMapper}). SQL in VersionFileMapper.xml.
 */
public interface VersionFileMapper {

    /** Inserts or updates a file that has a CivitAI id. */
    int upsertFile(VersionFile file);

    /** The row ids of the versions' files that have a CivitAI id. */
    List<StoredKey> fileIds(@Param("versionIds") Collection<Long> versionIds);

    /** Inserts a file without a CivitAI id; returns its row id. */
    long insertFile(@Param("versionId") long versionId, @Param("f") FileRow file);

    int updateFile(@Param("id") long id, @Param("versionId") long versionId, @Param("f") FileRow file);

    List<UnnumberedFile> unnumberedFiles(@Param("versionId") long versionId);

    int deleteOtherFiles(@Param("versionIds") Collection<Long> versionIds, @Param("keep") Collection<Long> keepIds);

    int deleteHashes(@Param("versionIds") Collection<Long> versionIds);

    int insertHash(HashRow hash);
}
