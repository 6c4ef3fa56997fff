package io.tensors.engine.store;

import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** A cached model's versions and their trained words. SQL in VersionMapper.xml. */
public interface VersionMapper {

    /** Inserts or overwrites a version from a model's {@code modelVersions[]}. */
    int upsertVersion(@Param("modelId") long modelId, @Param("v") VersionRow version);

    /** Inserts a version from a standalone body, or fills in what it says and keeps what it lacks (index...). */
    int mergeVersion(@Param("modelId") long modelId, @Param("v") VersionRow version);

    List<StoredKey> versionIds(@Param("civitaiIds") Collection<Long> civitaiIds);

    /** Sets {@code version_index} NULL on the model's versions other than {@code keep}: no longer listed, never the latest. */
    int unlistOtherVersions(@Param("modelId") long modelId, @Param("keep") Collection<Long> keepIds);

    /**
     * Deletes the model's versions other than {@code keep} (their files, images... cascade), except
     * those a local file is linked to.
     */
    int deleteOtherVersions(@Param("modelId") long modelId, @Param("keep") Collection<Long> keepIds);

    int deleteTrainedWords(@Param("versionIds") Collection<Long> versionIds);

    int insertTrainedWord(WordRow word);
}
