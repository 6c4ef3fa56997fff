package io.tensors.shell;

import io.tensors.api.ErrorCode;
import io.tensors.api.ErrorText;
import io.tensors.api.ExportData;
import io.tensors.api.Identity;
import io.tensors.api.Exporter;
import io.tensors.api.TensorsException;
import io.tensors.shell.render.Cell;
import io.tensors.shell.render.Column;
import io.tensors.shell.render.Paint;
import io.tensors.shell.render.Table;
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

    @Option(names = {"--wide", "-l"},
            description = "Print every column in full, however wide the terminal (by default a table fits its width, 80 columns when not a terminal).")
    boolean wide;

    /** Prints a table for people: fitted to the terminal unless --wide, coloured and linked where the terminal shows it. */
    void table(Environment env, PrintWriter out, List<Column> columns, List<List<Cell>> rows) {
        Table.printCells(out, columns, rows, width(env), paint(env));
    }

    /** @return the cells a table may take: unlimited with --wide, else the terminal's width (80 when not a terminal) */
    int width(Environment env) {
        return wide ? Table.UNLIMITED : Table.width(env.columns());
    }

    /** Prints "in FOLDER" above a table whose paths are shown under it, cut to the width like them. */
    void folderLine(Environment env, PrintWriter out, String folder) {
        if (!folder.isEmpty()) {
            int width = width(env);
            out.println("in " + (width == Table.UNLIMITED ? Text.sanitize(folder)
                    : io.tensors.shell.render.Cells.cut(Text.sanitize(folder), width - 3, io.tensors.shell.render.Ellipsis.PATH)));
        }
    }

    /** @return how output for people is painted on this command's standard output */
    static Paint paint(Environment env) {
        return Paint.forOutput(env.outIsTerminal(), env.env());
    }

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

    /**
     * The columns a file's {@link Identity} becomes: plain values, so a CSV cell holds one value. The words are
     * CivitAI's trained words when linked, else the header's trigger phrase or guessed caption tags.
     */
    static final List<String> IDENTITY_COLUMNS = List.of("kind", "kind_source", "architecture", "architecture_source",
            "display_name", "display_name_source", "identity_words", "identity_words_source");

    /**
     * Rows of records: columns are the record's components in snake_case, nested records become maps, except an
     * {@link Identity}, whose values become columns of their own ({@link #IDENTITY_COLUMNS}).
     */
    static ExportData records(String title, Class<? extends Record> type, List<? extends Record> rows) {
        List<String> columns = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getType() == Identity.class) {
                columns.addAll(IDENTITY_COLUMNS);
            } else {
                columns.add(snake(c.getName()));
            }
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
                Object v = c.getAccessor().invoke(r);
                if (v instanceof Identity i) {
                    m.putAll(identityColumns(i));
                    continue;
                }
                m.put(snake(c.getName()), value(v));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c, e);
            }
        }
        return m;
    }

    static Map<String, Object> identityColumns(Identity i) {
        Identity.Sources from = i.sources();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", i.kind());
        m.put("kind_source", text(from.kind()));
        m.put("architecture", i.architecture());
        m.put("architecture_source", text(from.architecture()));
        m.put("display_name", i.displayName());
        m.put("display_name_source", text(from.displayName()));
        m.put("identity_words", i.triggerWords());
        m.put("identity_words_source", text(from.triggerWords()));
        return m;
    }

    private static String text(Identity.Source s) {
        return s == null ? null : s.text();
    }

    private static Object value(Object v) {
        if (v instanceof Record r) {
            return map(r);
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
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
