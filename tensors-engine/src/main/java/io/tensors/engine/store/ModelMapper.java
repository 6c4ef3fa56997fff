package io.tensors.engine.store;

import java.util.Collection;
import org.apache.ibatis.annotations.Param;

/**
 * CivitAI models as cached: creators, model rows, their tags, and the raw responses. SQL in
 * ModelMapper.xml. The rows are already normalized (hash values uppercase, nsfw levels as bitmasks);
 * what goes in them is decided before, and {@link ModelWriter} writes them. A model's versions, files
 * and images have their own mappers ({@link VersionMapper}, {@link VersionFileMapper}, {@link ImageMapper}).
 */
public interface ModelMapper {

    /** Inserts the creator or refreshes its image; returns its id. */
    long upsertCreator(@Param("username") String username, @Param("imageUrl") String imageUrl);

    /** Inserts or overwrites the model (clearing gone_since); returns its id and name. */
    StoredModel upsertModel(@Param("m") ModelRow model, @Param("creatorId") Long creatorId,
            @Param("source") String source, @Param("cachedAt") String cachedAt);

    /** Creates a model known only from a version body; an existing model is left as it is. */
    StoredModel ensureModel(@Param("m") ModelStub model, @Param("source") String source);

    int markGone(@Param("civitaiId") long civitaiModelId, @Param("when") String when);

    int saveResponse(@Param("source") String source, @Param("resource") String resource,
            @Param("status") int status, @Param("body") String body, @Param("fetchedAt") String fetchedAt);

    int deleteModelTags(@Param("modelId") long modelId);

    int insertTags(@Param("names") Collection<String> names);

    int linkTags(@Param("modelId") long modelId, @Param("names") Collection<String> names);
}
