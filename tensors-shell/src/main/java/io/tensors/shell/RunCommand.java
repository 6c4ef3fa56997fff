package io.tensors.shell;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tsr run FILE.js [ARGS...]}: a user script against the catalog, in the JavaScript sandbox. */
@Command(name = "run",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr run report.js", "  tsr run report.js --timeout 120"}, mixinStandardHelpOptions = true,
        description = {"Run a JavaScript file against the catalog.",
            "The script sees 'tsr' (read-only catalog calls: tsr.files(), tsr.sql(query, ...params)...) and 'args';"
                + " it has no file, network, process or Java access. Only run scripts you trust."})
final class RunCommand implements Callable<Integer> {
    /** A script this large is a wrong path (a model file, /dev/zero), not a script. */
    static final int MAX_SCRIPT_BYTES = 4 << 20;

    @Parameters(index = "0", paramLabel = "FILE", description = "The script (.js).")
    Path file;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Passed to the script as 'args'.")
    List<String> args = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Stop the script after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeout;

    /** tsr's own options: after FILE they go to the script, which deserves a note. */
    private static final java.util.Set<String> TSR_OPTIONS = java.util.Set.of("--db", "--timeout", "-x", "--verbose");

    CommandSpec spec;

    /** Everything after FILE belongs to the script, options included. */
    @Spec
    void spec(CommandSpec spec) {
        this.spec = spec;
        spec.parser().stopAtPositional(true);
    }

    @Override
    public Integer call() {
        if (timeout <= 0) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "--timeout must be at least 1 second");
        }
        String code = read(file);
        for (String arg : args) {
            // the script gets them, as it should; but a user who meant tsr's option would not notice
            if (TSR_OPTIONS.contains(arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg)) {
                Commands.problem(Commands.root(spec).environment(), null, "note: '" + arg + "' comes after the script,"
                        + " so it is passed to the script; put tsr's options before FILE (tsr run --db X FILE)");
            }
        }
        boolean ok = Commands.root(spec).scripts().runFile(file.getFileName().toString(), code, args, Duration.ofSeconds(timeout));
        return ok ? 0 : ErrorCode.FAILED.exitCode();
    }

    /** The script's text: at most {@link #MAX_SCRIPT_BYTES} read, whatever the file is (a device never ends). */
    private static String read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_SCRIPT_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new TensorsException(ErrorCode.BAD_INPUT, file + ": no such file; check the path", e);
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.BAD_INPUT, file + ": cannot read: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_SCRIPT_BYTES) {
            throw new TensorsException(ErrorCode.BAD_INPUT, file + ": more than " + (MAX_SCRIPT_BYTES >> 20)
                    + " MiB; a script is at most that: check that this is the script you meant");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TensorsException(ErrorCode.BAD_INPUT, file + ": not UTF-8 text; a script must be saved as UTF-8", e);
        }
    }
}
