package io.tensors.plugins;

import io.tensors.api.ModelSourceFactory;
import io.tensors.api.TensorsPlugin;
import java.util.List;

/**
 * Contributes the built-in model sources through the plugin SPI: {@code sidecar} (metadata files
 * other tools leave next to a model, asked first) and {@code civitai} (the public REST API).
 */
public final class BuiltinSourcesPlugin implements TensorsPlugin {
    private static final List<ModelSourceFactory> SOURCES = List.of(
            new SidecarSourceFactory(),
            new CivitaiSourceFactory());

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public String name() {
        return "builtin-sources";
    }

    @Override
    public List<ModelSourceFactory> modelSources() {
        return SOURCES;
    }
}
