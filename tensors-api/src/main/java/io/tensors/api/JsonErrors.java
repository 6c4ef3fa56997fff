package io.tensors.api;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON parser's error message in plain words, for the one-line errors users see. Jackson's
 * messages (the engine's and the built-in plugins' parser) name its features, classes and token
 * types ("enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow", "`JsonToken.START_OBJECT`");
 * this keeps what went wrong and drops the rest. A plugin may use it for its own parse errors.
 */
public final class JsonErrors {
    /** Jackson's description of a character: {@code 'x' (code 120)}, {@code (CTRL-CHAR, code 10)}. */
    private static final Pattern CHAR = Pattern.compile("\\((?:'(.{1,2})' \\(code [^)]*\\)|\\(CTRL-CHAR, code (\\d+)\\))\\)");
    private static final Pattern CODE = Pattern.compile(" \\(code [^)]*\\)");
    private static final Pattern EXPECTED_VALUE =
            Pattern.compile("\\(JSON String, Number, Array, Object or token 'null', 'true' or 'false'\\)");
    /** A clause or parenthesis that names the parser's own settings or classes. */
    private static final List<Pattern> INTERNALS = List.of(
            Pattern.compile(":? *\\(?(?:to allow,? )?(?:use|enable) `[^`]*`(?: to allow)?\\)?"),
            Pattern.compile(" *\\(not recognized as one since Feature '[^']*' not enabled for parser\\)"),
            Pattern.compile(" *\\(bound as `[^`]*`\\)"),
            Pattern.compile(":? *not allowed as per `[^`]*`"),
            Pattern.compile(", from `[^`]*`"),
            Pattern.compile(" *\\(start marker at [^)]*\\)+"),
            Pattern.compile(" *\\[Source:.*$"));

    private JsonErrors() {}

    /**
     * @param message the parser's message (for Jackson, {@code getOriginalMessage()}), may be null
     * @return one line in plain words, starting lower case, never null; "not valid JSON" when there is nothing to say
     */
    public static String plain(String message) {
        if (message == null || message.isBlank()) {
            return "not valid JSON";
        }
        String s = message.strip().lines().findFirst().orElse("").strip();
        if (s.startsWith("Unexpected end-of-input")) {
            return "the JSON ends too early" + (s.contains("string") ? ", inside a string"
                    : s.contains("Array") ? ", inside an array" : s.contains("Object") ? ", inside an object" : "");
        }
        if (s.startsWith("Trailing token")) {
            return "more text after the end of the JSON value";
        }
        if (s.contains("maybe a (non-standard) comment")) {
            return "JSON has no comments";
        }
        Matcher token = Pattern.compile("^Non-standard token '([^']*)'").matcher(s);
        if (token.find()) {
            return "'" + token.group(1) + "' is not a JSON number";
        }
        if (s.startsWith("Duplicate Object property ") || s.startsWith("Duplicate field ")) {
            return "duplicate key " + s.substring(s.indexOf(' ', "Duplicate ".length()) + 1).replaceFirst("^property ", "");
        }
        if (s.startsWith("Illegal unquoted character")) {
            Matcher control = Pattern.compile("code (\\d+)").matcher(s);
            return "a control character" + (control.find() ? String.format(Locale.ROOT, " (U+%04X)", Integer.parseInt(control.group(1))) : "")
                    + " must be escaped with a backslash inside a string";
        }
        for (Pattern internal : INTERNALS) {
            s = internal.matcher(s).replaceAll("");
        }
        s = CHAR.matcher(s).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) != null ? "'" + m.group(1) + "'" : "control character " + m.group(2)));
        s = CODE.matcher(s).replaceAll("");
        s = EXPECTED_VALUE.matcher(s).replaceAll("(a string in double quotes, a number, an array, an object, true, false or null)");
        s = s.replace("Unexpected character", "unexpected character").replace("Unrecognized token", "unexpected word")
                .replace("Unrecognized character escape", "unknown escape").replace("in numeric value", "in a number")
                .replace("JSON spec does not allow", "JSON does not allow");
        int leak = indexOfInternal(s);
        if (leak >= 0) {
            s = s.substring(0, leak);
            if (s.lastIndexOf('(') > s.lastIndexOf(')')) {
                s = s.substring(0, s.lastIndexOf('('));
            }
            s = s.replaceFirst("[\\s:;,]+$", "");
        }
        s = s.strip();
        return s.isEmpty() ? "not valid JSON" : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }

    /** @return where a name of the parser's internals still starts, or -1: a safety net for messages not seen yet */
    private static int indexOfInternal(String s) {
        int first = -1;
        for (String marker : new String[] {"`", "Feature", "jackson", "JsonToken", "StreamRead"}) {
            int at = s.indexOf(marker);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }
}
