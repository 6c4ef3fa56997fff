package io.tensors.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.HashAlgorithm;
import io.tensors.api.TensorsPlugin;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class BuiltinHashesPluginTest {
    @Test
    void serviceLoaderFindsThePlugin() {
        List<TensorsPlugin> plugins = ServiceLoader.load(TensorsPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof BuiltinHashesPlugin)
                .toList();
        assertThat(plugins).hasSize(1);
        TensorsPlugin plugin = plugins.getFirst();
        assertThat(plugin.apiVersion()).isEqualTo(TensorsPlugin.API_VERSION);
        assertThat(plugin.name()).isEqualTo("builtin-hashes");

        List<HashAlgorithm> algorithms = plugin.hashAlgorithms();
        assertThat(algorithms).extracting(HashAlgorithm::id)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrder("sha256", "autov1", "autov2", "autov3", "crc32", "blake3");
        assertThat(algorithms).extracting(HashAlgorithm::type)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrder("SHA256", "AutoV1", "AutoV2", "AutoV3", "CRC32", "BLAKE3");
        for (HashAlgorithm algorithm : algorithms) {
            assertThat(algorithm.id()).isEqualTo(algorithm.id().toLowerCase(Locale.ROOT));
            List<String> requires = algorithm.type().equals("AutoV2") ? List.of("SHA256") : List.of();
            assertThat(algorithm.requires()).isEqualTo(requires);
        }
    }
}
