package io.tensors.engine.store;

import java.util.List;
import java.util.Map;

/** An image's generation params and the resources it was made with. */
public record ImageMeta(Map<String, String> params, List<GenerationResource> resources) {
    public static final ImageMeta NONE = new ImageMeta(Map.of(), List.of());
}
