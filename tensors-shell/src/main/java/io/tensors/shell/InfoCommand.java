package io.tensors.shell;

import io.tensors.api.Identity;
import io.tensors.api.ModelHeader;
import io.tensors.api.TensorEntry;
import io.tensors.engine.format.ModelFacts;
import io.tensors.shell.render.Table;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tsr info FILE}: one file's header, without touching the catalog. */
@Command(name = "info", mixinStandardHelpOptions = true,
        footerHeading = Commands.EXAMPLES, footer = {"  tsr info model.safetensors", "  tsr info model.gguf --json"},
        description = "Show a file's header, by the format its content shows: format, safety, imports and findings, tensor count, types, parameters, metadata. Reads only the header.")
final class InfoCommand implements Callable<Integer> {
    /** GGUF keys shown on their own line before the metadata. */
    private static final List<String> GGUF_KEYS = List.of("general.architecture", "general.name");

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

    private static String known(String value, Identity.Source source) {
        return value == null ? "unknown" : Text.sanitize(value) + " (" + source.text() + ")";
    }

    @Override
    public Integer call() {
        Environment env = Commands.root(spec).environment();
        ModelHeader header = Commands.root(spec).catalog().inspect(file);
        Path fileName = file.getFileName();
        Identity identity = Commands.root(spec).catalog().identify(header,
                fileName == null ? file.toString() : fileName.toString());
        BigInteger parameters = ModelFacts.parameterCount(header.tensors());
        Map<String, Long> types = ModelFacts.tensorTypes(header.tensors());
        // GGUF's general.* keys, whichever plugin read the file
        boolean gguf = header.format().equals("gguf") || header.metadata().containsKey("general.architecture");
        String fileType = gguf ? ModelFacts.ggufFileType(header.metadata().get("general.file_type")) : null;
        if (meta != null) {
            return printMeta(env, header);
        }
        if (json.on) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("format", header.format());
            info.put("safety", header.safety().text());
            info.put("header_size", header.headerSize());
            info.put("data_start", header.dataStart());
            info.put("tensor_count", header.tensorCount());
            info.put("parameter_count", parameters);
            info.put("tensor_types", types);
            info.put("file_type", fileType);
            info.put("imports", header.imports());
            info.put("findings", header.findings().stream()
                    .map(f -> Map.of("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT), "message", f.message())).toList());
            info.put("tensors", header.tensors());
            info.put("metadata", header.metadata());
            info.put("identity", Output.identityColumns(identity));
            env.out().println(Output.forTerminal(env, Json.write(info)));
            env.out().flush();
            return 0;
        }
        var out = env.out();
        out.println("file:         " + Text.sanitize(file.toAbsolutePath().toString()));
        out.println("format:       " + header.format());
        out.println("safety:       " + header.safety().text());
        for (ModelHeader.Finding finding : header.findings()) {
            out.println("  " + finding.severity().name().toLowerCase(java.util.Locale.ROOT) + ": " + Text.sanitize(finding.message()));
        }
        if (!header.imports().isEmpty()) {
            out.println("imports:      " + Text.count(header.imports().size(), "global"));
            header.imports().forEach(name -> out.println("  " + Text.sanitize(name)));
        }
        if (gguf) {
            for (String key : GGUF_KEYS) {
                String value = header.metadata().get(key);
                out.println(String.format("%-14s", key.substring("general.".length()) + ":") + (value == null ? "(none)" : Table.cell(value)));
            }
            out.println("file type:    " + (fileType == null ? "(none)" : fileType));
        }
        out.println("header size:  " + header.headerSize() + " bytes");
        out.println("tensors:      " + (header.tensorCount() < 0 ? "unknown" : String.valueOf(header.tensorCount())));
        if (!header.tensors().isEmpty()) {
            long dataBytes = 0;
            for (TensorEntry t : header.tensors()) {
                dataBytes += t.end() - t.begin();
            }
            out.println("parameters:   " + String.format(java.util.Locale.ROOT, "%,d", parameters));
            out.println("dtypes:       " + Text.sanitize(types.toString()));
            out.println("tensor data:  " + Text.bytes(dataBytes));
        }
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

    /** The --meta entries, whole (a JSON value stays the string the file holds); exit 1 when one is absent. */
    private int printMeta(Environment env, ModelHeader header) {
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
