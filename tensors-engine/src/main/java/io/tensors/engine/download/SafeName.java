package io.tensors.engine.download;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File names from CivitAI made safe to create: one name, never a path. Separators, {@code ..},
 * control characters and leading dots go; what is left is cut to 200 bytes keeping its ending.
 */
final class SafeName {
    private static final Pattern EXTENDED = Pattern.compile("(?i)filename\\*\\s*=\\s*([^';]*)'[^']*'([^;]+)");
    private static final Pattern QUOTED = Pattern.compile("(?i)(?:^|;)\\s*filename\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern BARE = Pattern.compile("(?i)(?:^|;)\\s*filename\\s*=\\s*([^;\"]+)");
    private static final int MAX_BYTES = 200;

    private SafeName() {}

    /** @return the file name a {@code Content-Disposition} value gives, made safe, or null when it gives none */
    static String fromContentDisposition(String header) {
        if (header == null) {
            return null;
        }
        Matcher m = EXTENDED.matcher(header);
        if (m.find()) {
            String charset = m.group(1).isBlank() ? "UTF-8" : m.group(1).strip();
            try {
                return of(URLDecoder.decode(m.group(2).strip().replace("+", "%2B"),
                        java.nio.charset.Charset.forName(charset)));
            } catch (IllegalArgumentException e) {
                // a bad charset or escape: fall back to the plain filename
            }
        }
        m = QUOTED.matcher(header);
        if (m.find()) {
            return of(m.group(1).replaceAll("\\\\(.)", "$1"));
        }
        m = BARE.matcher(header);
        return m.find() ? of(m.group(1).strip()) : null;
    }

    /** @return the name made safe, or null when nothing usable is left */
    static String of(String raw) {
        if (raw == null) {
            return null;
        }
        String name = raw;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1); // a path: only its last part is a name
        }
        StringBuilder clean = new StringBuilder();
        name.codePoints().forEach(c -> {
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029
                    || c == 0x202e || c == 0x202d || c == 0x200e || c == 0x200f;
            boolean reserved = c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|';
            clean.appendCodePoint(control || reserved ? '_' : c);
        });
        name = clean.toString().strip();
        while (name.startsWith(".")) {
            name = name.substring(1); // no hidden files, no "." or ".."
        }
        if (name.isEmpty()) {
            return null;
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            int dot = name.lastIndexOf('.');
            String ending = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
            String stem = name.substring(0, name.length() - ending.length());
            while ((stem + ending).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
                stem = stem.substring(0, stem.offsetByCodePoints(stem.length(), -1));
            }
            name = stem + ending;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".part") || lower.endsWith(".part.json") || lower.endsWith(".bad")) {
            name = name + ".download"; // never one of tsr's own working names
        }
        return name;
    }
}
