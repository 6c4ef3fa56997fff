package io.tensors.shell;

import io.tensors.api.Identity;
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
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the cataloged files: what each is (CivitAI's model, version, type, base model and trigger words when linked, else what its header and tensors say; FROM names the source) and where.")
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
                Identity i = r.identity();
                cells.add(List.of(i.displayName(), nz(r.versionName()), nz(i.kind()), nz(i.architecture()), from(i),
                        Text.bytes(r.fileSize()), r.sha256().substring(0, 10), r.missingSince() == null ? "" : "missing",
                        triggers(i), r.filePath()));
            }
            Table.print(out, List.of("MODEL", "VERSION", "TYPE", "BASE", "FROM", "SIZE", "AUTOV2", "STATE", "TRIGGERS", "PATH"), cells);
            out.println(Text.count(rows.size(), "file"));
        });
        return 0;
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
