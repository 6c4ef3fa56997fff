package io.tensors.shell;

import io.tensors.api.DownloadListener;
import io.tensors.api.DownloadedFile;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The download's line on a terminal (stderr): each file being fetched with its share done, then the
 * bytes, MB/s and ETA of them all, redrawn 10 times a second at most; problems as lines of their own.
 */
final class DownloadProgress implements DownloadListener {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int COLUMNS = 79;

    private final Environment env;
    private final boolean draw;
    /** Name to {size, from, done}, guarded by {@code env.err()}. */
    private final Map<String, long[]> files = new LinkedHashMap<>();
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    DownloadProgress(Environment env, boolean draw) {
        this.env = env;
        this.draw = draw && env.interactive();
    }

    @Override
    public void started(String name, long size, long from) {
        synchronized (env.err()) {
            files.put(name, new long[] {size, from, from});
        }
    }

    @Override
    public void advanced(String name, long done) {
        synchronized (env.err()) {
            long[] f = files.get(name);
            if (f != null) {
                f[2] = done;
            }
            long now = System.nanoTime();
            if (draw && now - lastDraw >= REDRAW_NANOS) {
                lastDraw = now;
                drawLine(now);
            }
        }
    }

    @Override
    public void finished(DownloadedFile file) {
        synchronized (env.err()) {
            files.remove(java.nio.file.Path.of(file.path()).getFileName().toString()
                    .replaceAll("\\.(part|bad)$", ""));
            clear();
        }
    }

    @Override
    public void problem(String line) {
        synchronized (env.err()) {
            clear();
            env.err().println("tsr: " + Text.sanitize(line));
            env.err().flush();
        }
    }

    void finish() {
        synchronized (env.err()) {
            clear();
            env.err().flush();
        }
    }

    private void drawLine(long now) {
        long size = 0;
        long done = 0;
        long fresh = 0;
        StringBuilder each = new StringBuilder();
        for (Map.Entry<String, long[]> e : files.entrySet()) {
            long[] f = e.getValue();
            size += Math.max(0, f[0]);
            done += f[2];
            fresh += f[2] - f[1];
            String name = Text.sanitize(e.getKey());
            if (files.size() > 1 && name.length() > 18) {
                name = name.substring(0, 17) + "~";
            }
            each.append(each.isEmpty() ? "" : "  ").append(name).append(' ')
                    .append(f[0] > 0 ? f[2] * 100 / f[0] : 0).append('%');
        }
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        double rate = fresh / 1e6 / seconds;
        String eta = rate > 0 ? String.format(Locale.ROOT, "%.0f s", (size - done) / 1e6 / rate) : "?";
        String tail = String.format(Locale.ROOT, "  %s/%s  %.1f MB/s  ETA %s", Text.bytes(done), Text.bytes(size), rate, eta);
        String head = each.toString();
        if (head.length() + tail.length() > COLUMNS) {
            head = head.substring(0, Math.max(0, COLUMNS - tail.length() - 1)) + "~";
        }
        env.err().print("\r\033[K" + head + tail);
        env.err().flush();
        drawn = true;
    }

    private void clear() {
        if (drawn) {
            env.err().print("\r\033[K");
            drawn = false;
        }
    }
}
