package io.tensors.engine.plugin;

import java.util.List;

/**
 * One plugin as {@code tsr plugins} shows it.
 *
 * @param name the plugin's name
 * @param origin the jar or folder it came from
 * @param apiVersion the API version it declares (0 when unknown)
 * @param state loaded, partly loaded or failed
 * @param problem why it failed or what was refused, or null
 * @param contributions ids it contributes, prefixed by kind ({@code hash:sha256})
 */
public record PluginInfo(String name, String origin, int apiVersion, String state, String problem,
        List<String> contributions) {
    public PluginInfo {
        contributions = List.copyOf(contributions);
    }

    static PluginInfo failed(String name, String origin, int apiVersion, String problem) {
        return new PluginInfo(name, origin, apiVersion, "failed", problem, List.of());
    }
}
