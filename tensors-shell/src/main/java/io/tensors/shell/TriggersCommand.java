package io.tensors.shell;

import io.tensors.api.ExportData;
import io.tensors.api.Identity;
import io.tensors.api.TriggerWords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tsr db triggers FILE_OR_HASH}: the trigger words of the version a file is linked to. */
@Command(name = "triggers",
        footerHeading = Commands.EXAMPLES, footer = {"  tsr db triggers ~/models/loras/detail.safetensors", "  tsr db triggers 2D3B29DB"}, mixinStandardHelpOptions = true,
        description = "Print the trigger words of the CivitAI version a cataloged file is linked to, in order, one a line.")
final class TriggersCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE_OR_HASH",
            description = "A cataloged file's path, or any of its hashes (SHA256, AutoV2, AutoV3, CRC32...), or a prefix of at least 8 hex digits.")
    String fileOrHash;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TsrCommand tsr = Commands.root(spec);
        TriggerWords found = tsr.catalog().triggers(fileOrHash);
        List<String> words = found.words();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("position", i);
            row.put("word", words.get(i));
            rows.add(row);
        }
        output.print(tsr, () -> new ExportData("trigger words", List.of("position", "word"), rows), words, out -> {
            if (words.isEmpty()) {
                out.println("The linked version has no trigger words.");
            }
            words.forEach(w -> out.println(Text.sanitize(w)));
            if (found.source() == Identity.Source.HEADER) {
                out.println("(from the file's header, modelspec.trigger_phrase: the file is not linked to CivitAI)");
            } else if (found.source() == Identity.Source.GUESSED) {
                out.println("(guessed: the most frequent tags of the file's training captions; 'tsr db link' may find the real ones)");
            }
        });
        return 0;
    }
}
