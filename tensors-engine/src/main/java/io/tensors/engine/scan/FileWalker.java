package io.tensors.engine.scan;

import io.tensors.api.ScanFailure;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Finds {@code *.safetensors} files under the roots, following symlinks (model folders are often
 * linked between UIs) while stepping over loops. Problems with one entry never stop the walk.
 */
final class FileWalker {
    private static final String SUFFIX = ".safetensors";

    private final Consumer<ScanFailure> failed;
    private final Consumer<ScanFailure> skipped;

    FileWalker(Consumer<ScanFailure> failed, Consumer<ScanFailure> skipped) {
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

    static boolean isModelFile(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(SUFFIX);
    }

    static String fileKey(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return key == null ? null : key.toString();
    }

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
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
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
            if (pathString.indexOf('\uFFFD') >= 0 && !Files.exists(file)) {
                failed.accept(new ScanFailure(pathString, "file name is not valid UTF-8 and cannot be opened: rename it"));
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
