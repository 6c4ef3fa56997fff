package io.tensors.api;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;

/**
 * The state of one {@link HashAlgorithm} over one file. The engine reads the file once, from its
 * first byte to its last, and passes every chunk to every enabled hasher in file order. A hasher is
 * used by one thread at a time and is discarded after {@link #finish}.
 */
public interface FileHasher {
    /**
     * Consumes the next chunk of the file.
     *
     * @param offset the file offset of {@code chunk.position()}
     * @param chunk the bytes from its position to its limit; read-only to the hasher, which must not
     *     keep a reference to it after returning (its position may be moved)
     */
    void update(long offset, ByteBuffer chunk);

    /**
     * Ends the file.
     *
     * @param required the values of the types this algorithm {@linkplain HashAlgorithm#requires()
     *     requires}, keyed by type name, already finished
     * @return the hash as CivitAI writes it (uppercase hex), or empty when it is not defined for this
     *     file (AutoV1 of a file under 2 MiB)
     */
    Optional<String> finish(Map<String, String> required);
}
