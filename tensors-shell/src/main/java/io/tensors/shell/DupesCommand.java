package io.tensors.shell;

import io.tensors.api.DuplicateFile;
import io.tensors.api.DuplicateGroup;
import io.tensors.api.DuplicateReport;
import io.tensors.api.ExportData;
import io.tensors.shell.render.Cells;
import io.tensors.shell.render.Ellipsis;
import io.tensors.shell.render.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tsr db dupes}: duplicate groups and the bytes they waste. */
@Command(name = "dupes",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db dupes", "  tsr db dupes --json | jq \".[].files\""}, mixinStandardHelpOptions = true,
        description = {"List duplicate files: identical bytes (SHA256), identical tensors under another header (AutoV3),"
                + " and several files of one CivitAI version. Hard links and symlinks to one file are not duplicates.",
            "With --json or --format: one row per file, with its group's figures."})
final class DupesCommand implements Callable<Integer> {
    static final List<String> COLUMNS = List.of("group", "kind", "key", "label", "file_path", "file_size", "sha256",
            "linked_paths", "group_total_bytes", "group_reclaimable_bytes");

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TsrCommand tsr = Commands.root(spec);
        DuplicateReport report = tsr.catalog().duplicates();
        List<Map<String, Object>> rows = new ArrayList<>();
        int n = 0;
        for (DuplicateGroup g : report.groups()) {
            n++;
            for (DuplicateFile f : g.files()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("group", n);
                row.put("kind", g.kind().name().toLowerCase(Locale.ROOT));
                row.put("key", g.key());
                row.put("label", g.label());
                row.put("file_path", f.filePath());
                row.put("file_size", f.fileSize());
                row.put("sha256", f.sha256());
                row.put("linked_paths", f.linkedPaths());
                row.put("group_total_bytes", g.totalBytes());
                row.put("group_reclaimable_bytes", g.reclaimableBytes());
                rows.add(row);
            }
        }
        output.print(tsr, () -> new ExportData("duplicates", COLUMNS, rows), null, out -> {
            if (report.groups().isEmpty()) {
                out.println("No duplicates among the files on disk.");
                return;
            }
            int width = output.width(tsr.environment());
            for (DuplicateGroup g : report.groups()) {
                // the figures first, the hash last: on a narrow terminal the hash gives way (--json and --wide have it whole)
                String figures = g.files().size() + " copies, " + Text.bytes(g.totalBytes()) + ", "
                        + Text.bytes(g.reclaimableBytes()) + " reclaimable: ";
                String what = switch (g.kind()) {
                    case SAME_BYTES -> "identical bytes, SHA256 " + g.key();
                    case SAME_TENSORS -> "identical tensors, other header, AutoV3 " + g.key();
                    case SAME_VERSION -> "same CivitAI version " + g.key();
                } + (g.label() == null ? "" : " (" + Text.sanitize(g.label()) + ")");
                out.println(width == Table.UNLIMITED ? figures + what
                        : Cells.cut(figures + what, Math.max(figures.length() + 20, width), Ellipsis.END));
                for (DuplicateFile f : g.files()) {
                    out.println("  " + Text.bytes(f.fileSize()) + "  " + Text.sanitize(f.filePath()));
                    for (String p : f.linkedPaths()) {
                        out.println("      same file (link): " + Text.sanitize(p));
                    }
                }
            }
            long groupsSum = report.groups().stream().mapToLong(DuplicateGroup::reclaimableBytes).sum();
            out.println(Text.count(report.groups().size(), "group") + ", " + Text.bytes(report.reclaimableBytes())
                    + " reclaimable by keeping one copy of each"
                    + (groupsSum > report.reclaimableBytes() ? " (files in several groups counted once)" : ""));
        });
        return 0;
    }
}
