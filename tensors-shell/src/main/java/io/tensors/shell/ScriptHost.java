package io.tensors.shell;

import io.tensors.api.Catalog;
import io.tensors.api.ErrorText;
import io.tensors.api.TerminalText;
import io.tensors.shell.render.Table;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs user JavaScript for {@code tsr run} and the shell: one GraalVM engine, created on first use
 * and shared by every context, each context sandboxed (SandboxPolicy.CONSTRAINED: no host classes,
 * files, network, processes, threads or environment) with {@code tsr} and {@code args} bound. A
 * watchdog stops a snippet at its time limit; {@link #interrupt()} stops it on Ctrl-C; output is
 * capped. Scripts run with the user's privileges on the catalog they can read: this makes a buggy
 * script safe, not a hostile one.
 */
final class ScriptHost implements AutoCloseable {
    static final long OUTPUT_CAP = 1 << 20;
    static final String SHELL_SOURCE = "<shell>";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    /**
     * Turns a result into "J" + JSON or "T" + text inside the context, before the context can go away. Made when the
     * context is, from the intrinsics as they were then, so no snippet's redefinitions change how results print. It
     * also gives BigInt a toJSON, so a script's JSON.stringify writes one as a string of its digits (exact in any JSON
     * reader) instead of throwing; here a BigInt becomes "\0n" + digits (and a string starting with \0 gets "\0s"),
     * which {@link #unmark} turns back into an exact number.
     */
    private static final String RENDER = """
            (() => {
              'use strict';
              const stringify = JSON.stringify, toText = String;
              let rendering = false;
              Object.defineProperty(BigInt.prototype, 'toJSON', {
                value: function toJSON() { return rendering ? this : toText(this); }, writable: true, configurable: true });
              const mark = (k, x) => typeof x === 'bigint' ? '\\u0000n' + x
                  : typeof x === 'string' && x.length > 0 && x[0] === '\\u0000' ? '\\u0000s' + x : x;
              return (v) => {
                if (v === undefined) return null;
                if (typeof v === 'string') return 'T' + v;
                if (typeof v === 'function' || typeof v === 'symbol') return 'T' + toText(v);
                rendering = true;
                try {
                  const j = stringify(v, mark);
                  if (j !== undefined) return 'J' + j;
                } catch (e) {
                  // a cycle, or a toJSON that throws: print it as text
                } finally {
                  rendering = false;
                }
                return 'T' + toText(v);
              };
            })()
            """;

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
            String rendered = print ? session.render.execute(value).asString() : null;
            if (rendered != null) {
                print(rendered);
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
                err.println("tsr: " + describe(e, source.getName()));
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

    private void print(String rendered) {
        if (rendered.startsWith("T")) {
            out.println(TerminalText.sanitizeLines(rendered.substring(1)));
            return;
        }
        JsonNode node = unmark(JSON.readTree(rendered.substring(1)));
        if (isTable(node)) {
            List<String> headers = new ArrayList<>();
            for (JsonNode row : node) {
                for (String key : row.propertyNames()) {
                    if (!headers.contains(key)) {
                        headers.add(key);
                    }
                }
            }
            List<List<String>> cells = new ArrayList<>();
            for (JsonNode row : node) {
                List<String> line = new ArrayList<>();
                for (String h : headers) {
                    JsonNode cell = row.get(h);
                    line.add(cell == null || cell.isNull() ? "" : cell.isValueNode() ? cell.asString() : cell.toString());
                }
                cells.add(line);
            }
            Table.print(out, headers, cells);
            out.println(node.size() + (node.size() == 1 ? " row" : " rows"));
        } else {
            out.println(TerminalText.sanitizeLines(JSON.writeValueAsString(node)));
        }
    }

    /** Undoes RENDER's marks: "\0n" + digits was a BigInt, "\0s" + text a string that began with \0. */
    private static JsonNode unmark(JsonNode node) {
        if (node.isString() && node.asString().startsWith("\0n")) {
            return JSON.getNodeFactory().numberNode(new BigInteger(node.asString().substring(2)));
        }
        if (node.isString() && node.asString().startsWith("\0s")) {
            return JSON.getNodeFactory().stringNode(node.asString().substring(2));
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, unmark(array.get(i)));
            }
        } else if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                object.set(name, unmark(object.get(name)));
            }
        }
        return node;
    }

    private static boolean isTable(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            return false;
        }
        for (JsonNode row : node) {
            if (!row.isObject() || row.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** @return "file:line:col: message" for a script error */
    static String describe(PolyglotException e, String sourceName) {
        SourceSection where = e.getSourceLocation();
        if (where == null) {
            for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
                if (frame.isGuestFrame() && frame.getSourceLocation() != null) {
                    where = frame.getSourceLocation();
                    break;
                }
            }
        }
        String message = e.isHostException() ? hostMessage(e.asHostException()) : e.getMessage();
        if (message != null && e.isSyntaxError()) {
            // "SyntaxError: file:1:4 Expected ...\n<source line>\n   ^": keep the sentence, the location comes first anyway
            message = message.lines().findFirst().orElse(message).replaceFirst("^(SyntaxError: )?\\S+:\\d+:\\d+ ", "SyntaxError: ");
        }
        message = unknownMember(message);
        if (message == null || message.isBlank()) {
            message = e.isHostException() ? e.asHostException().getClass().getSimpleName() : "error";
        }
        String location = where == null ? sourceName + ": " : where.getSource().getName() + ":" + where.getStartLine() + ":" + where.getStartColumn() + ": ";
        return Text.sanitize(location + message);
    }

    private static final java.util.regex.Pattern UNKNOWN_MEMBER = java.util.regex.Pattern.compile(
            "(?:TypeError: )?invokeMember \\(([^)]*)\\) on io\\.tensors\\.shell\\.TsrBinding@\\p{XDigit}+ failed due to: Unknown identifier: .*");

    /**
     * GraalJS names Java internals when a script calls a member {@code tsr} lacks
     * ({@code invokeMember (listFiles) on io.tensors.shell.TsrBinding@5630 failed ...}): say it in the
     * script's terms, with the members there are.
     */
    static String unknownMember(String message) {
        if (message == null) {
            return null;
        }
        java.util.regex.Matcher m = UNKNOWN_MEMBER.matcher(message.strip());
        if (m.matches()) {
            return "TypeError: tsr has no '" + m.group(1) + "': it has "
                    + String.join(", ", new java.util.TreeSet<>(TsrBinding.METHODS.keySet()));
        }
        return message.replaceAll("io\\.tensors\\.shell\\.TsrBinding@\\p{XDigit}+", "tsr");
    }

    private static String hostMessage(Throwable t) {
        if (t instanceof UnsupportedOperationException || t instanceof IllegalArgumentException || t instanceof io.tensors.api.TensorsException) {
            return t.getMessage();
        }
        return "internal error: " + ErrorText.describe(t);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private synchronized Engine engine() {
        if (engine == null) {
            engine = Engine.newBuilder("js")
                    .sandbox(SandboxPolicy.CONSTRAINED)
                    .out(OutputStream.nullOutputStream())
                    .err(new WriterStream(err, new AtomicLong(Long.MAX_VALUE), null))
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
        final AtomicLong budget = new AtomicLong(outputCap);
        final WriterStream stdout;
        final WriterStream stderr;
        final Context context;
        final Value render;
        volatile String stopReason;
        volatile boolean closed;

        Session(List<String> args) {
            stdout = new WriterStream(out, budget, this::outputFull);
            stderr = new WriterStream(err, budget, this::outputFull);
            context = sandbox(engine(), stdout, stderr).build();
            Value bindings = context.getBindings("js");
            bindings.putMember("tsr", new TsrBinding(catalog, context));
            bindings.putMember("args", context.eval("js", "JSON.parse").execute(JSON.writeValueAsString(List.copyOf(args))));
            render = context.eval("js", RENDER);
        }

        private void outputFull() {
            err.println();
            err.println("tsr: output cut at " + Text.bytes(outputCap) + "; script stopped");
            err.flush();
            Session self = this;
            watchdog().execute(() -> stop(self, "stopped: too much output"));
        }

        void resetOutput() {
            budget.set(outputCap);
            stdout.full = false;
            stderr.full = false;
        }

        void flush() {
            stdout.flush();
            stderr.flush();
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
