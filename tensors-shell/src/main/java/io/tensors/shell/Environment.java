package io.tensors.shell;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a command sees of the outside world: output streams, environment variables and whether a
 * person is watching (progress bars only then). Tests build one over captured streams.
 *
 * @param out standard output
 * @param err standard error
 * @param env environment variables
 * @param interactive true when a terminal is attached, so progress may be drawn
 * @param outIsTerminal true when standard output is a terminal, so even output for programs is
 *     cleaned of escape sequences there (a file or a pipe gets the exact text)
 */
public record Environment(PrintWriter out, PrintWriter err, Map<String, String> env, boolean interactive, boolean outIsTerminal) {
    public Environment {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
    }

    /** Standard output is a terminal exactly when a person is watching. */
    public Environment(PrintWriter out, PrintWriter err, Map<String, String> env, boolean interactive) {
        this(out, err, env, interactive, interactive);
    }

    /**
     * The process's own streams and environment. Interactive (progress bars, drawn on stderr) only when
     * stdin and stdout are a terminal ({@code Console.isTerminal()}), stderr is one too (on Linux: the
     * target of /proc/self/fd/2 is /dev/pts/N or /dev/ttyN; where there is no /proc it is taken to
     * follow stdout) and TERM is not "dumb". {@code tsr ... 2>log} thus writes no bar into the log.
     * Standard output is written straight to file descriptor 1 ({@link CheckedPrintWriter}): System.out
     * would swallow a full disk without saying why.
     */
    public static Environment system() {
        var console = System.console();
        boolean consoleIsTerminal = console != null && console.isTerminal();
        boolean interactive = consoleIsTerminal && isTerminal(2, consoleIsTerminal)
                && !"dumb".equals(System.getenv("TERM"));
        return new Environment(new CheckedPrintWriter(new FileOutputStream(FileDescriptor.out)), new PrintWriter(System.err, true),
                System.getenv(), interactive, isTerminal(1, consoleIsTerminal));
    }

    /**
     * @return how many cells wide a table for people may be: {@code COLUMNS} when set, else the width
     *     of the terminal standard output is (0 when it is not one)
     */
    public int columns() {
        return columns(1, outIsTerminal);
    }

    /** @return the width of the terminal the progress bar is drawn on (stderr): {@code COLUMNS}, else asked; 0 when unknown */
    public int errColumns() {
        return columns(2, interactive);
    }

    private int columns(int fd, boolean terminal) {
        String set = env.get("COLUMNS");
        if (set != null && set.strip().matches("[0-9]{1,4}")) {
            return Integer.parseInt(set.strip());
        }
        return terminal ? TerminalSize.columns(fd) : 0;
    }

    /** @param otherwise the answer where there is no /proc: the console's (stdin and stdout are terminals) */
    private static boolean isTerminal(int descriptor, boolean otherwise) {
        Path fd = Path.of("/proc/self/fd/" + descriptor);
        try {
            if (!Files.isSymbolicLink(fd)) {
                return !Files.isDirectory(Path.of("/proc/self/fd")) && otherwise;
            }
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
