package io.tensors.shell;

import io.tensors.api.Identity;
import io.tensors.api.LocalFileRow;
import io.tensors.shell.render.Cell;
import io.tensors.shell.render.Column;
import io.tensors.shell.render.Paths;
import io.tensors.shell.render.Tone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tsr db list}: the local files with what each is (CivitAI's info when linked, else the file's own). */
@Command(name = "list",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db list", "  tsr db list --type lora --base sdxl --sort size", "  tsr db list --missing --json", "  tsr db list --group folder", "  tsr db list --unidentified"}, mixinStandardHelpOptions = true, description = "List the cataloged files: what each is (CivitAI's model, version, type, base model and trigger words when linked, else what its header and tensors say; FROM names the source) and where.")
final class ListCommand implements Callable<Integer> {
    @Mixin
    ListFilters filters;

    @Mixin
    Output output;

    /** What {@code --group} groups by. */
    enum Group { TYPE, BASE, FOLDER }

    @Option(names = "--group", paramLabel = "BY", description = "One table per type, base model or folder, each with its count and size: type, base or folder.")
    Group group;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TsrCommand tsr = Commands.root(spec);
        Environment env = tsr.environment();
        Links links = Links.of(env);
        List<LocalFileRow> rows = tsr.catalog().listFiles(filters.filter());
        output.print(tsr, () -> links.withUrls(Output.records("local files", LocalFileRow.class, rows), "civitai_model_id",
                "civitai_version_id"), null, out -> {
            if (rows.isEmpty()) {
                out.println(filters.any() ? "No file matches these filters."
                        : "The catalog is empty: run 'tsr db scan DIR' first.");
                return;
            }
            if (group == null) {
                table(env, out, rows, links);
            } else {
                Map<String, List<LocalFileRow>> groups = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (LocalFileRow r : rows) {
                    groups.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r);
                }
                boolean first = true;
                for (Map.Entry<String, List<LocalFileRow>> g : groups.entrySet()) {
                    if (!first) {
                        out.println();
                    }
                    first = false;
                    long bytes = g.getValue().stream().mapToLong(LocalFileRow::fileSize).sum();
                    out.println(Output.paint(env).apply(Text.sanitize(g.getKey()), Tone.BOLD, null) + ": "
                            + Text.count(g.getValue().size(), "file") + ", " + Text.bytes(bytes));
                    table(env, out, g.getValue(), links);
                }
                out.println();
            }
            out.println(Text.count(rows.size(), "file")
                    + (group == null ? "" : " in " + Text.count(groupCount(rows), "group")));
        });
        return 0;
    }

    private void table(Environment env, java.io.PrintWriter out, List<LocalFileRow> rows, Links links) {
        boolean anyMissing = rows.stream().anyMatch(r -> r.missingSince() != null);
        // fitted to the terminal, paths are shown under the folder they share (printed once): --wide keeps them whole
        String folder = output.wide ? "" : Paths.commonFolder(rows.stream().map(LocalFileRow::filePath).toList());
        output.folderLine(env, out, folder);
        List<List<Cell>> cells = new ArrayList<>();
        for (LocalFileRow r : rows) {
            Tone dim = r.missingSince() == null ? Tone.PLAIN : Tone.DIM;
            Identity i = r.identity();
            List<Cell> row = new ArrayList<>(List.of(
                    new Cell(i.displayName(), dim, links.version(r.civitaiModelId(), r.civitaiVersionId())),
                    Cell.of(nz(r.versionName()), dim), Cell.of(nz(i.kind()), dim == Tone.DIM ? dim : Tone.CYAN),
                    Cell.of(nz(i.architecture()), dim), Cell.of(from(i), Tone.DIM), Cell.of(format(r), safetyTone(r, dim)),
                    Cell.of(Text.bytes(r.fileSize()), dim), Cell.of(r.sha256().substring(0, 10), dim)));
            if (anyMissing) {
                row.add(Cell.of(r.missingSince() == null ? "" : "missing", Tone.YELLOW));
            }
            row.add(Cell.of(triggers(i), dim));
            row.add(Cell.of(Paths.under(folder, r.filePath()), dim));
            cells.add(row);
        }
        // narrowed in this order, the droppable ones (priority 0 or less) left out when their minimum does not fit
        List<Column> columns = new ArrayList<>(List.of(Column.fitted("MODEL", 12, 7), Column.fitted("VERSION", 7, 0),
                Column.fitted("TYPE", 8, 5), Column.fitted("BASE", 6, 4), from(rows),
                format(rows),
                Column.fitted("SIZE", 8, 6).kept().uncut(),
                Column.fitted("AUTOV2", 10, -1)));
        if (anyMissing) {
            columns.add(Column.fitted("STATE", 7, 3));
        }
        columns.add(Column.fitted("TRIGGERS", 8, -2));
        columns.add(Column.path("PATH", 8));
        output.table(env, out, columns, cells);
    }

    private String key(LocalFileRow r) {
        String key = switch (group) {
            case TYPE -> r.identity().kind();
            case BASE -> r.identity().architecture();
            case FOLDER -> {
                int slash = r.filePath().lastIndexOf('/');
                yield slash <= 0 ? "/" : r.filePath().substring(0, slash);
            }
        };
        return key == null || key.isBlank() ? "(unknown)" : key;
    }

    private long groupCount(List<LocalFileRow> rows) {
        return rows.stream().map(this::key).map(k -> k.toLowerCase(java.util.Locale.ROOT)).distinct().count();
    }

    /** Unsafe pickles in red, those nobody checked in yellow; missing files dimmed. */
    private static Tone safetyTone(LocalFileRow r, Tone dim) {
        return switch (r.safety()) {
            case "dangerous" -> Tone.RED;
            case "unknown" -> Tone.YELLOW;
            default -> dim;
        };
    }

    /** @return the format, with the safety when loading the file is not known to be safe: {@code pickle dangerous} */
    static String format(LocalFileRow r) {
        return r.safety().equals("safe") ? r.format() : r.format() + " " + r.safety();
    }

    private static boolean anyUnsafe(List<LocalFileRow> rows) {
        return rows.stream().anyMatch(r -> !r.safety().equals("safe"));
    }

    /** FORMAT: kept while some file is unsafe to load (it says so), else the first left out (every row a safe format). */
    private static Column format(List<LocalFileRow> rows) {
        return anyUnsafe(rows) ? Column.fitted("FORMAT", 11, 3)
                : new Column("FORMAT", 11, Column.MAX_CELL, 1, io.tensors.shell.render.Ellipsis.END, true);
    }

    /** FROM: kept, narrowing the path, unless some file is unsafe: then left out before FORMAT when 7 cells do not fit. */
    private static Column from(List<LocalFileRow> rows) {
        return anyUnsafe(rows) ? new Column("FROM", 7, Column.MAX_CELL, 2, io.tensors.shell.render.Ellipsis.END, true)
                : Column.fitted("FROM", 7, 2);
    }

    /** Where the type and base came from: {@code civitai}, {@code header}, {@code tensors}, or both ({@code header+tensors}). */
    static String from(Identity i) {
        java.util.Set<String> sources = new java.util.LinkedHashSet<>();
        for (Identity.Source s : java.util.Arrays.asList(i.sources().kind(), i.sources().architecture())) {
            if (s != null) {
                sources.add(s.text());
            }
        }
        return String.join("+", sources);
    }

    /** The words, marked when guessed from the training captions. */
    static String triggers(Identity i) {
        String words = Text.words(i.triggerWords());
        return i.sources().triggerWords() == Identity.Source.GUESSED && !words.isEmpty() ? words + " (guessed)" : words;
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
