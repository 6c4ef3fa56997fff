package io.tensors.shell;

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

    @Option(names = {"-m", "--meta"}, paramLabel = "KEY",
            description = "Show only this metadata entry, in full (repeatable; as the original tsr's --meta).")
    java.util.List<String> meta;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Environment env = Commands.root(spec).environment();
        SafetensorsHeader header = Commands.root(spec).catalog().inspect(file);
        if (meta != null) {
            return printMeta(env, header);
        }
        if (json.on) {
            env.out().println(Output.forTerminal(env, Json.write(header)));
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

    /** The --meta entries, whole (a JSON value stays the string the file holds); exit 1 when one is absent. */
    private int printMeta(Environment env, SafetensorsHeader header) {
        Map<String, String> found = new java.util.LinkedHashMap<>();
        java.util.List<String> absent = new java.util.ArrayList<>();
        for (String key : meta) {
            String value = header.metadata().get(key);
            if (value == null) {
                absent.add(key);
            } else {
                found.put(key, value);
            }
        }
        if (json.on) {
            env.out().println(Output.forTerminal(env, Json.write(found)));
        } else {
            found.forEach((k, v) -> env.out().println(found.size() == 1 && meta.size() == 1 ? Text.sanitize(v) : Table.cell(k) + " = " + Text.sanitize(v)));
        }
        env.out().flush();
        for (String key : absent) {
            env.err().println("tsr: " + Text.sanitize(file.toString()) + " has no metadata entry '" + Text.sanitize(key)
                    + "'; 'tsr info FILE' lists its keys");
        }
        env.err().flush();
        return absent.isEmpty() ? 0 : io.tensors.api.ErrorCode.FAILED.exitCode();
    }
}
