package io.tensors.shell;

import io.tensors.api.CacheSummary;
import io.tensors.api.DownloadRequest;
import io.tensors.api.OutdatedFile;
import io.tensors.shell.render.Cell;
import io.tensors.shell.render.Column;
import io.tensors.shell.render.Paths;
import io.tensors.shell.render.Tone;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tsr db outdated}: local files whose model has a newer version for the same base model. */
@Command(name = "outdated",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db outdated", "  tsr db outdated --refresh"}, mixinStandardHelpOptions = true,
        description = {"List local files whose model has a newer cached version for the same base model"
                + " (an SDXL update does not make an SD 1.5 file outdated). Newer means published later (CivitAI's publishedAt,"
                + " else its createdAt); the order of CivitAI's list only breaks ties. Files whose newest version is already on disk are left out.",
            "Answered from the cache; --refresh fetches the models of the linked files first."})
final class OutdatedCommand implements Callable<Integer> {
    @Option(names = "--refresh", description = "Re-fetch the models of the linked files from CivitAI first (uses the network).")
    boolean refresh;

    @Option(names = "--download", description = "Download the newest version of each outdated file, next to it (see 'tsr dl').")
    boolean download;

    @Option(names = "--parallel", paramLabel = "N", description = "With --download: files at once (default: ${DEFAULT-VALUE}).")
    int parallel = 2;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TsrCommand tsr = Commands.root(spec);
        Environment env = tsr.environment();
        int exit = 0;
        if (refresh) {
            CacheSummary summary = Commands.withProgress(env, !output.machine(),
                    progress -> tsr.catalog().refreshLinkedModels(Commands.listener(env, progress, "models")));
            if (summary.failed() > 0) {
                Commands.problem(env, null, Text.count(summary.failed(), "model")
                        + (summary.failed() == 1 ? " could not be refreshed; its" : " could not be refreshed; their") + " cached data is used");
                exit = 1;
            }
        }
        if (download) {
            int downloaded = DlCommand.run(tsr, output.machine(), new DownloadRequest(List.of(), null, null, null, false, null, null,
                    null, false, DlCommand.checkedParallel(spec, parallel), true));
            return Math.max(exit, downloaded);
        }
        List<OutdatedFile> files = tsr.catalog().outdated();
        Links urls = Links.of(env);
        output.print(tsr, () -> urls.withUrls(Output.records("outdated files", OutdatedFile.class, files), "model_id",
                "latest_version_id"), null, out -> {
            if (files.isEmpty()) {
                out.println("No outdated files" + (refresh ? "." : " as far as the cache knows ('--refresh' fetches the latest versions)."));
                return;
            }
            String folder = output.wide ? "" : Paths.commonFolder(files.stream().map(OutdatedFile::filePath).toList());
            output.folderLine(env, out, folder);
            List<List<Cell>> cells = new ArrayList<>();
            Map<Long, OutdatedFile> latest = new LinkedHashMap<>();
            for (OutdatedFile f : files) {
                cells.add(List.of(Cell.of(f.modelName()).linked(f.latestPageUrl()), Cell.of(ListCommand.nz(f.baseModel())),
                        Cell.of(f.localVersionName() + " (" + f.localVersionId() + ")"), Cell.of(date(f.localPublishedAt())),
                        Cell.of(f.latestVersionName() + " (" + f.latestVersionId() + ")", Tone.GREEN),
                        Cell.of(date(f.latestPublishedAt())), Cell.of(Integer.toString(f.newerVersions())), Cell.of(Paths.under(folder, f.filePath()))));
                latest.putIfAbsent(f.latestVersionId(), f);
            }
            output.table(env, out, List.of(Column.fitted("MODEL", 14, 7), Column.fitted("BASE", 6, 3),
                    Column.fitted("LOCAL", 10, 5), Column.fitted("PUBLISHED", 10, -1), Column.fitted("LATEST", 12, 6),
                    Column.fitted("PUBLISHED", 10, -2), Column.fitted("NEWER", 5, 0).uncut(), Column.path("PATH", 8)), cells);
            out.println(Text.count(files.size(), "outdated file"));
            // URLs are printed whole, not in table cells (which cut long text): they are there to be copied
            for (OutdatedFile f : latest.values()) {
                out.println();
                out.println(Text.sanitize(f.modelName() + " " + f.latestVersionName()) + " (" + f.latestVersionId() + "):");
                out.println("  page      " + Text.sanitize(f.latestPageUrl()));
                if (f.latestDownloadUrl() != null) {
                    out.println("  download  " + Text.sanitize(f.latestDownloadUrl()));
                }
            }
        });
        return exit;
    }

    /** {@code 2022-12-07T10:40:26.799Z} as {@code 2022-12-07 10:40Z}: the minutes tell versions of one day apart. */
    static String date(String iso) {
        if (iso == null) {
            return "";
        }
        try {
            return MINUTES.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
}
