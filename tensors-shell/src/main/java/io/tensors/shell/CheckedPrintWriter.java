package io.tensors.shell;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * Standard output that remembers why a write failed. A PrintWriter swallows IOExceptions and keeps
 * only a flag ({@link #checkError()}); "cannot write the output: disk full" needs the reason too.
 */
final class CheckedPrintWriter extends PrintWriter {
    private final Recorder recorder;

    /** @param out the stream to write, encoded in the default charset (UTF-8), flushed at each line */
    CheckedPrintWriter(OutputStream out) {
        this(new Recorder(out));
    }

    private CheckedPrintWriter(Recorder recorder) {
        super(recorder, true);
        this.recorder = recorder;
    }

    /** @return the first write failure, or null while every write succeeded */
    IOException failure() {
        return recorder.failure;
    }

    private static final class Recorder extends FilterOutputStream {
        private volatile IOException failure;

        Recorder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        private IOException remember(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }
}
