package io.tensors.shell;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.UUID;

/** Replacing a file so that readers see the old or the new one, never half of either. */
final class AtomicFile {
    private AtomicFile() {}

    /** What goes into the file. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a temporary file next to the target and moves it over the target: a failure leaves the
     * old one as it was. The new file gets the permissions of the one it replaces, or the default ones
     * (the user's umask) when there is none.
     *
     * @param target an absolute path
     * @throws TensorsException FAILED naming the target and the reason in words
     */
    static void write(Path target, Content content) {
        Path folder = target.getParent();
        Path temp = null;
        try {
            Files.createDirectories(folder);
            Path candidate = folder.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try (OutputStream os = Files.newOutputStream(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                temp = candidate;
                content.writeTo(os);
            }
            copyPermissions(target, temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.FAILED, "cannot write " + target + ": " + reason(e)
                    + (Files.exists(target) ? "; the previous file there is unchanged" : ""), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: the target was not touched
                }
            }
        }
    }

    /** Keeps the mode of the file being replaced (a 0644 export stays 0644). */
    private static void copyPermissions(Path from, Path to) throws IOException {
        if (!Files.isRegularFile(from)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions here: the defaults stay
        }
    }

    /** Why writing failed, in words and without Java class names. */
    static String reason(IOException e) {
        String text = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        if (e instanceof AccessDeniedException || lower.contains("permission denied") || lower.contains("access denied")) {
            return "permission denied";
        }
        if (lower.contains("no space left") || lower.contains("disk quota")) {
            return "disk full";
        }
        if (lower.contains("read-only file system")) {
            return "the file system is read-only";
        }
        if (e instanceof NoSuchFileException) {
            return "no such folder";
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException || lower.contains("not a directory")) {
            return "a file is in the way of its folder";
        }
        if (lower.contains("is a directory")) {
            return "it is a folder";
        }
        return text == null || text.isBlank() ? "write failed" : text;
    }
}
