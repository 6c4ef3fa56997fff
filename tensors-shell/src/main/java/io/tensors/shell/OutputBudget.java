package io.tensors.shell;

import io.tensors.api.TerminalText;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A script's stdout and stderr, sharing one byte budget per evaluation: past it, output is dropped
 * and the owner is told once per stream, so a runaway loop cannot fill the terminal or a log.
 */
final class OutputBudget {
    private final long cap;
    private final AtomicLong left;
    final WriterStream stdout;
    final WriterStream stderr;

    /** @param onFull told when a stream first runs past the budget */
    OutputBudget(PrintWriter out, PrintWriter err, long cap, Runnable onFull) {
        this.cap = cap;
        this.left = new AtomicLong(cap);
        this.stdout = new WriterStream(out, left, onFull);
        this.stderr = new WriterStream(err, left, onFull);
    }

    /** @return a stream with no budget (the engine's own messages) */
    static OutputStream unlimited(PrintWriter target) {
        return new WriterStream(target, new AtomicLong(Long.MAX_VALUE), null);
    }

    /** A new evaluation gets the whole budget again. */
    void reset() {
        left.set(cap);
        stdout.full = false;
        stderr.full = false;
    }

    void flush() {
        stdout.flush();
        stderr.flush();
    }

    /**
     * Script output to a writer: UTF-8 decoded a line at a time, with a byte budget shared by stdout
     * and stderr; past it, output is dropped and the owner is told once.
     */
    static final class WriterStream extends OutputStream {
        private final PrintWriter target;
        private final AtomicLong budget;
        private final Runnable onFull;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean full;

        WriterStream(PrintWriter target, AtomicLong budget, Runnable onFull) {
            this.target = target;
            this.budget = budget;
            this.onFull = onFull;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            long left = budget.getAndAdd(-len);
            if (left <= 0) {
                return;
            }
            int n = (int) Math.min(len, left);
            for (int i = off; i < off + n; i++) {
                line.write(b[i]);
                if (b[i] == '\n') {
                    flush();
                }
            }
            if (n < len && !full) {
                full = true;
                flush();
                if (onFull != null) {
                    onFull.run();
                }
            }
        }

        @Override
        public synchronized void flush() {
            if (line.size() > 0) {
                target.print(TerminalText.sanitizeLines(line.toString(StandardCharsets.UTF_8)));
                line.reset();
            }
            target.flush();
        }
    }
}
