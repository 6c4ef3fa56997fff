package io.tensors.shell;

import java.io.PrintWriter;
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

    /** The process's own streams and environment. */
    public static Environment system() {
        var console = System.console();
        return new Environment(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(),
                console != null && console.isTerminal());
    }
}
