package io.tensors.shell;

import io.tensors.api.ErrorCode;
import io.tensors.api.LinkRequest;
import io.tensors.api.LinkSummary;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tsr db link}: link unlinked files to CivitAI versions by hash and cache their models. */
@Command(name = "link",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db link", "  tsr db link --offline", "  tsr db link --json"}, mixinStandardHelpOptions = true,
        description = "Link each unlinked file to its CivitAI model and version by hash (local cache, sidecar files, then CivitAI), caching each model.")
final class LinkCommand implements Callable<Integer> {
    @Option(names = "--offline", description = "Use the local cache and sidecar files only; no network.")
    boolean offline;

    @Option(names = "--retry-missing", description = "Ask CivitAI again about files it recently did not know.")
    boolean retryMissing;

    @Option(names = "--miss-ttl-days", paramLabel = "DAYS", description = "How long a CivitAI 'not found' is remembered (default: ${DEFAULT-VALUE}).")
    int missTtlDays = 7;

    @Mixin
    JsonOption json;

    @Mixin
    ApiKeyOption apiKey;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TsrCommand tsr = Commands.root(spec);
        Environment env = tsr.environment();
        LinkRequest request = new LinkRequest(offline, retryMissing, Duration.ofDays(Math.max(0, missTtlDays)));
        LinkSummary summary = Commands.withProgress(env, !json.on,
                progress -> tsr.catalog(apiKey.key(env)).link(request, Commands.listener(env, progress, "files")));
        Commands.printSummary(env, json.on, summary, String.format(Locale.ROOT,
                "%s to link: %d linked, %d not found, %d ambiguous, %d failed; %d already linked; %s cached, %d failed",
                Text.count(summary.candidates(), "file"), summary.linked(), summary.notFound(), summary.ambiguous(), summary.failed(),
                summary.alreadyLinked(), Text.count(summary.modelsCached(), "model"), summary.modelsFailed()));
        return summary.failed() > 0 || summary.modelsFailed() > 0 ? ErrorCode.FAILED.exitCode() : 0;
    }
}
