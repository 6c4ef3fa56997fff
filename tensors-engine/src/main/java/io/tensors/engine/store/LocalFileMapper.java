package io.tensors.engine.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
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

    /**
     * Inserts a file's metadata one row per statement, which the batch executor sends as one JDBC
     * batch: a valid header can hold more keys (60,000 and more) than one multi-row statement can take.
     */
    default void insertMetadata(long id, Map<String, String> metadata) {
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            insertMetadataRow(id, e.getKey(), e.getValue());
        }
    }

    int insertMetadataRow(@Param("id") long id, @Param("key") String key, @Param("value") String value);

    /**
     * Stores one read file with its hashes and metadata: at the row it moved from when
     * {@code movedFrom} is not null, else at its path (a new row, or the row already there).
     *
     * @param replacing true when the row may already hold hashes, which are then replaced
     * @return the row's id
     */
    default long writeFile(FileRecord record, Long movedFrom, boolean replacing, String now) {
        long id;
        if (movedFrom != null) {
            moveFile(movedFrom, record, now);
            id = movedFrom;
        } else {
            id = upsertFile(record, now);
        }
        if (replacing) {
            deleteHashes(id);
        }
        if (!record.hashes().isEmpty()) {
            insertHashes(id, record);
        }
        deleteMetadata(id);
        insertMetadata(id, record.metadata());
        return id;
    }

    int markSeen(@Param("ids") Collection<Long> ids, @Param("now") String now);

    int markMissing(@Param("ids") Collection<Long> ids, @Param("now") String now);

    int deleteFiles(@Param("ids") Collection<Long> ids);
}
