package io.tensors.shell;

import io.tensors.api.ErrorCode;
import io.tensors.api.CacheSummary;
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

/** {@code tsr db cache MODEL_ID...}: fetch whole models and store them for offline questions. */
@Command(name = "cache",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db cache 4201", "  tsr db cache 4201 58390 --json"}, mixinStandardHelpOptions = true,
        description = "Fetch CivitAI models with all their versions, files, hashes, trigger words and example images, and store them.")
final class CacheCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "MODEL_ID", description = "CivitAI model ids.")
    List<Long> modelIds;

    @Option(names = "--offline", description = "Refused: caching needs the network.")
    boolean offline;

    @Mixin
    JsonOption json;

    @Mixin
    ApiKeyOption apiKey;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TsrCommand tsr = Commands.root(spec);
        for (Long id : modelIds) {
            if (id <= 0) {
                throw new ParameterException(spec.commandLine(),
                        "model id " + id + " is not a CivitAI model id: give the positive number from the model's URL");
            }
        }
        Environment env = tsr.environment();
        CacheSummary summary = Commands.withProgress(env, !json.on && modelIds.size() > 1,
                progress -> tsr.catalog(apiKey.key(env)).cache(modelIds, offline, Commands.listener(env, progress, "models")));
        Commands.printSummary(env, json.on, summary, String.format(Locale.ROOT,
                "%s cached, %d gone from CivitAI (kept), %d failed", Text.count(summary.cached(), "model"), summary.gone(), summary.failed()));
        return summary.failed() + summary.gone() > 0 ? ErrorCode.FAILED.exitCode() : 0;
    }
}
