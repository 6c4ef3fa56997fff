package io.tensors.shell;

import io.tensors.api.ImportSummary;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tsr db import PATH}: merge another catalog (tsr's, or the original tsr's of either era) into this one. */
@Command(name = "import",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db import ~/.local/share/tensors/models.db.before-tsr-2026-12-01", "  tsr db import /mnt/old/models.db --json"}, mixinStandardHelpOptions = true,
        description = {"Merge another catalog into the current one: a tsr catalog, or one made by the original Python tsr"
                + " (either schema era; the file named is only read).",
            "Files are matched by path, models and versions by CivitAI id, Hugging Face models by repo: nothing already here is duplicated or changed."})
final class ImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "The catalog file to import.")
    Path source;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TsrCommand tsr = Commands.root(spec);
        Environment env = tsr.environment();
        ImportSummary summary = tsr.catalog().importCatalog(source);
        Commands.printSummary(env, json.on, summary, String.format(Locale.ROOT,
                "imported %s (%s): %s added, %d already here; %s added, %d already cached; %s added; %s added",
                Text.sanitize(summary.source()), summary.kind(), Text.count(summary.files(), "file"), summary.filesKnown(),
                Text.count(summary.models(), "model"), summary.modelsKnown(), Text.count(summary.versions(), "version"),
                Text.count(summary.hfModels(), "Hugging Face model")));
        return 0;
    }
}
