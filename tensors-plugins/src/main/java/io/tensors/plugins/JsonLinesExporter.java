package io.tensors.plugins;

import io.tensors.api.ExportData;
import io.tensors.api.Exporter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code jsonl}: one compact JSON object per line (JSON Lines), each line ending with LF; no rows, no bytes. */
final class JsonLinesExporter implements Exporter {
    @Override
    public String id() {
        return "jsonl";
    }

    @Override
    public String description() {
        return "JSON Lines: one object per line";
    }

    @Override
    public void export(ExportData data, OutputStream out) throws IOException {
        for (Map<String, Object> row : data.rows()) {
            out.write(ExportJson.COMPACT.writeValueAsString(row).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        out.flush();
    }
}
