package io.tensors.shell;

import io.tensors.api.ErrorCode;
import io.tensors.api.ErrorText;
import io.tensors.api.ExportData;
import io.tensors.api.Exporter;
import io.tensors.api.TensorsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How every listing command prints its rows: a table for people, {@code --json} (a JSON array of
 * objects with snake_case keys), or {@code --format F} through an exporter plugin. A picocli mixin:
 * a command declares {@code @Mixin Output output;} and hands its rows to {@link #print}.
 */
final class Output {
    @Mixin
    JsonOption json;

    @Option(names = "--format", paramLabel = "F",
            description = "Print through an exporter: json, jsonl, csv, markdown, or one a plugin adds.")
    String format;

    /** @return true when the output is for programs (no table, no chatter on stdout) */
    boolean machine() {
        return json.on || format != null;
    }

    /**
     * Prints the rows the chosen way; they are built only for --json and --format (the table reads
     * the records directly, and turning 10,000 records into maps is not free).
     *
     * @param jsonValue what {@code --json} prints, or null for the data's rows
     * @param table draws the human table (and any summary line)
     * @throws TensorsException BAD_INPUT when both --json and --format are given, or the format is unknown
     */
    void print(TsrCommand tsr, Supplier<ExportData> rows, Object jsonValue, Consumer<PrintWriter> table) {
        PrintWriter out = tsr.environment().out();
        if (json.on && format != null) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "give --json or --format, not both");
        }
        if (format != null) {
            Exporter exporter = exporter(tsr, format);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            export(exporter, rows.get(), bytes);
            out.print(forTerminal(tsr.environment(), bytes.toString(StandardCharsets.UTF_8)));
        } else if (json.on) {
            out.println(forTerminal(tsr.environment(), Json.write(jsonValue != null ? jsonValue : rows.get().rows())));
        } else {
            table.accept(out);
        }
        out.flush();
    }

    /**
     * Output for programs as it goes to standard output: cleaned of escape sequences and bidi
     * overrides when that is a terminal (names come from files and the network), exact otherwise.
     */
    static String forTerminal(Environment env, String text) {
        return env.outIsTerminal() ? Text.sanitizeLines(text) : text;
    }

    /** @throws TensorsException BAD_INPUT naming the available formats when {@code id} is unknown */
    static Exporter exporter(TsrCommand tsr, String id) {
        List<Exporter> exporters = tsr.catalog().exporters();
        for (Exporter e : exporters) {
            if (e.id().equalsIgnoreCase(id.strip())) {
                return e;
            }
        }
        throw new TensorsException(ErrorCode.BAD_INPUT, "unknown format '" + id + "': available are "
                + String.join(", ", exporters.stream().map(Exporter::id).toList()));
    }

    /** Exports into memory or stdout: an I/O failure there is the exporter's own, reported as FAILED. */
    static void export(Exporter exporter, ExportData data, OutputStream out) {
        try {
            exportTo(exporter, data, out);
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.FAILED, "exporter '" + exporter.id() + "' failed: " + ErrorText.describe(e), e);
        }
    }

    /**
     * @throws IOException when writing {@code out} fails (the caller names its target)
     * @throws TensorsException FAILED when the exporter itself fails
     */
    static void exportTo(Exporter exporter, ExportData data, OutputStream out) throws IOException {
        try {
            exporter.export(data, out);
        } catch (RuntimeException e) {
            if (e instanceof TensorsException) {
                throw e;
            }
            throw new TensorsException(ErrorCode.FAILED, "exporter '" + exporter.id() + "' failed: " + ErrorText.describe(e), e);
        }
    }

    /** Rows of records: columns are the record's components in snake_case, nested records become maps. */
    static ExportData records(String title, Class<? extends Record> type, List<? extends Record> rows) {
        List<String> columns = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            columns.add(snake(c.getName()));
        }
        List<Map<String, Object>> maps = new ArrayList<>(rows.size());
        for (Record r : rows) {
            maps.add(map(r));
        }
        return new ExportData(title, columns, maps);
    }

    static Map<String, Object> map(Record r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                m.put(snake(c.getName()), value(c.getAccessor().invoke(r)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c, e);
            }
        }
        return m;
    }

    private static Object value(Object v) {
        if (v instanceof Record r) {
            return map(r);
        }
        if (v instanceof Enum<?> e) {
            // an enum that names itself (Identity.Source: "file name") says so; others by their lower-cased name
            return e.toString().equals(e.name()) ? e.name().toLowerCase(Locale.ROOT) : e.toString();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(Output::value).toList();
        }
        return v;
    }

    /** {@code civitaiModelId} → {@code civitai_model_id}, as Jackson's SNAKE_CASE does. */
    static String snake(String camel) {
        StringBuilder b = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                b.append('_').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
