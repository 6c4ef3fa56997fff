package io.tensors.shell;

import io.tensors.api.Identity;
import io.tensors.api.LocalFileRow;
import io.tensors.api.ModelHit;
import io.tensors.api.SearchQuery;
import io.tensors.api.SearchResults;
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

/** {@code tsr db search}: offline search of the local files and the cached CivitAI models. */
@Command(name = "search",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db search detail tweaker", "  tsr db search anime --type lora --base sdxl", "  tsr db search \"easy negative\" --json", "  tsr db search 细节", "  tsr db search --type lora --base sdxl"}, mixinStandardHelpOptions = true,
        description = {"Search offline: the local files (paths, display names, header titles, trigger phrases, caption tags, linked model names; any part of a word: easy finds EasyNegative), then the cached CivitAI models (names, descriptions, tags, trigger words, creators and version names, best matches first; ON DISK: you have a file of it).",
            "Words are ANDed and match whole words (word* for a prefix); a OR b; -word excludes; \"exact phrase\". Filters apply before --limit.",
            "Ranked by bm25 (name first, then tags and trigger words, creator, version names, description); when more than 1,000 models match, the 1,000 most downloaded of them are ranked."})
final class SearchCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "QUERY", parameterConsumer = QueryWords.class,
            description = "What to look for (several words are one query); none with a filter lists what the filters match (models most downloaded first).")
    List<String> words;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", description = "Only this model type (Checkpoint, LORA...), any case; local files also by their own kind (lora, lycoris...).")
    String type;

    @Option(names = {"-b", "--base"}, paramLabel = "BASE", description = "Only models with a version for a base model containing this, any case (sdxl matches SDXL 1.0); for local files their own base model.")
    String base;

    @Option(names = "--tag", paramLabel = "TAG", description = "Only models with this tag.")
    String tag;

    @Option(names = "--creator", paramLabel = "USER", description = "Only models by this creator.")
    String creator;

    @Option(names = "--nsfw", paramLabel = "BOOL", arity = "1",
            description = "false: drop models flagged nsfw or rated R and above; true: only those (default: no filter).")
    Boolean nsfw;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20", description = "At most N local files and N models (default: ${DEFAULT-VALUE}).")
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
        SearchResults found = Commands.root(spec).catalog().searchAll(query);
        List<ModelHit> hits = found.models();
        List<LocalFileRow> files = found.files();
        Links links = Links.of(env);
        if (json.on) {
            // one array: local files first, then cached models, each saying which it is ("where")
            List<Map<String, Object>> all = new ArrayList<>();
            for (LocalFileRow f : files) {
                all.add(tagged("local", Output.map(f)));
            }
            for (Map<String, Object> h : withUrls(hits, links)) {
                all.add(tagged("cached", h));
            }
            env.out().println(Output.forTerminal(env, Json.write(all)));
        } else if (hits.isEmpty() && files.isEmpty()) {
            env.out().println("Nothing matches, neither a local file nor a cached model ('tsr db scan DIR' adds files;"
                    + " 'tsr db link' and 'tsr db cache ID' add models).");
        } else {
            int width = wide ? Table.UNLIMITED : Table.width(env.columns());
            if (!files.isEmpty()) {
                env.out().println("Local files:");
                List<List<Cell>> cells = new ArrayList<>();
                for (LocalFileRow f : files) {
                    Identity i = f.identity();
                    cells.add(List.of(new Cell(i.displayName(), Tone.PLAIN, links.version(f.civitaiModelId(), f.civitaiVersionId())),
                            Cell.of(nz(i.kind()), Tone.CYAN), Cell.of(nz(i.architecture())), Cell.of(ListCommand.from(i), Tone.DIM),
                            Cell.of(ListCommand.triggers(i)), Cell.of(f.filePath())));
                }
                Table.printCells(env.out(), List.of(Column.fitted("NAME", 12, 8), Column.fitted("TYPE", 4, 6),
                        Column.fitted("BASE", 6, 5), Column.fitted("FROM", 7, 1), Column.fitted("TRIGGERS", 8, -2),
                        Column.path("PATH", 7)), cells, width, Output.paint(env));
                env.out().println(Text.count(files.size(), "local file")
                        + (files.size() == limit ? " (more may match: raise --limit)" : ""));
            }
            if (!hits.isEmpty()) {
                env.out().println(files.isEmpty() ? "Cached models:" : System.lineSeparator() + "Cached models:");
                List<List<Cell>> cells = new ArrayList<>();
                for (ModelHit h : hits) {
                    cells.add(List.of(Cell.of(Long.toString(h.civitaiId())), Cell.of(h.name()).linked(links.model(h.civitaiId())),
                            Cell.of(nz(h.type()), Tone.CYAN), Cell.of(nz(h.baseModel())), Cell.of(nz(h.latestVersion())),
                            Cell.of(nz(h.creator())), Cell.of(h.downloadCount() == null ? "" : Long.toString(h.downloadCount())),
                            Cell.of(nsfwLabel(h), Tone.YELLOW), Cell.of(h.filesOnDisk() > 0 ? "yes" : "", Tone.GREEN),
                            Cell.of(Text.words(h.triggerWords()))));
                }
                Table.printCells(env.out(), List.of(Column.fitted("ID", 2, 9).kept().uncut(), Column.fitted("NAME", 12, 8),
                        Column.fitted("TYPE", 4, 6), Column.fitted("BASE", 6, 5), Column.fitted("VERSION", 7, 1),
                        Column.fitted("CREATOR", 7, 0), Column.fitted("DOWNLOADS", 9, 2).uncut(), Column.fitted("NSFW", 4, -1),
                        Column.fitted("ON DISK", 7, 3), Column.fitted("TRIGGERS", 8, -2)), cells, width, Output.paint(env));
                env.out().println(Text.count(hits.size(), "model")
                        + (hits.size() == limit ? " (more may match: raise --limit)" : ""));
            }
        }
        env.out().flush();
        return 0;
    }

    /** @return the row with {@code where} ({@code local} or {@code cached}) first */
    private static Map<String, Object> tagged(String where, Map<String, Object> row) {
        Map<String, Object> tagged = new java.util.LinkedHashMap<>();
        tagged.put("where", where);
        tagged.putAll(row);
        return tagged;
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
