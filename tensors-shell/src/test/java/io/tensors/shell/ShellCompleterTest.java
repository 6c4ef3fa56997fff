package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Tab completion at the start of a line: the commands and the shell's own words, each once. */
class ShellCompleterTest {
    @TempDir
    Path dir;

    List<String> complete(String line) {
        FakeCatalog catalog = new FakeCatalog(dir.resolve("models.db"));
        Environment env = new Environment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), false);
        CommandLine cli = Cli.create(env, catalog.factory(List.of()));
        List<Candidate> candidates = new ArrayList<>();
        new ShellCompleter(cli.getCommandSpec(), catalog::self).complete(null, new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE), candidates);
        return candidates.stream().map(Candidate::value).toList();
    }

    @Test
    void anEmptyLineOffersTheCommandsAndTheBuiltinsOnce() {
        List<String> words = complete("");
        assertThat(words).contains("db", "plugins", "js", "exit");
        assertThat(words.stream().filter("shell"::equals)).hasSize(1);
        assertThat(words).doesNotContain("quit");
    }

    @Test
    void nothingIsOfferedAfterJs() {
        assertThat(complete("js ")).isEmpty();
    }
}
