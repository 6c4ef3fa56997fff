package io.tensors.shell;

import io.tensors.api.LocalFileRow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tsr db list}: the local files with their CivitAI info. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the cataloged files with their CivitAI model, version and trigger words.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print a JSON array (the columns of v_local_files_full).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Environment env = Commands.root(spec).environment();
        List<LocalFileRow> rows = Commands.root(spec).catalog().listFiles();
        if (json) {
            env.out().println(Json.write(rows));
        } else if (rows.isEmpty()) {
            env.out().println("The catalog is empty: run 'tsr db scan DIR' first.");
        } else {
            List<List<String>> cells = new ArrayList<>();
            for (LocalFileRow r : rows) {
                cells.add(List.of(r.modelName() == null ? "-" : r.modelName(), nz(r.versionName()), nz(r.modelType()),
                        nz(r.baseModel()), Text.bytes(r.fileSize()), r.sha256().substring(0, 10),
                        r.missingSince() == null ? "" : "missing", nz(r.triggerWords()), r.filePath()));
            }
            Table.print(env.out(), List.of("MODEL", "VERSION", "TYPE", "BASE", "SIZE", "AUTOV2", "STATE", "TRIGGERS", "PATH"), cells);
            env.out().println(rows.size() + " files");
        }
        env.out().flush();
        return 0;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
