package io.tensors.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.ModelFormat;
import io.tensors.api.TensorsPlugin;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class BuiltinFormatsPluginTest {
    @Test
    void serviceLoaderFindsThePickleFormat() {
        List<TensorsPlugin> plugins = ServiceLoader.load(TensorsPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof BuiltinFormatsPlugin)
                .toList();
        assertThat(plugins).hasSize(1);
        TensorsPlugin plugin = plugins.getFirst();
        assertThat(plugin.apiVersion()).isEqualTo(TensorsPlugin.API_VERSION);
        assertThat(plugin.name()).isEqualTo("builtin-formats");

        ModelFormat pickle = plugin.modelFormats().stream().filter(f -> f.id().equals("pickle")).findFirst().orElseThrow();
        assertThat(pickle.endings()).containsExactlyInAnyOrder(".ckpt", ".pt", ".pth", ".bin");
        assertThat(pickle.probeBytes()).isBetween(16, 4096);
    }
}
