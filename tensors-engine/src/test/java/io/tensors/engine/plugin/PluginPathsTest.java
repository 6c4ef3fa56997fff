package io.tensors.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin paths of an environment. */
class PluginPathsTest {
    @TempDir
    Path dir;

    @Test
    void theyComeFromXdgDataHomeAndTsrPlugins() throws Exception {
        Path data = dir.resolve("data");
        assertThat(PluginPaths.of(Map.of("XDG_DATA_HOME", data.toString(), "TSR_PLUGINS", "/a.jar::/b"))).containsExactly(
                Path.of("/a.jar"), Path.of("/b"));
        Files.createDirectories(data.resolve("tensors/plugins"));
        assertThat(PluginPaths.of(Map.of("XDG_DATA_HOME", data.toString()))).containsExactly(data.resolve("tensors/plugins"));
        Files.createDirectories(dir.resolve("home/.local/share/tensors/plugins"));
        assertThat(PluginPaths.of(Map.of("HOME", dir.resolve("home").toString())))
                .containsExactly(dir.resolve("home/.local/share/tensors/plugins"));
    }
}
