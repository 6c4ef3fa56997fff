package io.tensors.shell;

import io.tensors.api.Identity;
import io.tensors.api.LocalFileRow;
import io.tensors.api.ModelHit;
import io.tensors.api.SearchQuery;
import io.tensors.shell.render.Table;
import java.util.ArrayList;
import java.util.List;
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
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search the cached CivitAI models offline: names, descriptions, tags, trigger words, creators and version names, best matches first.",
            "Words are ANDed and match whole words (word* for a prefix); a OR b; -word excludes; \"exact phrase\". Filters apply before --limit.",
            "Ranked by bm25 (name first, then tags and trigger words, creator, version names, description); when more than 2,000 models match, the 2,000 most downloaded of them are ranked."})
final class SearchCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "QUERY", parameterConsumer = QueryWords.class,
            description = "What to look for (several words are one query); none with filters lists what they match.")
    List<String> words = new ArrayList<>();

    @Option(names = "--type", paramLabel = "TYPE", description = "Only this model type (Checkpoint, LORA...), any case; local files also by their own kind (lora, lycoris...).")
    String type;

    @Option(names = "--base", paramLabel = "BASE", description = "Only models with a version for a base model containing this, any case (sdxl matches SDXL 1.0); for local files their own base model.")
    String base;

    @Option(names = "--tag", paramLabel = "TAG", description = "Only models with this tag.")
    String tag;

    @Option(names = "--creator", paramLabel = "USER", description = "Only models by this creator.")
    String creator;

    @Option(names = "--nsfw", paramLabel = "BOOL", arity = "1",
            description = "false: drop models flagged nsfw or rated R and above; true: only those (default: no filter).")
    Boolean nsfw;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N models (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    JsonOption json;

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
        if (words.isEmpty() && type == null && base == null && tag == null && creator == null && nsfw == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing QUERY");
        }
        SearchQuery query = new SearchQuery(String.join(" ", words), type, base, tag, creator, nsfw, Commands.limit(spec, limit));
        List<ModelHit> hits = Commands.root(spec).catalog().search(query);
        List<LocalFileRow> files = Commands.root(spec).catalog().searchFiles(query);
        if (json.on) {
            // one array: local files first, then cached models, each saying which it is ("where")
            List<java.util.Map.Entry<String, Object>> all = new ArrayList<>();
            files.forEach(f -> all.add(java.util.Map.entry("local", f)));
            hits.forEach(h -> all.add(java.util.Map.entry("cached", h)));
            env.out().println(Output.forTerminal(env, Json.writeTagged(all, "where")));
        } else if (hits.isEmpty() && files.isEmpty()) {
            env.out().println("Nothing matches, neither a local file nor a cached model ('tsr db scan DIR' adds files; 'tsr db link' and 'tsr db cache ID' add models).");
        } else {
            if (!files.isEmpty()) {
                env.out().println("Local files:");
                List<List<String>> cells = new ArrayList<>();
                for (LocalFileRow f : files) {
                    Identity i = f.identity();
                    cells.add(List.of(i.displayName(), nz(i.kind()), nz(i.architecture()), ListCommand.from(i),
                            ListCommand.triggers(i), f.filePath()));
                }
                Table.print(env.out(), List.of("NAME", "TYPE", "BASE", "FROM", "TRIGGERS", "PATH"), cells);
                env.out().println(Text.count(files.size(), "local file") + (files.size() == limit ? " (more may match: raise --limit)" : ""));
            }
            if (!hits.isEmpty()) {
                env.out().println(files.isEmpty() ? "Cached models:" : System.lineSeparator() + "Cached models:");
                List<List<String>> cells = new ArrayList<>();
                for (ModelHit h : hits) {
                    cells.add(List.of(Long.toString(h.civitaiId()), h.name(), nz(h.type()), nz(h.baseModel()), nz(h.latestVersion()),
                            nz(h.creator()), h.downloadCount() == null ? "" : Long.toString(h.downloadCount()),
                            nsfwLabel(h), h.filesOnDisk() > 0 ? "yes" : "", Text.words(h.triggerWords())));
                }
                Table.print(env.out(), List.of("ID", "NAME", "TYPE", "BASE", "VERSION", "CREATOR", "DOWNLOADS", "NSFW", "ON DISK", "TRIGGERS"), cells);
                env.out().println(Text.count(hits.size(), "model")
                        + (hits.size() == limit ? " (more may match: raise --limit)" : ""));
            }
        }
        env.out().flush();
        return 0;
    }

    private static String nsfwLabel(ModelHit h) {
        boolean flagged = Boolean.TRUE.equals(h.nsfw()) || (h.nsfwLevel() != null && h.nsfwLevel() >= 4);
        return flagged ? "yes" : "";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
