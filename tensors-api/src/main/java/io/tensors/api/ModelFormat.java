package io.tensors.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Set;

/**
 * A model file format: which file names the scan looks at for it, how its content is recognised,
 * and how its header is read. A file is read by the format its first bytes show, whatever its name
 * says. Implementations are stateless and thread-safe, and never run code found in a file.
 */
public interface ModelFormat {
    /** @return a short lower-case id, unique among all plugins, such as {@code gguf} */
    String id();

    /** @return the file-name endings this format claims, lower case with their dot ({@code .gguf}), never empty */
    Set<String> endings();

    /** @return how many leading bytes {@link #probe} wants to see; at most 4096 */
    default int probeBytes() {
        return 16;
    }

    /**
     * @param first the file's first bytes, from position to limit: {@link #probeBytes()} of them, or
     *     fewer when the file is shorter; read only, the position is left unchanged
     * @return whether the content is this format
     */
    boolean probe(ByteBuffer first);

    /**
     * Reads and validates the header through positional reads of the channel; never reads the
     * tensor data beyond what the format's header needs.
     *
     * @param channel the file, open for reading; its position is not used
     * @param size the file's size as the caller saw it
     * @return the header, never null
     * @throws TensorsException with {@link ErrorCode#BAD_INPUT} when the file breaks the format's
     *     rules; its message says which, in one line, without the path
     * @throws IOException when the file cannot be read
     */
    ModelHeader read(FileChannel channel, long size) throws IOException;
}
