package io.tensors.shell;

import io.tensors.api.Catalog;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jline.builtins.Completers.FileNameCompleter;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Tab completion read off the picocli command tree: subcommands, options, file paths for path
 * arguments, enum values, and model types / base models from the catalog for options that take them.
 */
final class ShellCompleter implements Completer {
    private final CommandSpec rootSpec;
    private final Supplier<Catalog> catalog;
    private final FileNameCompleter files = new FileNameCompleter();

    ShellCompleter(CommandSpec rootSpec, Supplier<Catalog> catalog) {
        this.rootSpec = Objects.requireNonNull(rootSpec, "rootSpec");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> before = line.words().subList(0, Math.min(line.wordIndex(), line.words().size()));
        String current = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        if (!before.isEmpty() && Repl.Builtin.of(before.getFirst()) == Repl.Builtin.JS) {
            script(current, candidates);
            return;
        }
        CommandSpec spec = rootSpec;
        OptionSpec pending = null;
        int positionals = 0;
        for (String word : before) {
            if (pending != null) {
                pending = null;
            } else if (spec.subcommands().containsKey(word)) {
                spec = spec.subcommands().get(word).getCommandSpec();
                positionals = 0;
            } else if (word.startsWith("-")) {
                OptionSpec option = spec.findOption(word.contains("=") ? word.substring(0, word.indexOf('=')) : word);
                if (option != null && option.arity().min() > 0 && !word.contains("=")) {
                    pending = option;
                }
            } else {
                positionals++;
            }
        }
        if (pending != null) {
            values(pending, reader, line, candidates);
        } else if (current.startsWith("-")) {
            for (OptionSpec option : spec.options()) {
                if (!option.hidden()) {
                    for (String name : option.names()) {
                        candidates.add(new Candidate(name, name, null, first(option.description()), null, null, true));
                    }
                }
            }
        } else {
            for (Map.Entry<String, picocli.CommandLine> sub : spec.subcommands().entrySet()) {
                candidates.add(new Candidate(sub.getKey(), sub.getKey(), null,
                        first(sub.getValue().getCommandSpec().usageMessage().description()), null, null, true));
            }
            if (spec == rootSpec && before.isEmpty()) {
                for (Repl.Builtin b : Repl.Builtin.values()) {
                    if (b.completed) {
                        candidates.add(new Candidate(b.word()));
                    }
                }
            }
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (p.index().contains(positionals) || p.index().isUnspecified()) {
                    values(p, reader, line, candidates);
                    break;
                }
            }
        }
    }

    /**
     * JavaScript: after {@code tsr.} (anywhere in the word, say {@code x=tsr.fi}), the members of the
     * script's {@code tsr} with what each takes.
     */
    static void script(String current, List<Candidate> candidates) {
        int at = current.lastIndexOf("tsr.");
        if (at < 0 || (at > 0 && Character.isJavaIdentifierPart(current.charAt(at - 1)))) {
            return;
        }
        String head = current.substring(0, at + 4);
        for (Map.Entry<String, String> m : new java.util.TreeMap<>(TsrBinding.SIGNATURES).entrySet()) {
            String member = head + m.getKey() + "(";
            candidates.add(new Candidate(member, m.getKey(), null, m.getValue(), null, null, false));
        }
    }

    private void values(ArgSpec arg, LineReader reader, ParsedLine line, List<Candidate> candidates) {
        Class<?> type = arg.type();
        String label = arg.paramLabel().toUpperCase(Locale.ROOT);
        String name = arg instanceof OptionSpec o ? o.longestName() : "";
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                candidates.add(new Candidate(constant.toString().toLowerCase(Locale.ROOT)));
            }
        } else if (arg.completionCandidates() != null) {
            arg.completionCandidates().forEach(c -> candidates.add(new Candidate(c)));
        } else if (label.equals("MODEL_ID")) {
            // the id is what the command takes; the name, shown beside it, is what people remember
            catalogValues("SELECT civitai_id, name FROM models ORDER BY download_count DESC LIMIT 200", candidates);
        } else if (name.equals("--type") || label.equals("TYPE")) {
            catalogValues("SELECT DISTINCT type FROM models WHERE type IS NOT NULL ORDER BY 1", candidates);
        } else if (name.startsWith("--base") || label.startsWith("BASE")) {
            catalogValues("SELECT DISTINCT base_model FROM model_versions WHERE base_model IS NOT NULL ORDER BY 1", candidates);
        } else if (Path.class.isAssignableFrom(type) || File.class.isAssignableFrom(type)
                || label.contains("FILE") || label.contains("DIR") || label.contains("PATH")) {
            files.complete(reader, line, candidates);
        }
    }

    private void catalogValues(String query, List<Candidate> candidates) {
        try {
            for (Map<String, Object> row : catalog.get().sql(query, List.of())) {
                List<Object> values = new ArrayList<>(row.values());
                Object value = values.getFirst();
                if (value != null) {
                    String description = values.size() > 1 && values.get(1) != null ? Text.sanitize(values.get(1).toString()) : null;
                    candidates.add(new Candidate(value.toString(), value.toString(), null, description, null, null, true));
                }
            }
        } catch (RuntimeException e) {
            // no catalog yet, or an old one: nothing to offer
        }
    }

    private static String first(String[] lines) {
        return lines.length == 0 ? null : lines[0];
    }
}
