package io.tensors.shell;

import io.tensors.shell.render.Cells;
import io.tensors.shell.render.Ellipsis;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on a terminal (stderr), redrawn whole (cleared to the end of the line,
 * so nothing of a longer earlier line is left) 10 times a second at most: files done of total,
 * bytes, MB/s, ETA and the file being read (the largest of those in flight); for link and cache,
 * items done of total. While a file waits on a plugin call, that wait instead. The line never
 * takes more cells than the terminal has, since a wrapped line would leave one behind per redraw.
 */
final class Progress {
    private static final long REDRAW_NANOS = 100_000_000L;
    /** Cells of the bar itself: fewer on a narrow terminal, where the file's name needs them. */
    private final int bar;

    private final PrintWriter err;
    /** Cells a line may take: one less than the terminal's width, so the cursor never wraps. */
    private final int columns;
    private final LongSupplier clock;
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong filesDone = new AtomicLong();
    /** The files being read now, with their sizes. */
    private final Map<String, Long> inFlight = new ConcurrentHashMap<>();
    private volatile long totalFiles;
    private volatile long totalBytes;
    private volatile long started;
    private volatile String unit;
    private long lastDraw = Long.MIN_VALUE;
    private boolean drawn;
    /** File to its wait line, guarded by {@code err}. */
    private final Map<String, String> waits = new LinkedHashMap<>();

    Progress(PrintWriter err, int terminalColumns) {
        this(err, terminalColumns, System::nanoTime);
    }

    Progress(PrintWriter err, int terminalColumns, LongSupplier clock) {
        this.err = err;
        this.columns = Math.max(20, (terminalColumns > 0 ? terminalColumns : 80) - 1);
        this.bar = columns >= 119 ? 20 : 10;
        this.clock = clock;
    }

    void start(long files, long bytes) {
        totalFiles = files;
        totalBytes = bytes;
        started = clock.getAsLong();
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

    void fileStarted(String path, long size) {
        inFlight.put(path, size);
        maybeDraw();
    }

    void fileDone(String path) {
        if (path != null) {
            inFlight.remove(path);
        }
        filesDone.incrementAndGet();
        maybeDraw();
    }

    /** A file has been waiting {@code seconds} on {@code call} (a plugin's): the line says so until {@link #waitOver}. */
    void waiting(String path, String call, long seconds) {
        synchronized (err) {
            waits.put(path, "waiting " + seconds + " s on " + Text.sanitize(call) + ", for " + Text.sanitize(name(path)));
            draw(clock.getAsLong());
        }
    }

    void waitOver(String path) {
        synchronized (err) {
            if (waits.remove(path) != null) {
                draw(clock.getAsLong());
            }
        }
    }

    private void maybeDraw() {
        long now = clock.getAsLong();
        synchronized (err) {
            if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
                return;
            }
            draw(now);
        }
    }

    private void draw(long now) {
        synchronized (err) {
            lastDraw = now;
            err.print("\r" + line(now) + "\033[K");
            err.flush();
            drawn = true;
        }
    }

    /** @return the line as drawn now, at most {@link #columns} cells */
    String line(long now) {
        if (!waits.isEmpty()) {
            String more = waits.size() > 1 ? " (+" + (waits.size() - 1) + " more)" : "";
            String first = waits.values().iterator().next();
            return Cells.cut(first, columns - Cells.width(more), Ellipsis.END) + more;
        }
        long done = filesDone.get();
        if (unit != null) {
            String counts = String.format(Locale.ROOT, " %d/%d %s", done, totalFiles, unit);
            return fit(bar(totalFiles == 0 ? 1 : (double) done / totalFiles), counts, "");
        }
        long bytes = bytesDone.get();
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        double rate = bytes / 1e6 / seconds;
        String eta = bytes > 0 && rate > 0 ? " ETA " + duration((totalBytes - bytes) / 1e6 / rate) : "";
        String counts = String.format(Locale.ROOT, " %d/%d files  %s/%s  %.0f MB/s%s", done, totalFiles,
                Text.bytes(bytes), Text.bytes(totalBytes), rate, eta);
        return fit(bar(totalBytes == 0 ? 1 : (double) bytes / totalBytes), counts, current());
    }

    /** The bar, the counts, then the current file's name in what room is left; the bar goes first when the terminal is narrow. */
    private String fit(String bar, String counts, String name) {
        String line = bar + counts;
        if (Cells.width(line) > columns) {
            line = counts.strip();
        }
        if (Cells.width(line) > columns) {
            return Cells.cut(line, columns, Ellipsis.END);
        }
        int room = columns - Cells.width(line) - 2;
        if (!name.isEmpty() && room >= 8) {
            line += "  " + Cells.cut(name, room, Ellipsis.MIDDLE);
        }
        return line;
    }

    private String bar(double fraction) {
        int filled = (int) Math.round(Math.min(1, Math.max(0, fraction)) * bar);
        return "[" + "#".repeat(filled) + ".".repeat(bar - filled) + "]";
    }

    /** @return the name of the largest file being read, or "" when none is */
    private String current() {
        String largest = null;
        long size = -1;
        for (Map.Entry<String, Long> e : inFlight.entrySet()) {
            if (e.getValue() > size) {
                largest = e.getKey();
                size = e.getValue();
            }
        }
        return largest == null ? "" : Text.sanitize(name(largest));
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** @return "45 s", "3 min 20 s", "2 h 5 min": what a person reads at a glance */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
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
