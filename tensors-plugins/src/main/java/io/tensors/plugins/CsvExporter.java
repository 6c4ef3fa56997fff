package io.tensors.plugins;

import io.tensors.api.ExportData;
import io.tensors.api.Exporter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code csv}: RFC 4180. A header row of the column names, then one record per row; CRLF after
 * every record; a field holding a comma, a double quote, CR or LF is quoted, its quotes doubled.
 * Null is an empty field; a list of strings (trigger words) is one item per line in its quoted field;
 * other nested values are compact JSON text. UTF-8 without a byte order mark.
 */
final class CsvExporter implements Exporter {
    @Override
    public String id() {
        return "csv";
    }

    @Override
    public String description() {
        return "comma-separated values (RFC 4180) with a header row";
    }

    @Override
    public void export(ExportData data, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        record(w, data.columns());
        for (Map<String, Object> row : data.rows()) {
            record(w, data.columns().stream().map(c -> ExportJson.text(row.get(c))).toList());
        }
        w.flush();
    }

    private static void record(Writer w, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(field(fields.get(i)));
        }
        w.write("\r\n");
    }

    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
