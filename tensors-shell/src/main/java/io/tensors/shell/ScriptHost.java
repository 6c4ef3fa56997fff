package io.tensors.shell;

import io.tensors.api.Catalog;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs user JavaScript for {@code tsr run} and the shell: one GraalVM engine, created on first use
 * and shared by every context, each context sandboxed (SandboxPolicy.CONSTRAINED: no host classes,
 * files, network, processes, threads or environment) with {@code tsr} and {@code args} bound. A
 * watchdog stops a snippet at its time limit; {@link #interrupt()} stops it on Ctrl-C; output is
 * capped ({@link OutputBudget}); errors print as one line ({@link ScriptErrors}), a snippet's value
 * through a {@link ResultPrinter}. Scripts run with the user's privileges on the catalog they can
 * read: this makes a buggy script safe, not a hostile one.
 */
final class ScriptHost implements AutoCloseable {
    static final long OUTPUT_CAP = 1 << 20;
    static final String SHELL_SOURCE = "<shell>";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Supplier<Catalog> catalog;
    private final PrintWriter out;
    private final PrintWriter err;
    private final long outputCap;
    private Engine engine;
    private ScheduledExecutorService watchdog;
    private Session shell;
    private volatile Session running;

    ScriptHost(Supplier<Catalog> catalog, PrintWriter out, PrintWriter err) {
        this(catalog, out, err, OUTPUT_CAP);
    }

    ScriptHost(Supplier<Catalog> catalog, PrintWriter out, PrintWriter err, long outputCap) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.outputCap = outputCap;
    }

    /**
     * Runs a script file in a fresh context; errors are printed as {@code file:line:col: message}.
     *
     * @return true when the script completed
     */
    boolean runFile(String name, String code, List<String> args, Duration timeout) {
        Session session = newSession(args);
        try {
            return evaluate(session, Source.newBuilder("js", code, name).buildLiteral(), timeout, false);
        } finally {
            session.close();
        }
    }

    /**
     * Evaluates a shell snippet in the shell's context (its variables persist between snippets) and
     * prints its value: arrays of objects as a table, other values as JSON or text.
     *
     * @return true when the snippet completed
     */
    boolean evalSnippet(String code, Duration timeout) {
        if (shell == null || shell.closed) {
            shell = newSession(List.of());
        }
        return evaluate(shell, Source.newBuilder("js", code, SHELL_SOURCE).buildLiteral(), timeout, true);
    }

    /** @return true while a script or snippet runs */
    boolean busy() {
        return running != null;
    }

    /** Stops the running script or snippet, if any, from another thread (Ctrl-C). */
    void interrupt() {
        Session session = running;
        if (session != null) {
            watchdog().execute(() -> stop(session, "interrupted"));
        }
    }

    private boolean evaluate(Session session, Source source, Duration timeout, boolean print) {
        session.stopReason = null;
        session.resetOutput();
        running = session;
        ScheduledFuture<?> dog = watchdog().schedule(
                () -> stop(session, "stopped: exceeded the time limit (" + seconds(timeout) + "); use --timeout SECONDS to allow more"),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            Value value = session.context.eval(source);
            if (print) {
                session.printer.print(value);
            }
            return true;
        } catch (PolyglotException e) {
            if (e.isCancelled() || e.isInterrupted() || session.stopReason != null) {
                String reason = session.stopReason == null ? "interrupted" : session.stopReason;
                if (e.isCancelled()) {
                    session.close();
                    if (session == shell) {
                        reason += " (JavaScript variables were reset)";
                    }
                }
                err.println("tsr: " + source.getName() + ": " + reason);
            } else {
                err.println("tsr: " + ScriptErrors.describe(e, source.getName()));
            }
            return false;
        } catch (IllegalStateException e) {
            err.println("tsr: " + source.getName() + ": " + e.getMessage());
            session.close();
            return false;
        } finally {
            dog.cancel(false);
            running = null;
            session.flush();
            out.flush();
            err.flush();
        }
    }

    /** Stops a session's evaluation: non-destructively if the script can be interrupted, else by closing its context. */
    private void stop(Session session, String reason) {
        if (running != session) {
            return;
        }
        session.stopReason = reason;
        catalog.get().cancelSql();
        try {
            session.context.interrupt(Duration.ofSeconds(2));
        } catch (TimeoutException | RuntimeException e) {
            session.cancel();
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private synchronized Engine engine() {
        if (engine == null) {
            engine = Engine.newBuilder("js")
                    .sandbox(SandboxPolicy.CONSTRAINED)
                    .out(OutputStream.nullOutputStream())
                    .err(OutputBudget.unlimited(err))
                    .option("engine.WarnInterpreterOnly", "false")
                    .build();
        }
        return engine;
    }

    private synchronized ScheduledExecutorService watchdog() {
        if (watchdog == null) {
            watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tsr-script-watchdog");
                t.setDaemon(true);
                return t;
            });
        }
        return watchdog;
    }

    /** The sandbox: a unit test builds it, so loosening any of it fails at build() under CONSTRAINED. */
    static Context.Builder sandbox(Engine engine, OutputStream out, OutputStream err) {
        return Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(out)
                .err(err)
                .in(InputStream.nullInputStream())
                .allowHostAccess(HostAccess.CONSTRAINED)
                .allowHostClassLookup(className -> false)
                .allowIO(IOAccess.NONE)
                .allowCreateProcess(false)
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE);
    }

    private Session newSession(List<String> args) {
        return new Session(args);
    }

    @Override
    public synchronized void close() {
        if (shell != null) {
            shell.close();
            shell = null;
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
            watchdog = null;
        }
        if (engine != null) {
            engine.close(true);
            engine = null;
        }
    }

    /** One context with its bindings and output. */
    private final class Session {
        final OutputBudget output;
        final Context context;
        final ResultPrinter printer;
        volatile String stopReason;
        volatile boolean closed;

        Session(List<String> args) {
            output = new OutputBudget(out, err, outputCap, this::outputFull);
            context = sandbox(engine(), output.stdout, output.stderr).build();
            Value bindings = context.getBindings("js");
            bindings.putMember("tsr", new TsrBinding(catalog, context));
            bindings.putMember("args", context.eval("js", "JSON.parse").execute(JSON.writeValueAsString(List.copyOf(args))));
            printer = new ResultPrinter(context, out);
        }

        private void outputFull() {
            err.println();
            err.println("tsr: output cut at " + Text.bytes(outputCap) + "; script stopped");
            err.flush();
            Session self = this;
            watchdog().execute(() -> stop(self, "stopped: too much output"));
        }

        void resetOutput() {
            output.reset();
        }

        void flush() {
            output.flush();
        }

        /** Cancels a script that does not respond to interrupt: the context is gone afterwards. */
        void cancel() {
            closed = true;
            try {
                context.close(true);
            } catch (RuntimeException ignored) {
                // closing a cancelled context throws the cancellation again
            }
        }

        void close() {
            flush();
            if (!closed) {
                closed = true;
                try {
                    context.close(true);
                } catch (RuntimeException ignored) {
                    // a context stopped by a limit throws again on close
                }
            }
        }
    }
}
