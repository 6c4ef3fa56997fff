package io.tensors.shell;

import io.tensors.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The shell's read loop: JLine over the same picocli command tree as the command line (built by
 * {@link Cli#create}), plus what only makes sense at a prompt: {@code js}, the JavaScript mode,
 * {@code exit}. Ctrl-C stops the running command or script; Ctrl-D exits (or leaves JS mode).
 */
final class Repl {
    static final String PROMPT = "tsr> ";
    static final String JS_PROMPT = "js> ";
    static final String MORE_PROMPT = "... ";

    /** The words the shell answers itself, before picocli sees the line. */
    enum Builtin {
        EXIT(true), QUIT(false), JS(true), CLEAR(true),
        /** Also a picocli command ('tsr shell'), which the completer offers already. */
        SHELL(false);

        /** Whether tab completion offers the word at the start of a line. */
        final boolean completed;

        Builtin(boolean completed) {
            this.completed = completed;
        }

        /** @return the word as typed */
        String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return the built-in {@code word} names, or null for a command line */
        static Builtin of(String word) {
            for (Builtin b : values()) {
                if (b.word().equals(word)) {
                    return b;
                }
            }
            return null;
        }
    }

    private final Terminal terminal;
    private final TsrCommand outer;
    private final Duration timeout;
    private final CommandLine cli;
    private final TsrCommand root;
    private volatile Thread worker;

    /**
     * @param outer the command that started the shell: its --db and -x carry over to every line
     */
    Repl(Terminal terminal, TsrCommand outer, Duration timeout) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
        this.outer = Objects.requireNonNull(outer, "outer");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        Environment env = outer.environment();
        this.cli = Cli.create(new Environment(terminal.writer(), env.err(), env.env(), env.interactive()), outer.catalogs);
        // each line is parsed afresh, so options given to 'tsr shell' become the lines' defaults
        cli.setDefaultValueProvider(arg -> {
            if (arg instanceof OptionSpec option) {
                if (option.longestName().equals("--db") && outer.db != null) {
                    return outer.db.toString();
                }
                if (option.longestName().equals("--verbose") && outer.verbose) {
                    return "true";
                }
            }
            return null;
        });
        this.root = (TsrCommand) cli.getCommand();
        root.inShell = true;
        root.db = outer.db;
    }

    /** Reads and runs lines until Ctrl-D or 'exit'. @return the exit code (0) */
    int run() {
        Environment env = outer.environment();
        DefaultParser parser = new DefaultParser();
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("tsr")
                .parser(parser)
                .completer(new ShellCompleter(cli.getCommandSpec(), root::catalog))
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .variable(LineReader.HISTORY_SIZE, 2_000);
        Path history = historyFile(env.env());
        if (history != null) {
            builder.variable(LineReader.HISTORY_FILE, history);
        }
        LineReader reader = builder.build();
        Terminal.SignalHandler previous = terminal.handle(Signal.INT, signal -> interrupt());
        PrintStreamLike out = new PrintStreamLike(terminal);
        out.println("tsr shell: 'help' lists the commands, 'js' enters JavaScript, Ctrl-D exits.");
        boolean js = false;
        StringBuilder pending = new StringBuilder();
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(!js ? prompt() : pending.isEmpty() ? JS_PROMPT : MORE_PROMPT);
                } catch (UserInterruptException e) {
                    pending.setLength(0);
                    continue;
                } catch (EndOfFileException e) {
                    if (js) {
                        js = false;
                        pending.setLength(0);
                        out.println("(left JavaScript mode)");
                        continue;
                    }
                    break;
                }
                if (js) {
                    if (pending.isEmpty() && line.strip().equals(".exit")) {
                        js = false;
                        continue;
                    }
                    pending.append(line).append('\n');
                    if (open(pending) > 0) {
                        continue;
                    }
                    String code = pending.toString();
                    pending.setLength(0);
                    if (!code.isBlank()) {
                        execute(() -> root.scripts().evalSnippet(code, timeout));
                    }
                    continue;
                }
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                switch (Builtin.of(trimmed.split("\\s+", 2)[0])) {
                    case EXIT, QUIT -> {
                        return 0;
                    }
                    case JS -> {
                        String code = trimmed.substring(2).strip();
                        if (code.isEmpty()) {
                            js = true;
                            out.println("JavaScript mode: 'tsr' is the catalog, results print as tables or JSON; '.exit' or Ctrl-D leaves.");
                        } else {
                            execute(() -> root.scripts().evalSnippet(code, timeout));
                        }
                    }
                    case SHELL -> out.println("tsr: already in the shell");
                    case CLEAR -> {
                        if (!terminal.puts(org.jline.utils.InfoCmp.Capability.clear_screen)) {
                            terminal.writer().print("\033[H\033[2J"); // a terminal without the capability in its entry
                        }
                        terminal.flush();
                    }
                    case null -> {
                        List<String> words = reader.getParsedLine().words().stream().filter(w -> !w.isEmpty()).toList();
                        execute(() -> cli.execute(words.toArray(String[]::new)));
                        if (trimmed.equals("help")) {
                            out.println("In the shell: 'help COMMAND' explains one, 'js EXPR' evaluates JavaScript, 'js' alone"
                                    + " enters a JavaScript mode (Tab after 'tsr.' lists what it offers), 'clear' clears the screen,"
                                    + " 'exit' or Ctrl-D leaves, Ctrl-C stops what is running.");
                        }
                    }
                }
            }
        } finally {
            terminal.handle(Signal.INT, previous);
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                env.err().println("tsr: cannot save the shell history: " + e.getMessage());
            }
            root.closeCatalog();
        }
        return 0;
    }

    /** @return {@code tsr> }, or {@code tsr other.db> } when the shell's catalog is not the default one, so it is always in view */
    String prompt() {
        return outer.db == null ? PROMPT : "tsr " + Text.sanitize(String.valueOf(outer.db.getFileName())) + "> ";
    }

    /** Ctrl-C: stops the running script if there is one, else interrupts the running command. */
    void interrupt() {
        if (root.interruptScript()) {
            return;
        }
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    /** @return true while a line is being executed */
    boolean busy() {
        return worker != null;
    }

    private void execute(Runnable action) {
        worker = Thread.currentThread();
        try {
            action.run();
        } finally {
            worker = null;
            // a line's --db names the catalog of that line only: JavaScript and completion use the shell's
            root.db = outer.db;
            Thread.interrupted(); // a late Ctrl-C must not hit the next line
            terminal.writer().flush();
            root.environment().err().flush();
        }
    }

    /** @return $XDG_CONFIG_HOME/tensors/history (default ~/.config/tensors/history), or null if it cannot be created */
    static Path historyFile(Map<String, String> env) {
        try {
            Path dir = Engine.configDir(new HashMap<>(env));
            Files.createDirectories(dir);
            return dir.resolve("history");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** @return how many brackets are open at the end of the JavaScript (strings, templates and comments skipped) */
    static int open(CharSequence code) {
        int depth = 0;
        char quote = 0;
        boolean lineComment = false;
        boolean blockComment = false;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            char next = i + 1 < code.length() ? code.charAt(i + 1) : 0;
            if (lineComment) {
                lineComment = c != '\n';
            } else if (blockComment) {
                if (c == '*' && next == '/') {
                    blockComment = false;
                    i++;
                }
            } else if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote || (c == '\n' && quote != '`')) {
                    quote = 0;
                }
            } else if (c == '/' && next == '/') {
                lineComment = true;
            } else if (c == '/' && next == '*') {
                blockComment = true;
                i++;
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
        }
        return quote == '`' || blockComment ? Math.max(depth, 1) : depth;
    }

    /** Lines the shell itself prints, through the terminal so they interleave with the prompt correctly. */
    private record PrintStreamLike(Terminal terminal) {
        void println(String s) {
            terminal.writer().println(s);
            terminal.writer().flush();
        }
    }
}
