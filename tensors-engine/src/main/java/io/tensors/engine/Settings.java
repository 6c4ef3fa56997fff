package io.tensors.engine;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import io.tensors.engine.config.OriginalConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where the catalog, the configuration and CivitAI are, read once from the environment:
 * --db, else TSR_DB, else the XDG data directory; the config under XDG_CONFIG_HOME; CIVITAI_API_KEY over the config file.
 * The network settings (TSR_CIVITAI_URL, TSR_HTTP_TIMEOUT_SECONDS, TSR_HTTP_RETRY_SECONDS) are kept
 * as given and checked only when a model source needs them, so a mistyped value does not break the
 * offline commands (list, stats, info, ...).
 */
public final class Settings {
    /** The config file's property holding the CivitAI API key. */
    public static final String API_KEY_PROPERTY = "civitai.api_key";

    private final Path catalog;
    private final Path configDir;
    private final String rawCivitaiUrl;
    private final String envApiKey;
    private final String rawTimeout;
    private final String rawRetry;
    private final String rawPluginWait;
    private final String envLibrary;

    private Settings(Path catalog, Path configDir, Map<String, String> env) {
        this.catalog = catalog;
        this.configDir = configDir;
        this.rawCivitaiUrl = nonBlank(env.get("TSR_CIVITAI_URL")) ? env.get("TSR_CIVITAI_URL").strip() : "https://civitai.com";
        this.envApiKey = nonBlank(env.get("CIVITAI_API_KEY")) ? env.get("CIVITAI_API_KEY").strip() : null;
        this.rawTimeout = env.get("TSR_HTTP_TIMEOUT_SECONDS");
        this.rawRetry = env.get("TSR_HTTP_RETRY_SECONDS");
        this.rawPluginWait = env.get("TSR_PLUGIN_WAIT_SECONDS");
        this.envLibrary = nonBlank(env.get("TSR_LIBRARY")) ? env.get("TSR_LIBRARY").strip() : null;
    }

    /** Reads the settings from environment variables, the catalog path given explicitly (or null). */
    public static Settings fromEnvironment(Map<String, String> env, Path explicitCatalog) {
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path data = nonBlank(env.get("XDG_DATA_HOME")) ? Path.of(env.get("XDG_DATA_HOME")) : home.resolve(".local/share");
        Path config = nonBlank(env.get("XDG_CONFIG_HOME")) ? Path.of(env.get("XDG_CONFIG_HOME")) : home.resolve(".config");
        Path catalog = explicitCatalog != null ? explicitCatalog
                : nonBlank(env.get("TSR_DB")) ? Path.of(env.get("TSR_DB")) : data.resolve("tensors/models.db");
        return new Settings(catalog, config.resolve("tensors"), env);
    }

    /** @return the catalog file */
    public Path catalog() {
        return catalog;
    }

    /** @return $XDG_CONFIG_HOME/tensors */
    public Path configDir() {
        return configDir;
    }

    /** @return TSR_LIBRARY (the downloads' library root), or null */
    public String envLibrary() {
        return envLibrary;
    }

    /** @return CIVITAI_API_KEY, or null */
    public String envApiKey() {
        return envApiKey;
    }

    /**
     * @return TSR_CIVITAI_URL without a trailing slash, default https://civitai.com
     * @throws TensorsException BAD_INPUT when it is not a URL
     */
    public URI civitaiUrl() {
        try {
            URI url = URI.create(rawCivitaiUrl.endsWith("/") ? rawCivitaiUrl.substring(0, rawCivitaiUrl.length() - 1) : rawCivitaiUrl);
            if (url.getScheme() == null || url.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "TSR_CIVITAI_URL '" + rawCivitaiUrl + "' is not a URL like https://civitai.com");
        }
    }

    /**
     * @return one HTTP request's limit (TSR_HTTP_TIMEOUT_SECONDS, default 30)
     * @throws TensorsException BAD_INPUT when it is not a number of seconds
     */
    public Duration requestTimeout() {
        return seconds("TSR_HTTP_TIMEOUT_SECONDS", rawTimeout, 30);
    }

    /**
     * @return total retry time of one request (TSR_HTTP_RETRY_SECONDS, default 60)
     * @throws TensorsException BAD_INPUT when it is not a number of seconds
     */
    public Duration retryBudget() {
        return seconds("TSR_HTTP_RETRY_SECONDS", rawRetry, 60);
    }

    /**
     * @return how long a scan's read may wait on one plugin call before the scan names the file and
     *     the plugin (TSR_PLUGIN_WAIT_SECONDS, default 5)
     * @throws TensorsException BAD_INPUT when it is not a number of seconds
     */
    public Duration pluginWait() {
        return seconds("TSR_PLUGIN_WAIT_SECONDS", rawPluginWait, io.tensors.engine.scan.Scanner.PLUGIN_WAIT.toSeconds());
    }

    private static Duration seconds(String name, String raw, long fallback) {
        if (!nonBlank(raw)) {
            return Duration.ofSeconds(fallback);
        }
        try {
            double value = Double.parseDouble(raw.strip());
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis((long) (value * 1000));
        } catch (NumberFormatException e) {
            throw new TensorsException(ErrorCode.BAD_INPUT, name + " '" + raw + "' is not a number of seconds");
        }
    }

    /**
     * @return CIVITAI_API_KEY, else {@value #API_KEY_PROPERTY} from config.properties, else the original tsr's
     *     {@code [api] civitai_key} in config.toml, else null
     * @throws TensorsException UNUSABLE_STATE when the config file can be read by other users
     */
    public String apiKey() {
        if (envApiKey != null) {
            return envApiKey;
        }
        Path file = configDir.resolve("config.properties");
        if (!Files.isRegularFile(file)) {
            return originalConfig().apiKey();
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                throw new TensorsException(ErrorCode.UNUSABLE_STATE, file + " can be read by other users and may hold your"
                        + " CivitAI API key: run 'chmod 600 " + file + "'");
            }
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            String key = properties.getProperty(API_KEY_PROPERTY);
            return nonBlank(key) ? key.strip() : originalConfig().apiKey();
        } catch (UnsupportedOperationException e) {
            return null; // no POSIX permissions on this file system: nothing to check, nothing read
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.UNUSABLE_STATE, file + " cannot be read: " + e.getMessage());
        }
    }

    /** @return the original Python tsr's config.toml beside tsr's own config (its key and download folders) */
    public OriginalConfig originalConfig() {
        return new OriginalConfig(configDir.resolve("config.toml"));
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** Keeps the key out of logs. */
    @Override
    public String toString() {
        return "Settings[catalog=" + catalog + ", configDir=" + configDir + ", civitaiUrl=" + rawCivitaiUrl + ", apiKey="
                + (envApiKey == null ? "none" : "***") + "]";
    }
}
