package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.CatalogStats;
import io.tensors.api.CatalogStats.Bucket;
import io.tensors.api.PluginInfo;
import io.tensors.api.PluginInfo.Contribution;
import io.tensors.api.PluginInfo.Kind;
import io.tensors.api.PluginInfo.State;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * How commands print what the catalog answers, through the same {@link Cli#create} as the command
 * line but over a {@link FakeCatalog}: no database, no plugin loading, no engine.
 */
class FakeCatalogCommandsTest {
    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int tsr(FakeCatalog catalog, List<PluginInfo> plugins, String... args) {
        Environment env = new Environment(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), false);
        CommandLine cli = Cli.create(env, catalog.factory(plugins));
        try {
            return cli.execute(args);
        } finally {
            ((TsrCommand) cli.getCommand()).closeCatalog();
        }
    }

    List<String> lines() {
        return Arrays.asList(out.toString().split("\n"));
    }

    @Test
    void dbStatsPrintsTheCatalogsFiguresAsATable() {
        FakeCatalog catalog = new FakeCatalog(dir.resolve("models.db"));
        catalog.stats = new CatalogStats(new Bucket("files on disk", 3, 3_500_000),
                List.of(new Bucket("linked", 2, 3_000_000), new Bucket("unlinked", 1, 500_000), new Bucket("missing", 0, 0)),
                List.of(new Bucket("LORA", 2, 3_000_000), new Bucket(null, 1, 500_000)),
                List.of(new Bucket("SDXL 1.0", 2, 3_000_000), new Bucket(null, 1, 500_000)));

        assertThat(tsr(catalog, List.of(), "db", "stats")).isZero();

        assertThat(err.toString()).isEmpty();
        assertThat(lines()).containsExactly(
                "GROUP       NAME           FILES  SIZE",
                "total       files on disk  3      3.5 MB",
                "state       linked         2      3.0 MB",
                "state       unlinked       1      500.0 kB",
                "state       missing        0      0 B",
                "type        LORA           2      3.0 MB",
                "type        (unknown)      1      500.0 kB",
                "base_model  SDXL 1.0       2      3.0 MB",
                "base_model  (unknown)      1      500.0 kB");
        assertThat(catalog.opened).containsExactly((Path) null);
    }

    @Test
    void pluginsListsEachPluginWithItsStateContributionsAndProblems() {
        FakeCatalog catalog = new FakeCatalog(dir.resolve("models.db"));
        List<PluginInfo> plugins = List.of(
                new PluginInfo("builtin", "class path", 1, State.LOADED, null,
                        List.of(new Contribution(Kind.HASH, "sha256"), new Contribution(Kind.EXPORTER, "csv"))),
                new PluginInfo("broken", "/p/broken.jar", 0, State.FAILED, "no plugin class", List.of()));

        assertThat(tsr(catalog, plugins, "plugins")).isZero();

        assertThat(lines()).containsExactly(
                "PLUGIN   ORIGIN         API  STATE   CONTRIBUTES",
                "builtin  class path     1    loaded  hash sha256; export csv",
                "broken   /p/broken.jar  ?    failed",
                "failed: broken (/p/broken.jar): no plugin class",
                "2 plugins, 1 with problems");
        assertThat(catalog.opened).as("listing plugins opens no catalog").isEmpty();
    }
}
