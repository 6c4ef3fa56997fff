package io.tensors.shell;

import io.tensors.api.DownloadRequest;
import io.tensors.api.DownloadSummary;
import io.tensors.api.DownloadedFile;
import io.tensors.api.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tsr dl}: download model files from CivitAI, resumable and verified, straight into the catalog. */
@Command(name = "dl",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr dl 62833 --to ~/ComfyUI/models", "  tsr dl --model 58390 --fp fp16", "  tsr dl --hash 2D3B29DBD627 --parallel 2"},
        description = {"Download model files from CivitAI into the library (one folder per kind), resuming a .part left by an"
                + " earlier run, hashing while the bytes arrive, verifying CivitAI's SHA256, then cataloging and linking"
                + " each file without reading it again."})
final class DlCommand implements Callable<Integer> {
    // no mixinStandardHelpOptions: its --version would take the name of the option that picks a version
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "VERSION_ID", arity = "0..*", description = "CivitAI version ids.")
    List<Long> versionIds = new ArrayList<>();

    @Option(names = "--model", paramLabel = "MODEL_ID",
            description = "A model's version: the latest for the base model of its files on disk, else the latest.")
    Long modelId;

    @Option(names = "--version", paramLabel = "VERSION_ID", description = "With --model: this version of it.")
    Long version;

    @Option(names = "--hash", paramLabel = "HASH", description = "The version whose file has this hash (SHA256, AutoV2, AutoV3...).")
    String hash;

    @Option(names = "--file", paramLabel = "FILE_ID", description = "This file of the version (default: its primary file).")
    Long fileId;

    @Option(names = "--all-files", description = "Every file of the version.")
    boolean allFiles;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Only files of this format: safetensors, pickletensor, gguf, ...")
    String format;

    @Option(names = "--fp", paramLabel = "PRECISION", description = "Only files of this precision: fp16, bf16, fp32, fp8, ...")
    String fp;

    @Option(names = "--to", paramLabel = "DIR",
            description = "Library root (default: $TSR_LIBRARY, else library.root in config.properties).")
    Path to;

    @Option(names = "--overwrite", description = "Replace a file of the same name.")
    boolean overwrite;

    @Option(names = "--parallel", paramLabel = "N", description = "Files at once (default: ${DEFAULT-VALUE}).")
    int parallel = 2;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (version != null) {
            if (modelId == null) {
                throw new ParameterException(spec.commandLine(), "--version goes with --model; a version alone is 'tsr dl VERSION_ID'");
            }
            versionIds.add(version);
            modelId = null; // the version names the model's file already
        }
        if (versionIds.isEmpty() && modelId == null && hash == null) {
            throw new ParameterException(spec.commandLine(), "name what to download: VERSION_ID, --model MODEL_ID or --hash HASH");
        }
        if (fileId != null && allFiles) {
            throw new ParameterException(spec.commandLine(), "--file and --all-files exclude each other");
        }
        return run(Commands.root(spec), json.on, new DownloadRequest(versionIds, modelId, hash, fileId, allFiles, format, fp, to,
                overwrite, checkedParallel(spec, parallel), false));
    }

    static int checkedParallel(CommandSpec spec, int parallel) {
        if (parallel < 1 || parallel > 16) {
            throw new ParameterException(spec.commandLine(), "--parallel must be between 1 and 16, not " + parallel);
        }
        return parallel;
    }

    /** Downloads and prints the summary; shared with {@code db outdated --download}. */
    static int run(TsrCommand tsr, boolean json, DownloadRequest request) {
        Environment env = tsr.environment();
        DownloadProgress progress = new DownloadProgress(env, !json);
        DownloadSummary summary;
        try {
            summary = tsr.catalog().download(request, progress);
        } finally {
            progress.finish();
        }
        if (json) {
            Commands.printSummary(env, true, summary, null);
        } else {
            for (DownloadedFile f : summary.files()) {
                String line = switch (f.status()) {
                    case "downloaded" -> "downloaded " + f.path() + " (" + Text.bytes(f.size())
                            + (f.resumedFrom() > 0 ? ", resumed at " + Text.bytes(f.resumedFrom()) : "") + ")"
                            + (f.reason() == null ? "" : "; " + f.reason());
                    default -> f.status() + " " + f.path() + ": " + f.reason();
                };
                (f.status().equals("failed") ? env.err() : env.out()).println(f.status().equals("failed")
                        ? "tsr: " + Text.sanitize(f.reason()) : Text.sanitize(line));
            }
            double seconds = summary.elapsedNanos() / 1e9;
            env.out().println(String.format(Locale.ROOT, "%s: %d downloaded, %d failed; %s in %.1f s (%.1f MB/s)",
                    Text.count(summary.files().size(), "file"), summary.downloaded(), summary.failed(),
                    Text.bytes(summary.bytes()), seconds, seconds > 0 ? summary.bytes() / 1e6 / seconds : 0));
            env.out().flush();
            env.err().flush();
        }
        return summary.failed() > 0 ? ErrorCode.FAILED.exitCode() : 0;
    }
}
