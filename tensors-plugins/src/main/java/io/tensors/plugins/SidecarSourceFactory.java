package io.tensors.plugins;

import io.tensors.api.ModelSource;
import io.tensors.api.ModelSourceFactory;
import io.tensors.api.SourceContext;

/**
 * Makes the {@code sidecar} source: the metadata files other tools leave next to a model. Local, so
 * it is asked before CivitAI and works with --offline.
 */
public final class SidecarSourceFactory implements ModelSourceFactory {
    @Override
    public String id() {
        return "sidecar";
    }

    @Override
    public boolean remote() {
        return false;
    }

    @Override
    public ModelSource create(SourceContext context) {
        return new SidecarSource();
    }
}
