package io.tensors.shell;

import io.tensors.api.ErrorCode;
import io.tensors.api.ScanFailure;
import io.tensors.api.ScanListener;
import io.tensors.api.ScanRequest;
import io.tensors.api.ScanSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tsr db scan DIR...}. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db scan ~/ComfyUI/models", "  tsr db scan /models --prune", "  tsr db scan /models --hashes sha256,blake3 --threads 1"},
        description = {"Find model files under the folders (every ending a loaded format claims: *.safetensors, *.sft, *.gguf, *.ckpt, *.pt, *.pth, *.bin),",
            "read each new or changed one once for its header (by the format its content shows) and hashes, and store them in the catalog."})
final class ScanCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders (or files) to scan recursively.")
    List<Path> roots;

    @Option(names = "--hashes", split = ",", paramLabel = "H[,H...]",
            description = "Hashes to compute (default: SHA256,AutoV1,AutoV2,AutoV3,CRC32; also BLAKE3 and plugins').")
    List<String> hashes = new ArrayList<>();

    @Option(names = "--formats", split = ",", paramLabel = "F[,F...]",
            description = "Only files with the endings of these formats (ids as `tsr plugins` lists them: safetensors, gguf, pickle...).")
    List<String> formats = new ArrayList<>();

    @Option(names = "--prune", description = "Delete the rows of files that are gone, instead of marking them missing.")
    boolean prune;

    @Option(names = "--threads", paramLabel = "N", description = "Files hashed at once (default: one per processor).")
    int threads;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TsrCommand tsr = Commands.root(spec);
        Environment env = tsr.environment();
        if (threads < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--threads must be 0 (one per processor) or more, not " + threads);
        }
        ScanRequest request = new ScanRequest(roots, hashes, prune, threads, formats);
        Queue<DangerousFile> dangerous = new ConcurrentLinkedQueue<>();
        ScanSummary summary = Commands.withProgress(env, !json.on, progress -> tsr.catalog().scan(request, listener(env, progress, dangerous)));
        Commands.printSummary(env, json.on, json.on ? Json.withField(summary, "dangerous", List.copyOf(dangerous)) : summary, Text.count(summary.seen(), "file") + String.format(Locale.ROOT,
                ": %d new, %d changed, %d moved, %d unchanged, %d failed, %d %s; hashed %s in %s (%.0f MB/s)",
                summary.added(), summary.changed(), summary.moved(), summary.unchanged(),
                summary.failed(), prune ? summary.pruned() : summary.missing(), prune ? "pruned" : "missing",
                Text.bytes(summary.bytesHashed()),
                Text.seconds(summary.elapsedNanos()), summary.megabytesPerSecond())
                + (summary.originalReread() == 0 ? "" : String.format(Locale.ROOT,
                        "; from the original tsr: %d trusted, %d re-read (%d kept their SHA256 and link, %d changed)",
                        0, summary.originalReread(), summary.originalConfirmed(),
                        summary.originalReread() - summary.originalConfirmed())));
        return summary.failed() > 0 ? ErrorCode.FAILED.exitCode() : 0;
    }

    /** A file the scan found dangerous to load, in the --json output. */
    record DangerousFile(String path, List<String> reasons) {}

    /**
     * Draws bytes and files on the bar (when there is one) and prints each failed or skipped file on
     * one line; a file waiting on a plugin is told once on one line, then counted on the bar.
     */
    private static ScanListener listener(Environment env, Progress progress, Queue<DangerousFile> dangerous) {
        Set<String> toldWaiting = ConcurrentHashMap.newKeySet();
        return new ScanListener() {
            @Override
            public void hashingStarted(long files, long bytes) {
                if (progress != null) {
                    progress.start(files, bytes);
                }
            }

            @Override
            public void bytesHashed(long bytes) {
                if (progress != null) {
                    progress.bytes(bytes);
                }
            }

            @Override
            public void fileStarted(String path, long size) {
                if (progress != null) {
                    progress.fileStarted(path, size);
                }
            }

            @Override
            public void fileDone(String path) {
                if (progress != null) {
                    progress.fileDone(path);
                }
            }

            @Override
            public void fileFailed(ScanFailure failure) {
                Commands.problem(env, progress, failure.path() + ": " + failure.reason());
            }

            @Override
            public void skipped(ScanFailure skipped) {
                Commands.problem(env, progress, "skipped " + skipped.path() + ": " + skipped.reason());
            }

            @Override
            public void waiting(String path, String call, long seconds) {
                if (toldWaiting.add(path + '\n' + call)) {
                    Commands.problem(env, progress, "waiting " + seconds + " s on " + call + ", for " + path
                            + ": it has not returned; Ctrl-C stops the scan");
                }
                if (progress != null) {
                    progress.waiting(path, call, seconds); // the seconds go on counting on the bar
                }
            }

            @Override
            public void dangerous(String path, List<String> reasons) {
                dangerous.add(new DangerousFile(path, List.copyOf(reasons)));
                Commands.problem(env, progress, "warning: " + path + ": dangerous to load: " + String.join("; ", reasons));
            }

            @Override
            public void waitOver(String path) {
                if (progress != null) {
                    progress.waitOver(path);
                }
            }
        };
    }
}
