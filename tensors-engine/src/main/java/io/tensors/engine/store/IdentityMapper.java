package io.tensors.engine.store;

import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Local files' identities and their substring search rows (migration V6). SQL in IdentityMapper.xml. */
public interface IdentityMapper {
    /** Inserts or replaces a file's identity, keeping its stored digest when the identity carries none. */
    int upsert(@Param("i") StoredIdentity identity);

    int deleteSearchText(@Param("id") long fileId);

    int insertSearchText(@Param("id") long fileId, @Param("text") String text);

    int deleteGrams(@Param("id") long fileId);

    /** Indexes the short terms of the file's search row ({@link ShortGrams}). */
    @org.apache.ibatis.annotations.InsertProvider(type = ShortGrams.class, method = "ofFile")
    int insertGrams(@Param("id") long fileId);

    /** Writes the identity and its search row. */
    default void write(StoredIdentity identity) {
        upsert(identity);
        deleteSearchText(identity.fileId());
        insertSearchText(identity.fileId(), identity.searchText());
        deleteGrams(identity.fileId());
        insertGrams(identity.fileId());
    }

    /**
     * @param rules the current rule set's fingerprint
     * @param ids files to include whatever their identity (moved ones), possibly empty
     * @return files with no identity, one made by other rules, or one of {@code ids}
     */
    List<IdentitySubject> stale(@Param("rules") String rules, @Param("ids") Collection<Long> ids);

    List<MetadataRow> metadata(@Param("ids") Collection<Long> fileIds);
}
