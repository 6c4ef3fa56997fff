package io.tensors.plugins;

import io.tensors.api.ModelFormat;
import io.tensors.api.TensorsPlugin;
import io.tensors.plugins.gguf.GgufFormat;
import io.tensors.plugins.pickle.PickleFormat;
import io.tensors.plugins.safetensors.SafetensorsFormat;
import java.util.List;

/** Contributes the model file formats tsr reads itself through the plugin SPI. */
public final class BuiltinFormatsPlugin implements TensorsPlugin {
    /** Probed in this order: pickle last, its probe for old protocol 0/1 streams is the loosest. */
    private static final List<ModelFormat> FORMATS = List.of(new SafetensorsFormat(), new GgufFormat(), new PickleFormat());

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public String name() {
        return "builtin-formats";
    }

    @Override
    public List<ModelFormat> modelFormats() {
        return FORMATS;
    }
}
