package io.tensors.shell;

import io.tensors.api.ErrorCode;
import io.tensors.api.ExportData;
import io.tensors.api.Exporter;
import io.tensors.api.LocalFileRow;
import io.tensors.api.TensorsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tsr db export --format F [--out PATH]}: the rows of {@code tsr db list} through an exporter. */
@Command(name = "export", mixinStandardHelpOptions = true,
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
        ExportData data = Output.records("local files", LocalFileRow.class, rows);
        if (out == null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Output.export(exporter, data, bytes);
            tsr.environment().out().print(bytes.toString(StandardCharsets.UTF_8));
            tsr.environment().out().flush();
        } else {
            writeAtomically(exporter, data, out.toAbsolutePath());
            tsr.environment().err().println("tsr: wrote " + rows.size() + " files as " + exporter.id() + " to " + out.toAbsolutePath());
            tsr.environment().err().flush();
        }
        return 0;
    }

    /** Writes a temporary file next to the target and moves it over the target: readers see the old or the new file. */
    private static void writeAtomically(Exporter exporter, ExportData data, Path target) {
        Path folder = target.getParent();
        Path temp = null;
        try {
            Files.createDirectories(folder);
            temp = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
            try (OutputStream os = Files.newOutputStream(temp)) {
                Output.export(exporter, data, os);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.FAILED, "cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: the target was not touched
                }
            }
        }
    }
}
