package io.tensors.api;

import java.util.ServiceConfigurationError;
import java.util.regex.Pattern;

/**
 * A throwable in one line of words, for the messages users see: the engine, the command line and
 * the built-in plugins describe unexpected failures this one way. A plugin may use it too.
 */
public final class ErrorText {
    /** "java.io.IOException: closed": a message that wraps a cause starts with the cause's class name. */
    private static final Pattern CLASS_NAME = Pattern.compile("(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ?");
    /** "io.tensors.api.TensorsPlugin: Provider p.X could not be instantiated": the service's name says nothing to users. */
    private static final Pattern SERVICE_NAME = Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ");
    private static final int MAX_CAUSES = 4;

    private ErrorText() {}

    /**
     * @param e any throwable, never null
     * @return its message and those of its causes (when they add something), on one line, without
     *     Java class names; the simple class name when there is no message; never null
     */
    public static String describe(Throwable e) {
        StringBuilder line = new StringBuilder();
        if (e instanceof UnsupportedClassVersionError) {
            line.append("compiled for a newer Java than this one (").append(Runtime.version().feature()).append("): ");
        }
        line.append(text(e));
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            String text = text(cause);
            if (!line.toString().contains(text)) {
                line.append(" (caused by ").append(text).append(')');
            }
        }
        return line.toString().replace('\n', ' ').replace('\r', ' ');
    }

    private static String text(Throwable t) {
        String message = t.getMessage() == null ? "" : CLASS_NAME.matcher(t.getMessage()).replaceAll("").strip();
        if (message.isEmpty()) {
            return t.getClass().getSimpleName();
        }
        if (t instanceof ServiceConfigurationError) {
            message = SERVICE_NAME.matcher(message).replaceFirst("");
        }
        if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
            return "class not found: " + message.replace('/', '.');
        }
        return message;
    }
}
