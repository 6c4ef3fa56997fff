package io.tensors.shell;

import io.tensors.api.CacheSummary;
import io.tensors.api.OutdatedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tsr db outdated}: local files whose model has a newer version for the same base model. */
@Command(name = "outdated", mixinStandardHelpOptions = true,
        description = {"List local files whose model has a newer cached version for the same base model"
                + " (an SDXL update does not make an SD 1.5 file outdated). Files whose newest version is already on disk are left out.",
            "Answered from the cache; --refresh fetches the models of the linked files first."})
final class OutdatedCommand implements Callable<Integer> {
    @Option(names = "--refresh", description = "Re-fetch the models of the linked files from CivitAI first (uses the network).")
    boolean refresh;

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
        List<OutdatedFile> files = tsr.catalog().outdated();
        output.print(tsr, () -> Output.records("outdated files", OutdatedFile.class, files), null, out -> {
            if (files.isEmpty()) {
                out.println("No outdated files" + (refresh ? "." : " as far as the cache knows ('--refresh' fetches the latest versions)."));
                return;
            }
            List<List<String>> cells = new ArrayList<>();
            for (OutdatedFile f : files) {
                cells.add(List.of(f.modelName(), ListCommand.nz(f.baseModel()),
                        f.localVersionName() + " (" + f.localVersionId() + ")",
                        f.latestVersionName() + " (" + f.latestVersionId() + ")", Integer.toString(f.newerVersions()),
                        f.filePath()));
            }
            Table.print(out, List.of("MODEL", "BASE", "LOCAL", "LATEST", "NEWER", "PATH"), cells);
            out.println(Text.count(files.size(), "outdated file"));
        });
        return exit;
    }
}
