package io.tensors.engine.store;

import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** A version's example images with their generation params and resources. SQL in ImageMapper.xml. */
public interface ImageMapper {

    /** Inserts or updates an image by (version, position). */
    int upsertImage(VersionImage image);

    List<StoredImage> imageIds(@Param("versionIds") Collection<Long> versionIds);

    int deleteOtherImages(@Param("versionIds") Collection<Long> versionIds, @Param("keep") Collection<Long> keepIds);

    int deleteParams(@Param("versionIds") Collection<Long> versionIds);

    int insertParam(ParamRow param);

    /** Existing resource ids of the versions' images, oldest first, so a rewrite can reuse them. */
    List<StoredResourceId> resourceIds(@Param("versionIds") Collection<Long> versionIds);

    /** Overwrites the resource row {@code id} in place, or inserts a new row when {@code id} is null. */
    int upsertResource(ResourceRow resource);

    int deleteResources(@Param("ids") Collection<Long> ids);

    /** The versions' cached params by image url, to keep when a new body has no meta for that image. */
    List<CachedParam> cachedParams(@Param("versionIds") Collection<Long> versionIds);

    List<CachedResource> cachedResources(@Param("versionIds") Collection<Long> versionIds);
}
