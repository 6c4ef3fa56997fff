package io.tensors.shell;

import io.tensors.api.LocalFileRow;
import io.tensors.shell.render.Cell;
import io.tensors.shell.render.Column;
import io.tensors.shell.render.Tone;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tsr db list}: the local files with their CivitAI info. */
@Command(name = "list",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db list", "  tsr db list --type lora --base sdxl --sort size", "  tsr db list --missing --json"}, mixinStandardHelpOptions = true, description = "List the cataloged files with their CivitAI model, version and trigger words.")
final class ListCommand implements Callable<Integer> {
    @Mixin
    ListFilters filters;

    @Mixin
    Output output;

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
            boolean anyMissing = rows.stream().anyMatch(r -> r.missingSince() != null);
            List<List<Cell>> cells = new ArrayList<>();
            for (LocalFileRow r : rows) {
                Tone dim = r.missingSince() == null ? Tone.PLAIN : Tone.DIM;
                List<Cell> row = new ArrayList<>(List.of(
                        new Cell(r.modelName() == null ? "-" : r.modelName(), dim,
                                links.version(r.civitaiModelId(), r.civitaiVersionId())),
                        Cell.of(nz(r.versionName()), dim), Cell.of(nz(r.modelType()), dim == Tone.DIM ? dim : Tone.CYAN),
                        Cell.of(nz(r.baseModel()), dim), Cell.of(Text.bytes(r.fileSize()), dim),
                        Cell.of(r.sha256().substring(0, 10), dim)));
                if (anyMissing) {
                    row.add(Cell.of(r.missingSince() == null ? "" : "missing", Tone.YELLOW));
                }
                row.add(Cell.of(Text.words(r.triggerWords()), dim));
                row.add(Cell.of(r.filePath(), dim));
                cells.add(row);
            }
            List<Column> columns = new ArrayList<>(List.of(Column.fitted("MODEL", 10, 7), Column.fitted("VERSION", 7, 2),
                    Column.fitted("TYPE", 4, 5), Column.fitted("BASE", 6, 4), Column.fitted("SIZE", 8, 6).kept().uncut(),
                    Column.fitted("AUTOV2", 10, 0)));
            if (anyMissing) {
                columns.add(Column.fitted("STATE", 7, 3));
            }
            columns.add(Column.fitted("TRIGGERS", 8, -1));
            columns.add(Column.path("PATH", 8));
            output.table(env, out, columns, cells);
            out.println(Text.count(rows.size(), "file"));
        });
        return 0;
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
