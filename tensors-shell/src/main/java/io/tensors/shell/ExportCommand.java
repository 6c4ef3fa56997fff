package io.tensors.shell;

import io.tensors.api.ErrorCode;
import io.tensors.api.ExportData;
import io.tensors.api.Exporter;
import io.tensors.api.LocalFileRow;
import io.tensors.api.TensorsException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tsr db export --format F [--out PATH]}: the rows of {@code tsr db list} through an exporter. */
@Command(name = "export",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db export --format csv --out catalog.csv", "  tsr db export --format markdown --linked"}, mixinStandardHelpOptions = true,
        description = "Write the local catalog (the rows of 'tsr db list', with the same filters) through an exporter plugin.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--format", paramLabel = "F", required = true,
            description = "json, jsonl, csv, markdown, or one a plugin adds.")
    String format;

    @Option(names = "--out", paramLabel = "PATH", description = "Write this file (replaced atomically) instead of standard output.")
    Path out;

    @Mixin
    ListFilters filters;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TsrCommand tsr = Commands.root(spec);
        Exporter exporter = Output.exporter(tsr, format); // an unknown format fails before the catalog is read
        List<LocalFileRow> rows = tsr.catalog().listFiles(filters.filter());
        ExportData data = Links.of(tsr.environment()).withUrls(Output.records("local files", LocalFileRow.class, rows),
                "civitai_model_id", "civitai_version_id");
        if (out == null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Output.export(exporter, data, bytes);
            tsr.environment().out().print(Output.forTerminal(tsr.environment(), bytes.toString(StandardCharsets.UTF_8)));
            tsr.environment().out().flush();
        } else {
            writeAtomically(exporter, data, out.toAbsolutePath());
            tsr.environment().err().println("tsr: wrote " + Text.count(rows.size(), "file") + " as " + exporter.id() + " to " + out.toAbsolutePath());
            tsr.environment().err().flush();
        }
        return 0;
    }

    /** @throws TensorsException FAILED when the target is a folder, or naming why writing failed */
    private static void writeAtomically(Exporter exporter, ExportData data, Path target) {
        if (Files.isDirectory(target)) {
            throw new TensorsException(ErrorCode.FAILED, "cannot write " + target + ": it is a folder; give a file name to --out");
        }
        AtomicFile.write(target, os -> Output.exportTo(exporter, data, os));
    }
}
