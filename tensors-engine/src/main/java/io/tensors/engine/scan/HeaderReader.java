package io.tensors.engine.scan;

import io.tensors.api.SafetensorsHeader;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.nio.channels.FileChannel;

/** How the scan's reader gets a model file's header: the seam where a file format plugs in. */
@FunctionalInterface
interface HeaderReader {
    /**
     * Reads and validates the header through positional reads.
     *
     * @param size the file's size as the walk saw it
     * @param displayName how to name the file in {@link IOException} messages
     * @return the header: where the data starts, the tensors, the metadata
     * @throws TensorsException with {@link io.tensors.api.ErrorCode#BAD_INPUT} when the file breaks the
     *     format's rules; its message says which, in one line, without the path
     * @throws IOException when the file cannot be read
     */
    SafetensorsHeader read(FileChannel channel, long size, String displayName) throws IOException;
}
