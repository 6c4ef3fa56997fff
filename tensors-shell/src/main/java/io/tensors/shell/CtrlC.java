package io.tensors.shell;

import io.tensors.api.ErrorCode;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * Ctrl-C in a plain command, as in the shell: the first one interrupts the command, which stops at
 * its next safe point and says what it kept (a scan: "what was committed is kept"); if it has not
 * ended within {@link #GRACE_MILLIS}, or on a second Ctrl-C, tsr ends at once with the same kind of
 * line. Without this, the JVM's default would end the process silently. The shell installs JLine's
 * own handler while it reads lines.
 */
final class CtrlC {
    static final String LINE = "tsr: interrupted; what was committed is kept";
    static final long GRACE_MILLIS = 3_000;
    private static final AtomicInteger PRESSED = new AtomicInteger();

    private CtrlC() {}

    /** Handles SIGINT for the command running on {@code worker}; does nothing where SIGINT is ignored (a background job). */
    static void install(Thread worker, PrintWriter err) {
        try {
            Signal.handle(new Signal("INT"), signal -> pressed(worker, err));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // SIGINT ignored by the parent, or used by the VM (-Xrs): the default stays
        }
    }

    /** @return whether Ctrl-C was pressed since the process started */
    static boolean pressed() {
        return PRESSED.get() > 0;
    }

    private static void pressed(Thread worker, PrintWriter err) {
        if (PRESSED.incrementAndGet() > 1) {
            end(err);
        }
        worker.interrupt();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            end(err);
        }, "tsr-ctrl-c");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** The command did not stop in time: a transaction in progress is rolled back by SQLite, the rest is on disk. */
    private static void end(PrintWriter err) {
        synchronized (err) {
            err.print("\r\033[K");
            err.println(LINE);
            err.flush();
        }
        Runtime.getRuntime().halt(ErrorCode.INTERRUPTED.exitCode());
    }
}
