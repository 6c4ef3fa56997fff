package com.example.tensors.html;

import io.tensors.api.Exporter;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.TensorsPlugin;
import java.util.List;

/**
 * The plugin's entry point, named in {@code META-INF/services/io.tensors.api.TensorsPlugin}. tsr
 * creates it once with the public no-argument constructor and asks it what it contributes.
 */
public final class HtmlExporterPlugin implements TensorsPlugin {
    @Override
    public int apiVersion() {
        return API_VERSION; // a constant: the version this plugin was compiled against is baked in
    }

    @Override
    public String name() {
        return "html-exporter";
    }

    @Override
    public List<Exporter> exporters() {
        return List.of(new HtmlExporter());
    }

    @Override
    public List<HashAlgorithm> hashAlgorithms() {
        return List.of(new Md5Algorithm());
    }
}
