package io.tensors.shell;

import io.tensors.api.ModelHit;
import io.tensors.api.SearchQuery;
import io.tensors.shell.render.Cell;
import io.tensors.shell.render.Column;
import io.tensors.shell.render.Table;
import io.tensors.shell.render.Tone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tsr db search}: offline full-text search of the cached CivitAI models. */
@Command(name = "search",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db search detail tweaker", "  tsr db search anime --type lora --base sdxl", "  tsr db search \"easy negative\" --json"}, mixinStandardHelpOptions = true,
        description = {"Search the cached CivitAI models offline: names, descriptions, tags, trigger words, creators and version names, best matches first.",
            "Words are ANDed and match whole words (word* for a prefix); a OR b; -word excludes; \"exact phrase\". Filters apply before --limit.",
            "Ranked by bm25 (name first, then tags and trigger words, creator, version names, description); when more than 2,000 models match, the 2,000 most downloaded of them are ranked."})
final class SearchCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "QUERY", parameterConsumer = QueryWords.class,
            description = "What to look for (several words are one query); none with a filter lists the filtered models, most downloaded first.")
    List<String> words;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", description = "Only this model type (Checkpoint, LORA...), any case.")
    String type;

    @Option(names = {"-b", "--base"}, paramLabel = "BASE", description = "Only models with a version for this base model (prefix, any case: SDXL matches SDXL 1.0).")
    String base;

    @Option(names = "--tag", paramLabel = "TAG", description = "Only models with this tag.")
    String tag;

    @Option(names = "--creator", paramLabel = "USER", description = "Only models by this creator.")
    String creator;

    @Option(names = "--nsfw", paramLabel = "BOOL", arity = "1",
            description = "false: drop models flagged nsfw or rated R and above; true: only those (default: no filter).")
    Boolean nsfw;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20", description = "At most N models (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    JsonOption json;

    @Option(names = {"--wide", "-l"}, description = "Print every column in full, however wide the terminal.")
    boolean wide;

    CommandSpec spec;

    /**
     * {@code -word} excludes a word, so an argument that is not one of the options is part of the
     * query; and {@code -hentai} is a word, not {@code -h} followed by "entai".
     */
    @Spec
    void spec(CommandSpec spec) {
        this.spec = spec;
        spec.parser().unmatchedOptionsArePositionalParams(true).posixClusteredShortOptionsAllowed(false);
    }

    /**
     * Takes the query's words up to the next of the command's own options, {@code -word} included:
     * picocli's own consumer stops at anything that starts like a short option ({@code -h...}, {@code -x...}).
     */
    static final class QueryWords implements IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            List<String> words = argSpec.getValue() == null ? new ArrayList<>() : new ArrayList<>(argSpec.<List<String>>getValue());
            while (!args.isEmpty() && !isOption(args.peek(), commandSpec)) {
                words.add(args.pop());
            }
            argSpec.setValue(words);
        }

        private static boolean isOption(String arg, CommandSpec spec) {
            int equals = arg.indexOf('=');
            String name = arg.startsWith("-") && equals > 0 ? arg.substring(0, equals) : arg;
            return arg.equals("--") || spec.optionsMap().containsKey(name);
        }
    }

    @Override
    public Integer call() {
        Environment env = Commands.root(spec).environment();
        if ((words == null || words.isEmpty()) && type == null && base == null && tag == null && creator == null && nsfw == null) {
            // words or a filter: refused before the catalog is opened, as a usage error
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing QUERY");
        }
        SearchQuery query = new SearchQuery(words == null ? "" : String.join(" ", words), type, base, tag, creator, nsfw, Commands.limit(spec, limit));
        List<ModelHit> hits = Commands.root(spec).catalog().search(query);
        if (json.on) {
            env.out().println(Output.forTerminal(env, Json.write(withUrls(hits, Links.of(env)))));
        } else if (hits.isEmpty()) {
            env.out().println("No cached model matches. The search covers only cached models: 'tsr db link' and 'tsr db cache ID' add them.");
        } else {
            Links links = Links.of(env);
            List<List<Cell>> cells = new ArrayList<>();
            for (ModelHit h : hits) {
                cells.add(List.of(Cell.of(Long.toString(h.civitaiId())), Cell.of(h.name()).linked(links.model(h.civitaiId())),
                        Cell.of(nz(h.type()), Tone.CYAN), Cell.of(nz(h.baseModel())), Cell.of(nz(h.latestVersion())),
                        Cell.of(nz(h.creator())), Cell.of(h.downloadCount() == null ? "" : Long.toString(h.downloadCount())),
                        Cell.of(nsfwLabel(h), Tone.YELLOW), Cell.of(Text.words(h.triggerWords()))));
            }
            Table.printCells(env.out(), List.of(Column.fitted("ID", 2, 9).kept().uncut(), Column.fitted("NAME", 12, 8),
                    Column.fitted("TYPE", 4, 6), Column.fitted("BASE", 6, 5), Column.fitted("VERSION", 7, 1),
                    Column.fitted("CREATOR", 7, 0), Column.fitted("DOWNLOADS", 9, 2).uncut(), Column.fitted("NSFW", 4, -1),
                    Column.fitted("TRIGGERS", 8, -2)), cells, wide ? Table.UNLIMITED : Table.width(env.columns()), Output.paint(env));
            env.out().println(Text.count(hits.size(), "model")
                    + (hits.size() == limit ? " (more may match: raise --limit)" : ""));
        }
        env.out().flush();
        return 0;
    }

    /** The hits as --json prints them: every field, then the model's page ({@code model_url}). */
    private static List<Map<String, Object>> withUrls(List<ModelHit> hits, Links links) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ModelHit h : hits) {
            Map<String, Object> row = Output.map(h);
            row.put("model_url", links.model(h.civitaiId()));
            rows.add(row);
        }
        return rows;
    }

    private static String nsfwLabel(ModelHit h) {
        boolean flagged = Boolean.TRUE.equals(h.nsfw()) || (h.nsfwLevel() != null && h.nsfwLevel() >= 4);
        return flagged ? "yes" : "";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
