package io.tensors.engine.store;

import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Linking local files to cached CivitAI versions, and the negative cache of remote misses. SQL in LinkMapper.xml. */
public interface LinkMapper {
    List<UnlinkedFile> unlinkedFiles();

    long countLinked();

    /** Distinct cached versions whose files carry this hash. */
    List<CachedMatch> cachedMatches(@Param("type") String hashType, @Param("value") String hashValue);

    int setLink(@Param("id") long localFileId, @Param("modelId") long modelId, @Param("versionId") long versionId);

    /** SHA256 values a remote source said it does not know, checked after {@code since}. */
    List<String> recentMisses(@Param("source") String source, @Param("since") String since);

    int rememberMiss(@Param("source") String source, @Param("sha256") String sha256, @Param("now") String now);

    int forgetMisses(@Param("sha256s") Collection<String> sha256s);

    /**
     * CivitAI model ids of linked, present local files whose model is not cached in full (no
     * {@code models/<id>} response) and not marked gone: a model an earlier link could not cache.
     */
    List<Long> uncachedLinkedModels();

    /** @return true when the model is cached in full (not only from a version document) */
    boolean isModelCached(@Param("modelId") long modelId);
}
