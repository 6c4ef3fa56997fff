package io.tensors.shell;

import io.tensors.api.ImagePrompt;
import io.tensors.api.ImageResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tsr db prompts MODEL_ID}: generation parameters of a cached model's example images. Its
 * {@code --version} picks a model version, so it declares --help itself instead of picocli's
 * standard help options, whose {@code --version} would take the name.
 */
@Command(name = "prompts",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db prompts 4201", "  tsr db prompts 4201 --limit 3 --json"},
        description = "Print the prompt, negative prompt, sampler, cfg, steps, seed, size and resources of a cached model's example images.")
final class PromptsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL_ID", description = "A CivitAI model id cached with 'tsr db cache'.")
    long modelId;

    @Option(names = "--version", paramLabel = "V", description = "Only this CivitAI version of the model.")
    Long versionId;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N images (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TsrCommand tsr = Commands.root(spec);
        List<ImagePrompt> prompts = tsr.catalog().prompts(modelId, versionId, Commands.limit(spec, limit));
        output.print(tsr, () -> Output.records("example image prompts", ImagePrompt.class, prompts), null, out -> {
            if (prompts.isEmpty()) {
                out.println("No cached example image of model " + modelId + (versionId == null ? "" : " version " + versionId)
                        + " carries generation parameters.");
                return;
            }
            for (ImagePrompt p : prompts) {
                out.println(Text.sanitize(p.versionName()) + " (" + p.versionId() + ")  " + Text.sanitize(p.imageUrl()));
                line(out, "prompt", p.prompt());
                line(out, "negative", p.negativePrompt());
                List<String> settings = new ArrayList<>();
                add(settings, "sampler", p.sampler());
                add(settings, "cfg", p.cfgScale() == null ? null : String.format(Locale.ROOT, "%s", p.cfgScale()));
                add(settings, "steps", p.steps());
                add(settings, "seed", p.seed());
                add(settings, "size", p.size());
                if (!settings.isEmpty()) {
                    out.println("  " + String.join("  ", settings));
                }
                if (!p.resources().isEmpty()) {
                    List<String> rs = new ArrayList<>();
                    for (ImageResource r : p.resources()) {
                        List<String> parts = new ArrayList<>();
                        add(parts, null, r.type());
                        add(parts, null, r.weight());
                        add(parts, null, r.hash());
                        rs.add(Text.sanitize(r.name() == null ? "?" : r.name()) + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")"));
                    }
                    out.println("  resources: " + String.join("; ", rs));
                }
                out.println();
            }
            out.println(Text.count(prompts.size(), "image"));
        });
        return 0;
    }

    private static void line(java.io.PrintWriter out, String label, String value) {
        if (value != null && !value.isBlank()) {
            out.println("  " + label + ": " + Text.sanitize(value));
        }
    }

    private static void add(List<String> parts, String label, Object value) {
        if (value != null) {
            parts.add((label == null ? "" : label + ": ") + Text.sanitize(value.toString()));
        }
    }
}
