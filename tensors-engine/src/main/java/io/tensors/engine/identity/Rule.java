package io.tensors.engine.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One identity rule: when every condition holds, the file is of this kind and/or architecture. Rules are data,
 * one a line ({@link RuleSet} reads them):
 * <pre>
 *   id | kind or - | architecture or - | condition ; condition ...
 * </pre>
 * Conditions, over the {@link TensorDigest} (GLOB: {@code *} is any text, {@code #} a folded number) and the
 * header:
 * <ul>
 *   <li>{@code has GLOB}, {@code no GLOB}: some tensor pattern matches, none does</li>
 *   <li>{@code shape GLOB [d,d,...]}: some tensor matching GLOB has this shape ({@code *} any dimension)</li>
 *   <li>{@code count GLOB >= N} (or {@code <}): the most tensors one matching pattern holds</li>
 *   <li>{@code meta KEY ~ REGEX}: the metadata value matches (case-insensitive, anywhere; {@code KEY|KEY} tries each);
 *       {@code meta KEY}: the key is present</li>
 *   <li>{@code format ID}: the file's format; {@code kind K}: the kind found so far (architecture rules only)</li>
 * </ul>
 * A rule with a {@code meta} condition gives what it finds as read from the header, else from the tensors.
 */
public record Rule(String id, String kind, String architecture, List<Condition> conditions, boolean fromHeader) {
    public Rule {
        Objects.requireNonNull(id, "id");
        conditions = List.copyOf(conditions);
    }

    /** What a condition sees of one file. */
    public record Subject(String format, Map<String, String> metadata, TensorDigest digest, String kindSoFar) {}

    boolean holds(Subject s) {
        for (Condition c : conditions) {
            if (!c.holds(s)) {
                return false;
            }
        }
        return true;
    }

    /** One test a rule makes. */
    public sealed interface Condition {
        boolean holds(Subject s);

        static Condition parse(String text) {
            String t = text.strip();
            int space = t.indexOf(' ');
            String verb = space < 0 ? t : t.substring(0, space);
            String rest = space < 0 ? "" : t.substring(space + 1).strip();
            return switch (verb) {
                case "has" -> new Has(Glob.of(need(rest, text)), true);
                case "no" -> new Has(Glob.of(need(rest, text)), false);
                case "shape" -> {
                    int open = rest.lastIndexOf('[');
                    if (open < 1 || !rest.endsWith("]")) {
                        throw new IllegalArgumentException("shape needs GLOB [d,d,...]: " + text);
                    }
                    String[] dims = rest.substring(open + 1, rest.length() - 1).split(",");
                    Long[] shape = new Long[dims.length];
                    for (int i = 0; i < dims.length; i++) {
                        String d = dims[i].strip();
                        shape[i] = d.equals("*") ? null : Long.parseLong(d);
                    }
                    yield new Shape(Glob.of(rest.substring(0, open).strip()), Arrays.asList(shape));
                }
                case "count" -> {
                    String[] parts = rest.split("\\s+");
                    if (parts.length != 3 || !(parts[1].equals(">=") || parts[1].equals("<"))) {
                        throw new IllegalArgumentException("count needs GLOB >= N or GLOB < N: " + text);
                    }
                    yield new Count(Glob.of(parts[0]), parts[1].equals(">="), Integer.parseInt(parts[2]));
                }
                case "meta" -> {
                    int tilde = rest.indexOf('~');
                    String keys = (tilde < 0 ? rest : rest.substring(0, tilde)).strip();
                    Pattern regex = tilde < 0 ? null
                            : Pattern.compile(rest.substring(tilde + 1).strip(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
                    yield new Meta(List.of(need(keys, text).split("\\|")), regex);
                }
                case "format" -> new Format(need(rest, text).toLowerCase(Locale.ROOT));
                case "kind" -> new KindSoFar(need(rest, text));
                default -> throw new IllegalArgumentException("unknown condition '" + verb
                        + "' (has, no, shape, count, meta, format, kind): " + text);
            };
        }

        private static String need(String s, String text) {
            if (s.isBlank()) {
                throw new IllegalArgumentException("condition without an argument: " + text);
            }
            return s;
        }
    }

    record Has(Glob glob, boolean present) implements Condition {
        @Override
        public boolean holds(Subject s) {
            return glob.anyIn(s.digest()) == present;
        }
    }

    record Shape(Glob glob, List<Long> dims) implements Condition {
        Shape {
            dims = java.util.Collections.unmodifiableList(new ArrayList<>(dims));
        }

        @Override
        public boolean holds(Subject s) {
            for (TensorDigest.Entry e : glob.matches(s.digest())) {
                for (long[] shape : e.shapes()) {
                    if (fits(shape)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean fits(long[] shape) {
            if (shape.length != dims.size()) {
                return false;
            }
            for (int i = 0; i < shape.length; i++) {
                if (dims.get(i) != null && dims.get(i) != shape[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    record Count(Glob glob, boolean atLeast, int n) implements Condition {
        @Override
        public boolean holds(Subject s) {
            int most = 0;
            for (TensorDigest.Entry e : glob.matches(s.digest())) {
                most = Math.max(most, e.count());
            }
            return atLeast ? most >= n : most < n;
        }
    }

    record Meta(List<String> keys, Pattern regex) implements Condition {
        @Override
        public boolean holds(Subject s) {
            for (String key : keys) {
                String value = s.metadata().get(key.strip());
                if (value != null && (regex == null || regex.matcher(value).find())) {
                    return true;
                }
            }
            return false;
        }
    }

    record Format(String id) implements Condition {
        @Override
        public boolean holds(Subject s) {
            return id.equalsIgnoreCase(s.format());
        }
    }

    record KindSoFar(String kind) implements Condition {
        @Override
        public boolean holds(Subject s) {
            return Arrays.asList(kind.split("\\|")).contains(s.kindSoFar());
        }
    }

    /** A tensor-pattern glob; the literal text before its first {@code *} narrows the patterns it is tried on. */
    record Glob(String text, String prefix, Pattern regex) {
        static Glob of(String text) {
            int star = text.indexOf('*');
            String prefix = star < 0 ? text : text.substring(0, star);
            StringBuilder regex = new StringBuilder();
            for (String part : text.split("\\*", -1)) {
                if (!regex.isEmpty()) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(part));
            }
            return new Glob(text, prefix, star < 0 ? null : Pattern.compile(regex.toString()));
        }

        List<TensorDigest.Entry> matches(TensorDigest digest) {
            NavigableMap<String, TensorDigest.Entry> entries = digest.entries();
            if (regex == null) {
                TensorDigest.Entry e = entries.get(text);
                return e == null ? List.of() : List.of(e);
            }
            List<TensorDigest.Entry> found = new ArrayList<>();
            for (TensorDigest.Entry e : (prefix.isEmpty() ? entries : entries.subMap(prefix, true, prefix + Character.MAX_VALUE, false)).values()) {
                if (regex.matcher(e.pattern()).matches()) {
                    found.add(e);
                }
            }
            return found;
        }

        boolean anyIn(TensorDigest digest) {
            NavigableMap<String, TensorDigest.Entry> entries = digest.entries();
            if (regex == null) {
                return entries.containsKey(text);
            }
            for (TensorDigest.Entry e : (prefix.isEmpty() ? entries : entries.subMap(prefix, true, prefix + Character.MAX_VALUE, false)).values()) {
                if (regex.matcher(e.pattern()).matches()) {
                    return true;
                }
            }
            return false;
        }
    }
}
