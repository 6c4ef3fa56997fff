package io.tensors.plugins;

import io.tensors.api.Exporter;
import io.tensors.api.TensorsPlugin;
import java.util.List;

/**
 * Contributes the built-in exporters through the plugin SPI: {@code json}, {@code jsonl},
 * {@code csv} (RFC 4180) and {@code markdown}.
 */
public final class BuiltinExportersPlugin implements TensorsPlugin {
    private static final List<Exporter> EXPORTERS = List.of(
            new JsonExporter(), new JsonLinesExporter(), new CsvExporter(), new MarkdownExporter());

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public String name() {
        return "builtin-exporters";
    }

    @Override
    public List<Exporter> exporters() {
        return EXPORTERS;
    }
}
