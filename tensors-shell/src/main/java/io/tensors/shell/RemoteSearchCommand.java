package io.tensors.shell;

import io.tensors.api.RemoteModel;
import io.tensors.api.RemoteSearch;
import io.tensors.shell.render.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tsr search}: CivitAI's model search; every model it returns is cached for {@code db search}. */
@Command(name = "search",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr search \"detail tweaker\"", "  tsr search anime --type LORA --base-model \"SDXL 1.0\" --sort \"Most Downloaded\"", "  tsr search --tag style --all --json"}, mixinStandardHelpOptions = true,
        description = {"Search CivitAI's models (uses the network) and cache every model found, so 'tsr db search'"
                + " finds them offline afterwards. 'tsr db search' searches the cache only."})
final class RemoteSearchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "QUERY", arity = "0..*", description = "Words to search for (optional with filters).")
    List<String> words = new ArrayList<>();

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", split = ",",
            description = "Model types: Checkpoint, LORA, TextualInversion, VAE, Controlnet, ... (repeatable).")
    List<String> types = new ArrayList<>();

    @Option(names = {"-b", "--base-model"}, paramLabel = "BASE", split = ",",
            description = "Base models as CivitAI names them: 'SDXL 1.0', Illustrious, 'Flux.1 D', ... (repeatable).")
    List<String> baseModels = new ArrayList<>();

    @Option(names = "--sort", paramLabel = "SORT", description = "Highest Rated, Most Downloaded, Most Liked, Newest, ...")
    String sort;

    @Option(names = "--period", paramLabel = "PERIOD", description = "AllTime, Year, Month, Week or Day.")
    String period;

    @Option(names = "--nsfw", description = "Include NSFW models (left out by default).")
    boolean nsfw;

    @Option(names = "--tag", paramLabel = "TAG", description = "Only models with this tag.")
    String tag;

    @Option(names = {"-u", "--user"}, paramLabel = "USERNAME", description = "Only this creator's models.")
    String username;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "Models per page, 1 to 100 (default: ${DEFAULT-VALUE}).")
    int limit = 20;

    @Option(names = "--page", paramLabel = "N", description = "Show page N (default: ${DEFAULT-VALUE}).")
    int page = 1;

    @Option(names = "--all", description = "Every page from --page on, up to " + RemoteSearch.MAX_PAGES + " pages.")
    boolean all;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TsrCommand tsr = Commands.root(spec);
        RemoteSearch search = new RemoteSearch(words.isEmpty() ? null : String.join(" ", words), types, baseModels, sort, period,
                nsfw, tag, username, limit, page, all);
        List<RemoteModel> models = tsr.catalog().searchRemote(search);
        output.print(tsr, () -> Output.records("models", RemoteModel.class, models), null, out -> {
            if (models.isEmpty()) {
                out.println("No models found on CivitAI.");
                return;
            }
            List<List<String>> cells = new ArrayList<>();
            for (RemoteModel m : models) {
                cells.add(List.of(Long.toString(m.civitaiId()), m.name(), ListCommand.nz(m.type()), ListCommand.nz(m.baseModel()),
                        m.downloadCount() == null ? "" : Long.toString(m.downloadCount()), rating(m),
                        m.latestVersion() == null ? "" : m.latestVersion() + " (" + m.latestVersionId() + ")", m.onDisk() ? "yes" : ""));
            }
            Table.print(out, List.of("ID", "NAME", "TYPE", "BASE", "DOWNLOADS", "RATING", "LATEST", "ON DISK"), cells);
            out.println(Text.count(models.size(), "model") + " (cached; 'tsr get ID' shows one, 'tsr dl --model ID' fetches it)");
        });
        return 0;
    }

    private static String rating(RemoteModel m) {
        if (m.rating() != null && m.rating() > 0) {
            return String.format(Locale.ROOT, "%.2f", m.rating());
        }
        return m.thumbsUp() == null ? "" : m.thumbsUp() + " up";
    }
}
