package io.tensors.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad usage: exit 2 and one line in plain words naming the option and the value, never picocli's wording. */
class UsageErrorsTest {
    @TempDir
    Path dir;

    StringWriter out;
    StringWriter err;

    int tsr(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Cli.run(new Environment(new PrintWriter(out, true), new PrintWriter(err, true), Map.of("HOME", dir.toString()), false), args);
    }

    void refused(String expected, String... args) {
        assertThat(tsr(args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString()).as(String.join(" ", args)).isEqualTo("tsr: " + expected + "\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void picocliErrorsBecomePlainSentences() {
        refused("'foo' is not a tsr command; see 'tsr --help'", "foo");
        refused("'lsit' is not a tsr db command; see 'tsr db --help'", "db", "lsit");
        refused("'lisst' is not a tsr db command (did you mean 'list'?); see 'tsr db --help'", "db", "lisst");
        refused("unknown option '--bogus'; see 'tsr db list --help'", "db", "list", "--bogus");
        refused("unknown option '--state'; see 'tsr db list --help'", "db", "list", "--state", "missing");
        refused("unknown option '--limt' (did you mean '--limit'?); see 'tsr db prompts --help'", "db", "prompts", "1", "--limt", "3");
        refused("unexpected argument '2'; see 'tsr db prompts --help'", "db", "prompts", "1", "2");
        refused("missing MODEL_ID; see 'tsr db prompts --help'", "db", "prompts");
        refused("missing --format F; see 'tsr db export --help'", "db", "export");
        refused("missing QUERY; see 'tsr db search --help'", "db", "search", "--json");
        refused("--limit needs a value (N); see 'tsr db search --help'", "db", "search", "x", "--limit");
        refused("--limit needs a value (N); see 'tsr db search --help'", "db", "search", "x", "--limit", "--json");
        refused("--type can be given only once; see 'tsr db search --help'", "db", "search", "x", "--type", "a", "--type", "b");
        refused("MODEL_ID: 'abc' is not a whole number; see 'tsr db prompts --help'", "db", "prompts", "abc");
        refused("--limit: 'ten' is not a whole number; see 'tsr db prompts --help'", "db", "prompts", "1", "--limit", "ten");
        refused("--timeout: '1.5' is not a whole number; see 'tsr shell --help'", "shell", "--timeout", "1.5");
        refused("--miss-ttl-days: '9999999999999' is out of range; see 'tsr db link --help'", "db", "link", "--miss-ttl-days", "9999999999999");
        refused("--nsfw: 'maybe' is not true or false; see 'tsr db search --help'", "db", "search", "x", "--nsfw", "maybe");
        refused("--sort: 'bogus' is not one of name, size, path; see 'tsr db list --help'", "db", "list", "--sort", "bogus");
        refused("give only one of --linked, --unlinked; see 'tsr db list --help'", "db", "list", "--linked", "--unlinked");
        refused("'foo' is not a tsr command; 'tsr --help' lists them", "help", "foo");
        refused("'lisst' is not a tsr db command (did you mean 'list'?); 'tsr db --help' lists them", "help", "db", "lisst");
    }

    @Test
    void theCommandsOwnUsageErrorsAreOneLineToo() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        refused("--threads must be 0 (one per processor) or more, not -3; see 'tsr db scan --help'",
                "db", "scan", models.toString(), "--threads", "-3", "--db", dir.resolve("c.db").toString());
    }

    @Test
    void everyLimitRefusesZeroAndBelowInTheSameWords() {
        Path db = dir.resolve("never-created.db");
        for (String n : new String[] {"0", "-1"}) {
            refused("--limit must be at least 1, not " + n + "; see 'tsr db search --help'",
                    "db", "search", "x", "--limit", n, "--db", db.toString());
            refused("--limit must be at least 1, not " + n + "; see 'tsr db prompts --help'",
                    "db", "prompts", "1", "--limit", n, "--db", db.toString());
        }
        assertThat(db).doesNotExist();
    }
}
