package io.tensors.shell;

import io.tensors.api.ProgressListener;
import picocli.CommandLine.Model.CommandSpec;

/** Small helpers shared by the commands. */
final class Commands {
    private Commands() {}

    /** @return the root command, which owns the environment and the catalog */
    static TsrCommand root(CommandSpec spec) {
        CommandSpec s = spec;
        while (s.parent() != null) {
            s = s.parent();
        }
        return (TsrCommand) s.userObject();
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
                synchronized (env.err()) {
                    if (progress != null) {
                        progress.clearLine();
                    }
                    env.err().println("tsr: " + Text.sanitize(line));
                    env.err().flush();
                }
            }
        };
    }
}
