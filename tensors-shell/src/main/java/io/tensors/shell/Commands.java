package io.tensors.shell;

import io.tensors.api.ProgressListener;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Small helpers shared by the commands. */
final class Commands {
    /** The heading of the examples every command's help ends with. */
    static final String EXAMPLES = "%nExamples:%n";

    private Commands() {}

    /** @return the root command, which owns the environment and the catalog */
    static TsrCommand root(CommandSpec spec) {
        return (TsrCommand) spec.root().userObject();
    }

    /** @return {@code limit}, the value of a --limit option, once checked the same way everywhere: at least 1 */
    static int limit(CommandSpec spec, int limit) {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit);
        }
        return limit;
    }

    /** A listener that draws item progress (when there is a bar) and prints each problem as one stderr line. */
    static ProgressListener listener(Environment env, Progress progress, String unit) {
        return new ProgressListener() {
            @Override
            public void started(long total) {
                if (progress != null) {
                    progress.startItems(total, unit);
                }
            }

            @Override
            public void advanced(long done) {
                if (progress != null) {
                    progress.items(done);
                }
            }

            @Override
            public void problem(String line) {
                Commands.problem(env, progress, line);
            }
        };
    }

    /** One "tsr: ..." line on stderr, clearing the progress bar first so the two never mix. */
    static void problem(Environment env, Progress progress, String line) {
        synchronized (env.err()) {
            if (progress != null) {
                progress.clearLine();
            }
            env.err().println("tsr: " + Text.sanitize(line));
            env.err().flush();
        }
    }

    /**
     * Runs long work with a progress bar on stderr when a person is watching and the output is not
     * for a program; the bar is cleared whatever happens.
     */
    static <T> T withProgress(Environment env, boolean show, java.util.function.Function<Progress, T> work) {
        Progress progress = show && env.interactive() ? new Progress(env.err(), env.errColumns()) : null;
        try {
            return work.apply(progress);
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
    }

    /** Prints a command's summary: the record as JSON for programs, else one line for people. */
    static void printSummary(Environment env, boolean json, Object summary, String line) {
        env.out().println(json ? Output.forTerminal(env, Json.write(summary)) : line);
        env.out().flush();
    }
}
