package io.tensors.shell;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar on a terminal (stderr): files, bytes, MB/s and ETA, redrawn 10 times a
 * second at most; while a file waits on a plugin call, that wait instead.
 */
final class Progress {
    private static final long REDRAW_NANOS = 100_000_000L;
    /** Columns a line may take: wider would wrap, and each redraw would leave a line behind. */
    private static final int COLUMNS = 79;

    private final PrintWriter err;
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong filesDone = new AtomicLong();
    private volatile long totalFiles;
    private volatile long totalBytes;
    private volatile long started;
    private volatile String unit;
    private long lastDraw;
    private boolean drawn;
    /** File to its wait line, guarded by {@code err}. */
    private final Map<String, String> waits = new LinkedHashMap<>();

    Progress(PrintWriter err) {
        this.err = err;
    }

    void start(long files, long bytes) {
        totalFiles = files;
        totalBytes = bytes;
        started = System.nanoTime();
    }

    /** Counts items instead of bytes (link, cache). */
    void startItems(long total, String unit) {
        this.unit = unit;
        start(total, 0);
    }

    void items(long done) {
        filesDone.set(done);
        maybeDraw();
    }

    void bytes(long n) {
        bytesDone.addAndGet(n);
        maybeDraw();
    }

    void fileDone() {
        filesDone.incrementAndGet();
        maybeDraw();
    }

    /** A file has been waiting {@code seconds} on {@code call} (a plugin's): the line says so until {@link #waitOver}. */
    void waiting(String path, String call, long seconds) {
        synchronized (err) {
            // the file's name only: the line has room for little more
            String name = path.substring(path.lastIndexOf('/') + 1);
            waits.put(path, "waiting " + seconds + " s on " + Text.sanitize(call) + ", for " + Text.sanitize(name));
            draw(System.nanoTime());
        }
    }

    void waitOver(String path) {
        synchronized (err) {
            if (waits.remove(path) != null) {
                clearLine();
                draw(System.nanoTime());
            }
        }
    }

    private void maybeDraw() {
        long now = System.nanoTime();
        synchronized (err) {
            if (now - lastDraw < REDRAW_NANOS) {
                return;
            }
            draw(now);
        }
    }

    private void draw(long now) {
        synchronized (err) {
            lastDraw = now;
            if (!waits.isEmpty()) {
                String line = waits.values().iterator().next();
                String more = waits.size() > 1 ? " (+" + (waits.size() - 1) + " more)" : "";
                line = line.length() + more.length() > COLUMNS ? line.substring(0, Math.max(0, COLUMNS - more.length())) : line;
                err.print("\r\033[K" + line + more);
                err.flush();
                drawn = true;
                return;
            }
            if (unit != null) {
                long done = filesDone.get();
                int width = 24;
                int filled = totalFiles == 0 ? width : (int) (done * width / totalFiles);
                err.print(String.format(Locale.ROOT, "\r[%s%s] %d/%d %s ", "#".repeat(filled), ".".repeat(width - filled),
                        done, totalFiles, unit));
                err.flush();
                drawn = true;
                return;
            }
            long bytes = bytesDone.get();
            double seconds = Math.max(1e-9, (now - started) / 1e9);
            double rate = bytes / 1e6 / seconds;
            double fraction = totalBytes == 0 ? 1 : (double) bytes / totalBytes;
            int width = 24;
            int filled = (int) Math.round(fraction * width);
            String eta = rate > 0 ? String.format(Locale.ROOT, "%.0f s", (totalBytes - bytes) / 1e6 / rate) : "?";
            err.print(String.format(Locale.ROOT, "\r[%s%s] %d/%d files  %s/%s  %.0f MB/s  ETA %s ",
                    "#".repeat(filled), ".".repeat(width - filled), filesDone.get(), totalFiles,
                    Text.bytes(bytes), Text.bytes(totalBytes), rate, eta));
            err.flush();
            drawn = true;
        }
    }

    /** Clears the bar so a message line can be printed cleanly. Call while holding the err lock. */
    void clearLine() {
        if (drawn) {
            err.print("\r\033[K");
            drawn = false;
        }
    }

    void finish() {
        synchronized (err) {
            clearLine();
            err.flush();
        }
    }
}
