package io.tensors.engine.download;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Which folder of the library a file goes to: one per kind, named as ComfyUI names its model folders
 * (A1111 reads the same names through its extra paths), each replaceable in the config file with
 * {@code library.folder.KIND=name}; the root is --to, else TSR_LIBRARY, else {@code library.root}.
 */
final class LibraryLayout {
    static final String ROOT_PROPERTY = "library.root";
    static final String FOLDER_PROPERTY = "library.folder.";
    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("checkpoint", "checkpoints"), Map.entry("lora", "loras"), Map.entry("locon", "loras"),
            Map.entry("dora", "loras"), Map.entry("textualinversion", "embeddings"), Map.entry("vae", "vae"),
            Map.entry("controlnet", "controlnet"), Map.entry("upscaler", "upscale_models"),
            Map.entry("unet", "diffusion_models"), Map.entry("textencoder", "text_encoders"),
            Map.entry("hypernetwork", "hypernetworks"), Map.entry("clipvision", "clip_vision"),
            Map.entry("motionmodule", "animatediff_models"));

    private final Path root;
    private final Map<String, String> folders;

    private LibraryLayout(Path root, Map<String, String> folders) {
        this.root = root;
        this.folders = folders;
    }

    /**
     * @throws TensorsException BAD_INPUT when no root is given anywhere, or a folder name is a path
     */
    static LibraryLayout load(Path to, String envLibrary, Path configDir) {
        Properties config = new Properties();
        Path file = configDir.resolve("config.properties");
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                config.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new TensorsException(ErrorCode.BAD_INPUT, file + " cannot be read; fix or remove it");
            }
        }
        String configured = config.getProperty(ROOT_PROPERTY);
        Path root = to != null ? to : envLibrary != null ? Path.of(envLibrary)
                : configured != null && !configured.isBlank() ? Path.of(configured.strip()) : null;
        if (root == null) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "no library folder to download into: give --to DIR, or set "
                    + "TSR_LIBRARY, or " + ROOT_PROPERTY + " in " + file);
        }
        Map<String, String> folders = new HashMap<>(DEFAULTS);
        for (String key : config.stringPropertyNames()) {
            if (key.startsWith(FOLDER_PROPERTY)) {
                String value = config.getProperty(key).strip();
                if (value.isEmpty() || value.contains("..") || Path.of(value).isAbsolute()) {
                    throw new TensorsException(ErrorCode.BAD_INPUT, file + ": " + key + " = '" + value
                            + "' must be a folder name under the library root");
                }
                folders.put(kind(key.substring(FOLDER_PROPERTY.length())), value);
            }
        }
        return new LibraryLayout(root.toAbsolutePath().normalize(), folders);
    }

    /**
     * @param modelType CivitAI's model type (LORA, Checkpoint...)
     * @param fileType CivitAI's file type (Model, VAE, Text Encoder...): a VAE or text encoder shipped with a
     *     checkpoint goes where those go
     */
    Path folderFor(String modelType, String fileType) {
        String byFile = fileType == null ? null : folders.get(kind(fileType));
        if (byFile != null && !kind(fileType).equals("model")) {
            return root.resolve(byFile);
        }
        return root.resolve(folders.getOrDefault(kind(modelType == null ? "" : modelType), "other"));
    }

    private static String kind(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
