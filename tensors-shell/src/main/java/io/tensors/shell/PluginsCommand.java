package io.tensors.shell;

import io.tensors.api.PluginInfo;
import io.tensors.api.PluginInfo.Kind;
import io.tensors.shell.render.Column;
import io.tensors.shell.render.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tsr plugins}: every plugin, built-in or from the plugin folders, with its state and contributions. */
@Command(name = "plugins",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr plugins", "  TSR_PLUGINS=~/my-plugins tsr plugins --json"}, mixinStandardHelpOptions = true,
        description = {"List the plugins with their origin, API version, state and contributed ids.",
            "They are the built-ins and the jars in $XDG_DATA_HOME/tensors/plugins/ and in $TSR_PLUGINS",
            "(a ':'-separated list of plugin folders or jars)."})
final class PluginsCommand implements Callable<Integer> {
    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    /**
     * One plugin as printed.
     *
     * @param state loaded, partly loaded, failed or disabled
     * @param problem the reason it failed, or what was refused; null when none
     */
    record Plugin(String name, String origin, int apiVersion, String state, String problem, List<String> hashAlgorithms,
            List<String> sources, List<String> exporters, List<String> formats) {
        static Plugin of(PluginInfo info) {
            return new Plugin(info.name(), info.origin(), info.apiVersion(), info.state().text(), info.problem(),
                    info.ids(Kind.HASH), info.ids(Kind.SOURCE), info.ids(Kind.EXPORTER), info.ids(Kind.FORMAT));
        }
    }

    @Override
    public Integer call() {
        TsrCommand root = Commands.root(spec);
        root.pluginWarnings = false; // the listing shows every failure itself
        Environment env = root.environment();
        List<Plugin> plugins = root.plugins().stream().map(Plugin::of).toList();
        if (json.on) {
            env.out().println(Output.forTerminal(env, Json.write(plugins)));
            env.out().flush();
            return 0;
        }
        List<List<String>> cells = new ArrayList<>();
        for (Plugin p : plugins) {
            List<String> contributes = new ArrayList<>();
            if (!p.hashAlgorithms().isEmpty()) {
                contributes.add("hash " + String.join(",", p.hashAlgorithms()));
            }
            if (!p.sources().isEmpty()) {
                contributes.add("source " + String.join(",", p.sources()));
            }
            if (!p.exporters().isEmpty()) {
                contributes.add("export " + String.join(",", p.exporters()));
            }
            if (!p.formats().isEmpty()) {
                contributes.add("format " + String.join(",", p.formats()));
            }
            cells.add(List.of(Text.sanitize(p.name()), Text.sanitize(p.origin()), p.apiVersion() == 0 ? "?" : String.valueOf(p.apiVersion()),
                    p.state(), String.join("; ", contributes)));
        }
        // the ids contributed are what people look for, whole; the jar's name gives way first (a failed
        // plugin's line below names it again)
        List<Column> columns = List.of(Column.fitted("PLUGIN", 12, 4), Column.fitted("ORIGIN", 12, 0),
                Column.fitted("API", 3, 2), Column.fitted("STATE", 6, 3), Column.of("CONTRIBUTES").uncut());
        Table.print(env.out(), columns, cells, Table.width(env.columns()));
        long failed = plugins.stream().filter(p -> p.problem() != null).count();
        for (Plugin p : plugins) {
            if (p.problem() != null) {
                env.out().println(p.state() + ": " + Text.sanitize(p.name()) + " (" + Text.sanitize(p.origin()) + "): "
                        + Text.sanitize(p.problem()));
            }
        }
        env.out().println(Text.count(plugins.size(), "plugin") + ", " + failed + " with problems");
        env.out().flush();
        return 0;
    }
}
