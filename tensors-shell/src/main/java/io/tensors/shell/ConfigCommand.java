package io.tensors.shell;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import io.tensors.engine.Settings;
import io.tensors.engine.config.OriginalConfig;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tsr config}: the original tsr's config.toml, read and written as it does; the key is never shown. */
@Command(name = "config",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr config --show", "  tsr config --set-key", "  tsr config --set-path loras=~/ComfyUI/models/loras"}, mixinStandardHelpOptions = true,
        description = {"Show or change the original tsr's config ($XDG_CONFIG_HOME/tensors/config.toml): the CivitAI API key"
                + " ([api] civitai_key) and the download folders ([paths]).",
            "tsr reads them when CIVITAI_API_KEY and its own config.properties do not give a key; the key is never printed."})
final class ConfigCommand implements Callable<Integer> {
    @Option(names = "--show", description = "Show the config (the default).")
    boolean show;

    @Option(names = "--set-key", arity = "0..1", fallbackValue = "", paramLabel = "KEY",
            description = "Save the CivitAI API key: alone it is asked for (not echoed) or read from standard input; a KEY written here stays in your shell history.")
    String setKey;

    @Option(names = "--set-path", paramLabel = "TYPE=PATH",
            description = "Save a download folder; TYPE is one of checkpoints, loras, embeddings, vae, controlnet, upscalers, other.")
    String setPath;

    /** Reads the key as --api-key does; its own options are not offered here. */
    final ApiKeyOption keyInput = new ApiKeyOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TsrCommand tsr = Commands.root(spec);
        Environment env = tsr.environment();
        Settings settings = Settings.fromEnvironment(env.env(), null);
        OriginalConfig config = settings.originalConfig();
        if (setKey != null) {
            keyInput.apiKey = setKey.isEmpty() ? "\u0000ask" : setKey;
            config.set("api", "civitai_key", keyInput.key(env, "--set-key"));
            env.out().println("API key saved to " + config.file() + " (readable by you only)");
        }
        if (setPath != null) {
            int eq = setPath.indexOf('=');
            String type = eq < 0 ? "" : setPath.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String path = eq < 0 ? "" : setPath.substring(eq + 1).strip();
            if (eq < 0 || path.isEmpty()) {
                throw new TensorsException(ErrorCode.BAD_INPUT, "--set-path '" + setPath + "': use TYPE=PATH, e.g. checkpoints=/opt/models/checkpoints");
            }
            if (!OriginalConfig.PATH_TYPES.contains(type)) {
                throw new TensorsException(ErrorCode.BAD_INPUT, "--set-path: '" + type + "' is not a type; use one of "
                        + String.join(", ", OriginalConfig.PATH_TYPES));
            }
            config.set("paths", type, path);
            env.out().println("path for " + type + " set to " + path);
        }
        if (show || setKey == null && setPath == null) {
            env.out().println("config file: " + config.file() + (config.exists() ? "" : " (not there yet)"));
            String where;
            try {
                where = settings.envApiKey() != null ? "set (CIVITAI_API_KEY)"
                        : settings.apiKey() != null ? "set (config file)" : "not set";
            } catch (TensorsException e) {
                where = "refused: " + e.getMessage();
            }
            env.out().println("API key: " + where);
            Map<String, String> paths = config.paths();
            env.out().println("paths:" + (paths.isEmpty() ? " none set" : ""));
            paths.forEach((type, path) -> env.out().println("  " + type + ": " + path));
        }
        env.out().flush();
        return 0;
    }
}
