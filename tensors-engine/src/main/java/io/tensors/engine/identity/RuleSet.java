package io.tensors.engine.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The identity rules in order, read from text (see {@link Rule} for a line's form; {@code #} starts a comment
 * line): the built-in {@code identity-rules.txt}, then any a plugin adds. The first rule that holds and names a
 * kind gives the kind; then the first that holds and names an architecture gives the architecture.
 */
public final class RuleSet {
    private final List<Rule> rules;
    private final String fingerprint;

    private RuleSet(List<Rule> rules, String fingerprint) {
        this.rules = List.copyOf(rules);
        this.fingerprint = fingerprint;
    }

    /** @return the built-in rules */
    public static RuleSet builtIn() {
        return parse(List.of(builtInText()));
    }

    /** @return the built-in rules' text */
    public static String builtInText() {
        try (InputStream in = RuleSet.class.getResourceAsStream("identity-rules.txt")) {
            return new String(Objects.requireNonNull(in, "identity-rules.txt").readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("the built-in identity rules cannot be read", e);
        }
    }

    /**
     * @param texts rule texts in order (the earlier ones win)
     * @throws IllegalArgumentException naming the text, line and fault of a rule that cannot be read
     */
    public static RuleSet parse(List<String> texts) {
        List<Rule> rules = new ArrayList<>();
        MessageDigest sha = sha256();
        for (int t = 0; t < texts.size(); t++) {
            String[] lines = texts.get(t).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
                try {
                    rules.add(parseLine(line));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("identity rule " + (t == 0 ? "" : "text " + (t + 1) + " ")
                            + "line " + (i + 1) + ": " + e.getMessage(), e);
                }
            }
        }
        return new RuleSet(rules, HexFormat.of().formatHex(sha.digest(), 0, 8));
    }

    static Rule parseLine(String line) {
        String[] parts = line.split("\\s\\|\\s", 4);
        if (parts.length != 4) {
            throw new IllegalArgumentException("expected 'id | kind | architecture | conditions', got: " + line);
        }
        String kind = dashToNull(parts[1]);
        String architecture = dashToNull(parts[2]);
        if (kind == null && architecture == null) {
            throw new IllegalArgumentException("a rule names a kind, an architecture or both: " + line);
        }
        if (kind != null && !Kinds.isKnown(kind)) {
            throw new IllegalArgumentException("unknown kind '" + kind + "' (" + String.join(", ", Kinds.ids()) + "): " + line);
        }
        List<Rule.Condition> conditions = new ArrayList<>();
        boolean header = false;
        for (String c : parts[3].split(";")) {
            if (!c.isBlank()) {
                Rule.Condition condition = Rule.Condition.parse(c);
                header |= condition instanceof Rule.Meta;
                conditions.add(condition);
            }
        }
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("a rule needs at least one condition: " + line);
        }
        return new Rule(parts[0].strip(), kind, architecture, conditions, header);
    }

    private static String dashToNull(String s) {
        String t = s.strip();
        return t.equals("-") || t.isEmpty() ? null : t;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Rule> rules() {
        return rules;
    }

    /** @return a short hash of the rules' text: a stored identity made under another one is made again */
    public String fingerprint() {
        return fingerprint;
    }
}
