package io.tensors.engine.store;

import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Local files: the rows a scan writes and the listing reads. SQL in LocalFileMapper.xml. */
public interface LocalFileMapper {
    List<KnownFile> knownFiles();

    /** Inserts or replaces the row at the record's path; returns its id. */
    long upsertFile(@Param("f") FileRecord file, @Param("now") String now);

    /** Moves a row to a new path, keeping its id, hashes and CivitAI link (and its hashed types when the record has none). */
    int moveFile(@Param("id") long id, @Param("f") FileRecord file, @Param("now") String now);

    int deleteHashes(@Param("id") long id);

    /** Inserts the record's hashes, replacing stored values of the same types. */
    int insertHashes(@Param("id") long id, @Param("f") FileRecord file);

    int deleteMetadata(@Param("id") long id);

    int insertMetadata(@Param("id") long id, @Param("f") FileRecord file);

    int markSeen(@Param("ids") Collection<Long> ids, @Param("now") String now);

    int markMissing(@Param("ids") Collection<Long> ids, @Param("now") String now);

    int deleteFiles(@Param("ids") Collection<Long> ids);
}
