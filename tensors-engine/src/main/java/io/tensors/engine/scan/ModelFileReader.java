package io.tensors.engine.scan;

import io.tensors.api.ErrorCode;
import io.tensors.api.FileLayout;
import io.tensors.api.ModelHeader;
import io.tensors.api.TensorsException;
import io.tensors.engine.format.Formats;
import io.tensors.engine.store.FileRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/** Reads one file: its header by the format its content shows, then every hash in one sequential pass; never throws for a bad file. */
final class ModelFileReader {
    private final Formats formats;
    private final HashPipeline pipeline;
    /** The types a read computes, sorted and comma-joined, as a row records them. */
    private final String hashedTypes;

    ModelFileReader(Formats formats, HashPipeline pipeline) {
        this.formats = formats;
        this.pipeline = pipeline;
        this.hashedTypes = String.join(",", pipeline.types());
    }

    /**
     * @param buffer a direct buffer of {@link HashPipeline#CHUNK_BYTES} the read may use until it returns
     * @param progress told the byte count of each chunk hashed
     */
    FileRead read(FoundFile f, ByteBuffer buffer, LongConsumer progress) {
        try (FileChannel channel = FileChannel.open(f.path(), StandardOpenOption.READ)) {
            long size = channel.size();
            if (size != f.size()) {
                return new FileRead.Failed(f, "changed while being scanned; scan again when it is complete");
            }
            ModelHeader header;
            try {
                header = formats.read(channel, size, f.path().getFileName().toString());
            } catch (TensorsException e) {
                if (e.code() != ErrorCode.BAD_INPUT && e.code() != ErrorCode.FAILED) {
                    throw e;
                }
                return new FileRead.Failed(f, e.getMessage()); // a bad file, or a format plugin that failed on it
            }
            FileLayout layout = new FileLayout(size, Math.max(0, header.dataStart()), header.format());
            Map<String, String> hashes = pipeline.hash(channel, layout, buffer, progress);
            BasicFileAttributes after = Files.readAttributes(f.path(), BasicFileAttributes.class);
            if (after.size() != f.size() || after.lastModifiedTime().to(TimeUnit.NANOSECONDS) != f.mtimeNs()) {
                return new FileRead.Failed(f, "changed while being hashed; scan again when it is complete");
            }
            String sha256 = hashes.get("SHA256");
            if (sha256 == null) {
                throw new IllegalStateException("SHA256 is always computed");
            }
            return new FileRead.Read(new FileRecord(f.pathString(), sha256, header.headerSize(), header.tensorCount(),
                    size, f.mtimeNs(), f.fileKey(), hashes, header.metadata(), hashedTypes, header.format(),
                    header.safety().text(), header.imports(), header.findings()), header.tensors());
        } catch (IOException e) {
            return new FileRead.Failed(f, "cannot be read: " + FileWalker.describe(e));
        } catch (RuntimeException e) {
            // a bug here or in a caller's listener: this file fails, the scan goes on
            String message = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new FileRead.Failed(f, "internal error while reading: " + message.replace('\n', ' ').replace('\r', ' '));
        }
    }
}
