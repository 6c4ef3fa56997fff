package io.tensors.engine.config;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The original Python tsr's {@code config.toml} ({@code $XDG_CONFIG_HOME/tensors/config.toml}): the CivitAI
 * key in {@code [api] civitai_key}, download folders in {@code [paths]} (checkpoints, loras, embeddings,
 * vae, controlnet, upscalers, other). Only the TOML the original writes is understood (sections, and
 * {@code key = "string"} or bare values); everything else in the file is kept as it is when a value is set.
 */
public final class OriginalConfig {
    /** The {@code [paths]} keys the original accepts. */
    public static final List<String> PATH_TYPES = List.of("checkpoints", "loras", "embeddings", "vae", "controlnet",
            "upscalers", "other");

    private final Path file;

    public OriginalConfig(Path file) {
        this.file = file;
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /** @return whether the file exists */
    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /**
     * @return the CivitAI key, or null when the file or the key is absent
     * @throws TensorsException UNUSABLE_STATE when the file holds a key and other users can read it
     */
    public String apiKey() {
        String key = read().getOrDefault("api", Map.of()).get("civitai_key");
        if (key == null || key.isBlank()) {
            return null;
        }
        refuseReadableByOthers(file);
        return key.strip();
    }

    /** @return the {@code [paths]} section, type to folder */
    public Map<String, String> paths() {
        return read().getOrDefault("paths", Map.of());
    }

    /** @return section to key to value; empty when there is no file */
    public Map<String, Map<String, String>> read() {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        if (!exists()) {
            return sections;
        }
        String section = "";
        for (String raw : lines()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0) {
                sections.computeIfAbsent(section, s -> new LinkedHashMap<>())
                        .put(unquote(line.substring(0, eq).strip()), unquote(line.substring(eq + 1).strip()));
            }
        }
        return sections;
    }

    /**
     * Sets {@code section.key = "value"}, keeping the rest of the file; the file is written under a temporary
     * name and renamed, readable by its owner only (it may hold the key).
     */
    public void set(String section, String key, String value) {
        List<String> out = new ArrayList<>();
        String current = "";
        boolean done = false;
        boolean sectionSeen = false;
        String entry = key + " = " + quote(value);
        for (String raw : exists() ? lines() : List.<String>of()) {
            String line = raw.strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                if (current.equals(section) && !done) {
                    insertBeforeBlank(out, entry);
                    done = true;
                }
                current = line.substring(1, line.length() - 1).strip();
                sectionSeen |= current.equals(section);
                out.add(raw);
                continue;
            }
            int eq = line.indexOf('=');
            if (!done && current.equals(section) && eq > 0 && unquote(line.substring(0, eq).strip()).equals(key)) {
                out.add(entry);
                done = true;
                continue;
            }
            out.add(raw);
        }
        if (!done) {
            if (current.equals(section) && sectionSeen) {
                insertBeforeBlank(out, entry);
            } else {
                if (!out.isEmpty() && !out.getLast().isBlank()) {
                    out.add("");
                }
                out.add("[" + section + "]");
                out.add(entry);
            }
        }
        write(String.join("\n", out) + "\n");
    }

    private static void insertBeforeBlank(List<String> out, String entry) {
        int at = out.size();
        while (at > 0 && out.get(at - 1).isBlank()) {
            at--;
        }
        out.add(at, entry);
    }

    private List<String> lines() {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.UNUSABLE_STATE, file + " cannot be read: " + e.getMessage());
        }
    }

    private void write(String text) {
        try {
            Files.createDirectories(file.getParent());
            Path part = file.resolveSibling(file.getFileName() + ".part");
            Files.deleteIfExists(part);
            try {
                Files.createFile(part, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(part);
            }
            Files.writeString(part, text, StandardCharsets.UTF_8);
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.FAILED, "cannot write " + file + ": " + e.getMessage()
                    + "; check that its folder is writable");
        }
    }

    /** The key must stay the owner's: a file others can read is refused, as for tsr's own config file. */
    public static void refuseReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                throw new TensorsException(ErrorCode.UNUSABLE_STATE, file + " can be read by other users and may hold your"
                        + " CivitAI API key: run 'chmod 600 " + file + "'");
            }
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions on this file system: nothing to check
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.UNUSABLE_STATE, file + " cannot be read: " + e.getMessage());
        }
    }

    static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < v.length() - 1; i++) {
                char ch = v.charAt(i);
                if (ch == '\\' && i + 1 < v.length() - 1) {
                    char next = v.charAt(++i);
                    sb.append(switch (next) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> next;
                    });
                } else {
                    sb.append(ch);
                }
            }
            return sb.toString();
        }
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1);
        }
        int comment = v.indexOf(" #");
        return comment >= 0 ? v.substring(0, comment).strip() : v;
    }

    static String quote(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
