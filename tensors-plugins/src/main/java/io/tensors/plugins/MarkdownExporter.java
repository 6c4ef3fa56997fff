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
 * {@code markdown}: a GitHub-flavored table under a {@code ##} title. In cells, {@code \} and
 * {@code |} are backslash-escaped and line breaks become {@code <br>}, so each row stays one line (a
 * list of strings, such as trigger words, gives one item per line).
 */
final class MarkdownExporter implements Exporter {
    @Override
    public String id() {
        return "markdown";
    }

    @Override
    public String description() {
        return "a Markdown table";
    }

    @Override
    public void export(ExportData data, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        if (!data.title().isBlank()) {
            w.write("## " + cell(data.title()) + "\n\n");
        }
        row(w, data.columns());
        row(w, data.columns().stream().map(c -> "---").toList());
        for (Map<String, Object> r : data.rows()) {
            row(w, data.columns().stream().map(c -> ExportJson.text(r.get(c))).toList());
        }
        w.flush();
    }

    private static void row(Writer w, List<String> cells) throws IOException {
        StringBuilder b = new StringBuilder("|");
        for (String c : cells) {
            b.append(' ').append(cell(c)).append(" |");
        }
        w.write(b.append('\n').toString());
    }

    static String cell(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|")
                .replace("\r\n", "<br>").replace("\r", "<br>").replace("\n", "<br>");
    }
}
