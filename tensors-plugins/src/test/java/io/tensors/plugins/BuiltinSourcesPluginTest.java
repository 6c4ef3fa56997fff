package io.tensors.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.ModelSourceFactory;
import io.tensors.api.TensorsPlugin;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class BuiltinSourcesPluginTest {
    @Test
    void serviceLoaderFindsThePluginWithBothSources() {
        List<TensorsPlugin> plugins = ServiceLoader.load(TensorsPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof BuiltinSourcesPlugin)
                .toList();
        assertThat(plugins).hasSize(1);
        TensorsPlugin plugin = plugins.getFirst();
        assertThat(plugin.apiVersion()).isEqualTo(TensorsPlugin.API_VERSION);
        assertThat(plugin.name()).isEqualTo("builtin-sources");

        List<ModelSourceFactory> byPriority = plugin.modelSources().stream()
                .sorted(Comparator.comparingInt(ModelSourceFactory::priority))
                .toList();
        assertThat(byPriority).extracting(ModelSourceFactory::id).containsExactly("sidecar", "civitai");
        assertThat(byPriority).extracting(ModelSourceFactory::remote).containsExactly(false, true);
    }
}
