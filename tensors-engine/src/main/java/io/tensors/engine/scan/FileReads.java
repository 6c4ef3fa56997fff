package io.tensors.engine.scan;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opening one file the user named, with one clear line when it cannot be. */
public final class FileReads {
    private FileReads() {}

    /** Opens a regular file for reading. */
    public static FileChannel open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new TensorsException(ErrorCode.BAD_INPUT, file + ": is a folder; name a model file");
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    /** @return the failure to report for an I/O error on a file the user named */
    public static TensorsException failure(Path file, IOException e) {
        String reason = e instanceof NoSuchFileException ? "no such file; check the path" : FileWalker.describe(e);
        return new TensorsException(ErrorCode.BAD_INPUT, file + ": " + reason, e);
    }
}
