package io.tensors.shell;

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
 */
public record Environment(PrintWriter out, PrintWriter err, Map<String, String> env, boolean interactive) {
    public Environment {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
    }

    /**
     * The process's own streams and environment. Interactive (progress bars, drawn on stderr) only when
     * stdin and stdout are a terminal ({@code Console.isTerminal()}), stderr is one too (on Linux: the
     * target of /proc/self/fd/2 is /dev/pts/N or /dev/ttyN; where there is no /proc it is taken to
     * follow stdout) and TERM is not "dumb". {@code tsr ... 2>log} thus writes no bar into the log.
     */
    public static Environment system() {
        var console = System.console();
        boolean interactive = console != null && console.isTerminal() && stderrIsTerminal()
                && !"dumb".equals(System.getenv("TERM"));
        return new Environment(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(),
                interactive);
    }

    private static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (!Files.isSymbolicLink(fd)) {
                return !Files.isDirectory(Path.of("/proc/self/fd")); // no /proc: assume stderr is where stdout is
            }
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
