package io.tensors.shell;

import io.tensors.api.LocalFileRow;
import io.tensors.shell.render.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tsr db list}: the local files with their CivitAI info. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the cataloged files with their CivitAI model, version and trigger words.")
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
        List<LocalFileRow> rows = tsr.catalog().listFiles(filters.filter());
        output.print(tsr, () -> Output.records("local files", LocalFileRow.class, rows), rows, out -> {
            if (rows.isEmpty()) {
                out.println(filters.any() ? "No file matches these filters."
                        : "The catalog is empty: run 'tsr db scan DIR' first.");
                return;
            }
            List<List<String>> cells = new ArrayList<>();
            for (LocalFileRow r : rows) {
                cells.add(List.of(r.modelName() == null ? "-" : r.modelName(), nz(r.versionName()), nz(r.modelType()),
                        nz(r.baseModel()), format(r), Text.bytes(r.fileSize()), r.sha256().substring(0, 10),
                        r.missingSince() == null ? "" : "missing", Text.words(r.triggerWords()), r.filePath()));
            }
            Table.print(out, List.of("MODEL", "VERSION", "TYPE", "BASE", "FORMAT", "SIZE", "AUTOV2", "STATE", "TRIGGERS", "PATH"), cells);
            out.println(Text.count(rows.size(), "file"));
        });
        return 0;
    }

    /** @return the format, with the safety when loading the file is not known to be safe: {@code pickle dangerous} */
    static String format(LocalFileRow r) {
        return r.safety().equals("safe") ? r.format() : r.format() + " " + r.safety();
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
