package io.tensors.shell;

import io.tensors.api.CatalogStats;
import io.tensors.api.ExportData;
import io.tensors.shell.render.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tsr db stats}: counts and bytes. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db stats", "  tsr db stats --json"},
        description = {"Count the cataloged files and their bytes: in total, linked / unlinked / missing, by type, by base model and by format.",
            "With --json or --format: rows of group (total, state, type, base_model, format), name, files, bytes;",
            "name is null in JSON (empty in csv) where the table shows (unknown): files without a type or base model."})
final class StatsCommand implements Callable<Integer> {
    @Mixin
    Output output;

    /** The tables the original tsr's {@code db stats} counts, in its order. */
    static final List<String> ORIGINAL_TABLES = List.of("local_files", "models", "model_versions", "version_files",
            "trained_words", "creators", "tags", "hf_models", "hf_safetensor_files");

    @picocli.CommandLine.Option(names = "--tables", description = "Rows per table instead, as the original tsr's db stats: "
            + "local_files, models, model_versions, version_files, trained_words, creators, tags, hf_models, hf_safetensor_files.")
    boolean tables;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TsrCommand tsr = Commands.root(spec);
        if (tables) {
            return printTables(tsr);
        }
        CatalogStats stats = tsr.catalog().stats();
        List<Map<String, Object>> rows = new ArrayList<>();
        add(rows, "total", List.of(stats.total()));
        add(rows, "state", stats.byState());
        add(rows, "type", stats.byType());
        add(rows, "base_model", stats.byBaseModel());
        add(rows, "format", stats.byFormat());
        output.print(tsr, () -> new ExportData("catalog statistics", List.of("group", "name", "files", "bytes"), rows), null, out -> {
            List<List<String>> cells = new ArrayList<>();
            for (Map<String, Object> r : rows) {
                Object name = r.get("name");
                cells.add(List.of((String) r.get("group"), name == null ? "(unknown)" : (String) name,
                        r.get("files").toString(), Text.bytes((Long) r.get("bytes"))));
            }
            Table.print(out, List.of("GROUP", "NAME", "FILES", "SIZE"), cells);
        });
        return 0;
    }

    private int printTables(TsrCommand tsr) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String table : ORIGINAL_TABLES) {
            Object n = tsr.catalog().sql("SELECT count(*) AS n FROM " + table, List.of()).getFirst().get("n");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("table", table);
            row.put("rows", ((Number) n).longValue());
            rows.add(row);
        }
        output.print(tsr, () -> new ExportData("catalog tables", List.of("table", "rows"), rows), null, out -> {
            List<List<String>> cells = new ArrayList<>();
            for (Map<String, Object> r : rows) {
                cells.add(List.of((String) r.get("table"), r.get("rows").toString()));
            }
            Table.print(out, List.of("TABLE", "ROWS"), cells);
        });
        return 0;
    }

    private static void add(List<Map<String, Object>> rows, String group, List<CatalogStats.Bucket> buckets) {
        for (CatalogStats.Bucket b : buckets) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group", group);
            row.put("name", b.name());
            row.put("files", b.files());
            row.put("bytes", b.bytes());
            rows.add(row);
        }
    }
}
