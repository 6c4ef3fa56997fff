package io.tensors.plugins;

import io.tensors.api.ModelSource;
import io.tensors.api.ModelSourceFactory;
import io.tensors.api.SourceContext;

/** Makes the {@code civitai} source: CivitAI's public REST API at the context's base URL. */
public final class CivitaiSourceFactory implements ModelSourceFactory {
    @Override
    public String id() {
        return "civitai";
    }

    @Override
    public boolean remote() {
        return true;
    }

    /** @throws IllegalStateException when the context is offline: this source needs the network */
    @Override
    public ModelSource create(SourceContext context) {
        if (context.offline()) {
            throw new IllegalStateException("the civitai source needs the network; it is not created with --offline");
        }
        return new CivitaiSource(context);
    }
}
