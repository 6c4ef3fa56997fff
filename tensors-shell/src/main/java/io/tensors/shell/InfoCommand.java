package io.tensors.shell;

import io.tensors.api.Identity;
import io.tensors.api.SafetensorsHeader;
import io.tensors.api.TensorEntry;
import io.tensors.shell.render.Table;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tsr info FILE}: one file's header, without touching the catalog. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show a file's header: tensor count, dtypes and metadata. Reads only the header.")
final class InfoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Mixin
    JsonOption json;

    @Option(names = "--tensors", description = "List every tensor, not just a summary by dtype.")
    boolean tensors;

    @Spec
    CommandSpec spec;

    private static String known(String value, Identity.Source source) {
        return value == null ? "unknown" : Text.sanitize(value) + " (" + source.text() + ")";
    }

    @Override
    public Integer call() {
        Environment env = Commands.root(spec).environment();
        SafetensorsHeader header = Commands.root(spec).catalog().inspect(file);
        Identity identity = Commands.root(spec).catalog().identify(file);
        if (json.on) {
            env.out().println(Output.forTerminal(env, Json.writeWith(header, "identity", identity)));
            env.out().flush();
            return 0;
        }
        var out = env.out();
        out.println("file:         " + Text.sanitize(file.toAbsolutePath().toString()));
        out.println("header size:  " + header.headerSize() + " bytes");
        out.println("tensors:      " + header.tensors().size());
        Map<String, Long> byDtype = new TreeMap<>();
        long dataBytes = 0;
        for (TensorEntry t : header.tensors()) {
            byDtype.merge(t.dtype(), 1L, Long::sum);
            dataBytes += t.end() - t.begin();
        }
        out.println("dtypes:       " + byDtype);
        out.println("tensor data:  " + Text.bytes(dataBytes));
        Identity.Sources from = identity.sources();
        out.println("kind:         " + known(identity.kind(), from.kind()));
        out.println("base model:   " + known(identity.architecture(), from.architecture()));
        out.println("name:         " + Text.sanitize(identity.displayName()) + " (" + from.displayName().text() + ")");
        if (!identity.triggerWords().isEmpty()) {
            out.println("triggers:     " + Text.sanitize(Text.words(identity.triggerWords())) + " (" + from.triggerWords().text() + ")");
        }
        if (tensors) {
            for (TensorEntry t : header.tensors()) {
                out.println("  " + Text.sanitize(t.name()) + "  " + t.dtype() + " " + t.shape());
            }
        }
        out.println("metadata:     " + (header.metadata().isEmpty() ? "(none)" : Text.count(header.metadata().size(), "key")));
        header.metadata().forEach((k, v) -> out.println("  " + Table.cell(k) + " = " + Table.cell(v)));
        out.flush();
        return 0;
    }
}
