package io.tensors.engine.scan;

import io.tensors.api.ErrorText;
import io.tensors.api.ScanFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Finds the model files under the roots (by their name's ending), following symlinks (model folders are often
 * linked between UIs) while stepping over loops. Problems with one entry never stop the walk.
 */
final class FileWalker {
    private final Set<String> endings;
    private final Consumer<ScanFailure> failed;
    private final Consumer<ScanFailure> skipped;

    /** @param endings the file-name endings to take, lowercase, with their dot ({@code .safetensors}) */
    FileWalker(Set<String> endings, Consumer<ScanFailure> failed, Consumer<ScanFailure> skipped) {
        this.endings = Set.copyOf(endings);
        this.failed = failed;
        this.skipped = skipped;
    }

    /** @return the files found, each path once, in walk order */
    List<FoundFile> walk(List<Path> roots) {
        Map<String, FoundFile> found = new LinkedHashMap<>();
        for (Path root : roots) {
            try {
                Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new Visitor(found));
            } catch (IOException e) {
                failed.accept(new ScanFailure(root.toString(), "cannot be walked: " + describe(e)));
            }
        }
        return new ArrayList<>(found.values());
    }

    /** @return whether the walk takes this file, by its name's ending */
    boolean isModelFile(Path path) {
        Path name = path.getFileName();
        if (name == null) {
            return false;
        }
        String lower = name.toString().toLowerCase(Locale.ROOT);
        for (String ending : endings) {
            if (lower.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    static String fileKey(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return key == null ? null : key.toString();
    }

    /**
     * Whether the path's text names the same file again. The catalog stores paths as text; a name
     * whose bytes are not valid in the file-name charset (UTF-8) reads as U+FFFD, so its text would
     * open another file or none, and two such names would read the same.
     */
    private static boolean opensAgain(Path path, String pathString) {
        return pathString.indexOf('\uFFFD') < 0 || path.equals(path.getFileSystem().getPath(pathString));
    }

    /**
     * The path with each byte that is not UTF-8 written as {@code \xFF}, so that names which read the
     * same can be told apart, and typed in a shell as {@code $'...'}.
     */
    static String withBytesEscaped(Path path) {
        String raw = path.toUri().getRawPath(); // the name's bytes, percent-encoded where not plain ASCII
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                bytes.put((byte) Integer.parseInt(raw, i + 1, i + 3, 16));
                i += 2;
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        if (Files.isDirectory(path) && bytes.limit() > 1 && bytes.get(bytes.limit() - 1) == '/') {
            bytes.limit(bytes.limit() - 1); // a folder's URI ends with a slash
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        CharBuffer text = CharBuffer.allocate(bytes.remaining());
        StringBuilder shown = new StringBuilder();
        while (true) {
            CoderResult result = utf8.decode(bytes, text, true);
            shown.append(text.flip());
            text.clear();
            if (!result.isError()) {
                return shown.toString();
            }
            for (int i = 0; i < result.length(); i++) {
                shown.append(String.format(Locale.ROOT, "\\x%02X", bytes.get() & 0xff));
            }
        }
    }

    private static String unrepresentable(String what) {
        String charset = System.getProperty("sun.jnu.encoding", "UTF-8");
        return charset.equalsIgnoreCase("UTF-8")
                ? "its " + what + " name is not valid UTF-8, so its path cannot be stored: rename it"
                : "its " + what + " name cannot be written in this system's file-name charset (" + charset
                        + "): run tsr under a UTF-8 locale (LANG=C.UTF-8), or rename it";
    }

    /** Why a file or folder could not be read, in words: what to do for the usual causes. */
    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied: give your user read access";
        }
        if (e instanceof NoSuchFileException) {
            return "disappeared during the scan";
        }
        if (e instanceof FileSystemLoopException) {
            return "symlink loop";
        }
        return ErrorText.describe(e);
    }

    private final class Visitor extends SimpleFileVisitor<Path> {
        private final Map<String, FoundFile> found;

        Visitor(Map<String, FoundFile> found) {
            this.found = found;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (!isModelFile(file)) {
                return FileVisitResult.CONTINUE;
            }
            String pathString = file.toString();
            if (!opensAgain(file, pathString)) {
                failed.accept(new ScanFailure(withBytesEscaped(file), unrepresentable("file")));
            } else if (attributes.isSymbolicLink()) {
                skipped.accept(new ScanFailure(pathString, "broken symlink"));
            } else if (!attributes.isRegularFile()) {
                skipped.accept(new ScanFailure(pathString, "not a regular file"));
            } else {
                found.putIfAbsent(pathString, new FoundFile(file, pathString, attributes.size(),
                        attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS), fileKey(attributes)));
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
            String pathString = folder.toString();
            if (!opensAgain(folder, pathString)) {
                failed.accept(new ScanFailure(withBytesEscaped(folder), unrepresentable("folder") + "; nothing in it is scanned"));
                return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            if (e instanceof FileSystemLoopException) {
                skipped.accept(new ScanFailure(file.toString(), "symlink loop"));
            } else if (e instanceof NoSuchFileException) {
                // removed between listing and visiting: nothing to catalog
            } else if (isModelFile(file) || Files.isDirectory(file)) {
                failed.accept(new ScanFailure(file.toString(), "cannot be read: " + describe(e)));
            }
            return FileVisitResult.CONTINUE;
        }
    }
}
