package io.tensors.shell;

import io.tensors.api.ModelPage;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tsr get}: one model's page in the terminal, from the cache or CivitAI. */
@Command(name = "get",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr get 58390", "  tsr get --version 62833", "  tsr get --hash 2D3B29DBD627 --refresh"},
        description = {"Show one model: its description as text, versions with dates and base models, files with sizes,"
                + " formats, precision and hashes, trigger words, CivitAI's page, and which files are on disk.",
            "From the cache when the model is cached (--refresh fetches it again), from CivitAI otherwise (then cached)."})
final class GetCommand implements Callable<Integer> {
    // no mixinStandardHelpOptions: its --version would take the name of the option that picks a version
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    static final class Which {
        @Parameters(paramLabel = "MODEL_ID", description = "A CivitAI model id.")
        Long modelId;

        @Option(names = "--version", paramLabel = "VERSION_ID", description = "The model of this version.")
        Long versionId;

        @Option(names = "--hash", paramLabel = "HASH", description = "The model of the file with this hash.")
        String hash;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--refresh", description = "Fetch the model from CivitAI even when it is cached.")
    boolean refresh;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TsrCommand tsr = Commands.root(spec);
        ModelPage page = tsr.catalog().modelPage(which.modelId, which.versionId, which.hash, refresh);
        Environment env = tsr.environment();
        if (json.on) {
            Commands.printSummary(env, true, page, null);
            return 0;
        }
        PrintWriter out = env.out();
        out.println(Text.sanitize(page.name()) + "  (" + ListCommand.nz(page.type()) + (page.creator() == null ? "" : ", by "
                + Text.sanitize(page.creator())) + ", model " + page.civitaiId() + ")");
        out.println(Text.sanitize(page.pageUrl()));
        if (!page.tags().isEmpty()) {
            out.println("tags: " + Text.sanitize(String.join(", ", page.tags())));
        }
        if (page.description() != null && !page.description().isBlank()) {
            out.println();
            out.println(Text.sanitizeLines(page.description()));
        }
        for (ModelPage.Version v : page.versions()) {
            out.println();
            out.println(Text.sanitize(v.name()) + "  (version " + v.id() + ")  " + ListCommand.nz(v.baseModel()) + "  "
                    + OutdatedCommand.date(v.publishedAt()));
            out.println("  " + Text.sanitize(v.pageUrl()));
            if (!v.triggerWords().isEmpty()) {
                out.println("  trigger words: " + Text.sanitize(String.join(", ", v.triggerWords())));
            }
            for (ModelPage.File f : v.files()) {
                out.println("  " + Text.sanitize(ListCommand.nz(f.name())) + "  " + (f.sizeBytes() == null ? "" : Text.bytes(f.sizeBytes()))
                        + "  " + ListCommand.nz(f.format()) + " " + ListCommand.nz(f.fp()) + (f.primary() ? "  primary" : "")
                        + (f.id() == null ? "" : "  (file " + f.id() + ")"));
                f.hashes().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .forEach(h -> out.println("    " + h.getKey() + " " + Text.sanitize(h.getValue())));
                for (String path : f.onDisk()) {
                    out.println("    on disk: " + Text.sanitize(path));
                }
            }
        }
        out.flush();
        return 0;
    }
}
