package io.tensors.engine.scan;

import io.tensors.api.ErrorCode;
import io.tensors.api.ModelHeader;
import io.tensors.api.TensorsException;
import io.tensors.engine.format.Formats;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.FileRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The scan's writer for a file whose hashes were computed elsewhere (while it downloaded): the header is
 * read by the format its content shows, with positional reads of the header only (never the data), and
 * the row is written the way a scan writes it, linked to its CivitAI version in the same transaction.
 */
public final class ArrivedFile {
    private ArrivedFile() {}

    /**
     * @param formats the loaded formats: the file is read by the one its content shows
     * @param hashes every hash computed, by type name; SHA256 among them
     * @param hashedTypes the types the hashing computed, including those that came out undefined
     * @return the header as cataloged, or null when no format recognises the content (nothing is written)
     * @throws TensorsException BAD_INPUT when the content breaks its format's rules; the catalog's own
     *     failures as the store reports them
     */
    public static ModelHeader catalog(CatalogStore store, Formats formats, Path file, Map<String, String> hashes,
            Collection<String> hashedTypes, long modelId, long versionId) {
        String path = file.toAbsolutePath().normalize().toString();
        String sha256 = hashes.get("SHA256");
        if (sha256 == null) {
            throw new IllegalStateException("SHA256 is always computed");
        }
        ModelHeader header;
        BasicFileAttributes attributes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (formats.probe(channel, attributes.size()) == null) {
                return null;
            }
            header = formats.read(channel, attributes.size(), file.getFileName().toString());
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.FAILED, path + ": cannot be read: " + FileWalker.describe(e), e);
        }
        FileRecord record = new FileRecord(path, sha256, header.headerSize(), header.tensorCount(), attributes.size(),
                attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS), FileWalker.fileKey(attributes), hashes,
                header.metadata(), String.join(",", new TreeSet<>(hashedTypes)), header.format(), header.safety().text(),
                header.imports(), header.findings());
        String now = Instant.now().toString();
        store.write(m -> {
            long id = m.localFiles().writeFile(record, null, true, now);
            m.links().setLink(id, modelId, versionId);
            return m.links().forgetMisses(java.util.List.of(sha256));
        });
        return header;
    }
}
