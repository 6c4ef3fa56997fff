package io.tensors.shell;

import io.tensors.api.ErrorText;
import io.tensors.api.TensorsException;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/** A script's error as one line in the script's terms: where it happened and what, no Java internals. */
final class ScriptErrors {
    private static final Pattern UNKNOWN_MEMBER = Pattern.compile(
            "(?:TypeError: )?invokeMember \\(([^)]*)\\) on io\\.tensors\\.shell\\.TsrBinding@\\p{XDigit}+ failed due to: Unknown identifier: .*");

    private ScriptErrors() {}

    /** @return "file:line:col: message" for a script error */
    static String describe(PolyglotException e, String sourceName) {
        SourceSection where = e.getSourceLocation();
        if (where == null) {
            for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
                if (frame.isGuestFrame() && frame.getSourceLocation() != null) {
                    where = frame.getSourceLocation();
                    break;
                }
            }
        }
        String message = e.isHostException() ? hostMessage(e.asHostException()) : e.getMessage();
        if (message != null && e.isSyntaxError()) {
            // "SyntaxError: file:1:4 Expected ...\n<source line>\n   ^": keep the sentence, the location comes first anyway
            message = message.lines().findFirst().orElse(message).replaceFirst("^(SyntaxError: )?\\S+:\\d+:\\d+ ", "SyntaxError: ");
        }
        message = unknownMember(message);
        if (message == null || message.isBlank()) {
            message = e.isHostException() ? e.asHostException().getClass().getSimpleName() : "error";
        }
        String location = where == null ? sourceName + ": " : where.getSource().getName() + ":" + where.getStartLine() + ":" + where.getStartColumn() + ": ";
        return Text.sanitize(location + message);
    }

    /**
     * GraalJS names Java internals when a script calls a member {@code tsr} lacks
     * ({@code invokeMember (listFiles) on io.tensors.shell.TsrBinding@5630 failed ...}): say it in the
     * script's terms, with the members there are.
     */
    static String unknownMember(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = UNKNOWN_MEMBER.matcher(message.strip());
        if (m.matches()) {
            return "TypeError: tsr has no '" + m.group(1) + "': it has "
                    + String.join(", ", new TreeSet<>(TsrBinding.METHODS.keySet()));
        }
        return message.replaceAll("io\\.tensors\\.shell\\.TsrBinding@\\p{XDigit}+", "tsr");
    }

    private static String hostMessage(Throwable t) {
        if (t instanceof UnsupportedOperationException || t instanceof IllegalArgumentException || t instanceof TensorsException) {
            return t.getMessage();
        }
        return "internal error: " + ErrorText.describe(t);
    }
}
