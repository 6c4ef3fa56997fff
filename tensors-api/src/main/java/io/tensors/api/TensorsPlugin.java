package io.tensors.api;

import java.util.List;

/**
 * The one entry point of a plugin, found with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/io.tensors.api.TensorsPlugin}. The built-in plugins use the same path.
 * New kinds of contribution are added as default methods, so a plugin compiled against an older
 * API keeps working.
 */
public interface TensorsPlugin {
    /** The API version this build of tensors-api defines; plugins return it from {@link #apiVersion()}. */
    int API_VERSION = 2;

    /**
     * @return the API version the plugin was compiled against. Implement it as
     *     {@code return API_VERSION;} so the number is compiled into the plugin; the host refuses a
     *     plugin whose version it does not support.
     */
    int apiVersion();

    /** @return a short name shown by {@code tsr plugins}; the class name by default */
    default String name() {
        return getClass().getSimpleName();
    }

    /** @return the hash algorithms this plugin contributes, never null; none by default */
    default List<HashAlgorithm> hashAlgorithms() {
        return List.of();
    }

    /** @return the model sources this plugin contributes, never null; none by default */
    default List<ModelSourceFactory> modelSources() {
        return List.of();
    }

    /** @return the exporters ({@code --format} ids) this plugin contributes, never null; none by default */
    default List<Exporter> exporters() {
        return List.of();
    }

    /**
     * @return the model file formats this plugin contributes, never null; none by default
     * @since API version 2
     */
    default List<ModelFormat> modelFormats() {
        return List.of();
    }

    /**
     * Identity rules this plugin adds: each string holds rule lines in the form of tsr's built-in
     * {@code identity-rules.txt} ({@code id | kind or - | architecture or - | condition ; condition ...}, with the
     * conditions {@code has GLOB}, {@code no GLOB}, {@code shape GLOB [d,*]}, {@code count GLOB >= N},
     * {@code meta KEY ~ REGEX}, {@code format ID}, {@code kind K}). They are tried after the built-in rules, so they
     * name what those do not know; a text with a rule tsr cannot read is left out with a warning. Changing them
     * makes the next {@code tsr db scan} identify every file again from the catalog.
     *
     * @return rule texts, never null; none by default
     * @since API version 2
     */
    default List<String> identityRules() {
        return List.of();
    }
}
