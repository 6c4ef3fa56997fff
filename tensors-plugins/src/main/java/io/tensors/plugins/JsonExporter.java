package io.tensors.plugins;

import io.tensors.api.ExportData;
import io.tensors.api.Exporter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** {@code json}: one JSON array of objects (the rows, keys in column order), indented, UTF-8, ending with a newline. */
final class JsonExporter implements Exporter {
    @Override
    public String id() {
        return "json";
    }

    @Override
    public String description() {
        return "a JSON array of objects";
    }

    @Override
    public void export(ExportData data, OutputStream out) throws IOException {
        out.write(ExportJson.PRETTY.writeValueAsString(data.rows()).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        out.flush();
    }
}
