package io.tensors.api;

import java.util.List;

/**
 * A hash of a whole model file, computed from the single sequential read the engine makes of each
 * file. Implementations are stateless and thread-safe; per-file state lives in the
 * {@link FileHasher} that {@link #newHasher} returns.
 */
public interface HashAlgorithm {
    /** @return a short lower-case id, unique among all plugins, such as {@code sha256} */
    String id();

    /** @return the type name stored in the catalog, as CivitAI spells it, such as {@code SHA256} */
    String type();

    /**
     * @return the type names whose values this algorithm derives its own from (AutoV2 needs SHA256);
     *     the engine computes them too and finishes them first. Empty by default.
     */
    default List<String> requires() {
        return List.of();
    }

    /**
     * @param format the id of the file's {@link ModelFormat}
     * @return whether this hash is defined for files of that format; AutoV3, defined by CivitAI for
     *     safetensors only, answers false for the others. True by default.
     * @since API version 2
     */
    default boolean appliesTo(String format) {
        return true;
    }

    /**
     * @param layout the size and data offset of the file about to be read, never null
     * @return a fresh hasher for that file, never null
     */
    FileHasher newHasher(FileLayout layout);

    /**
     * A hasher that may run independent parts of its work on idle cores; the engine calls this one.
     *
     * @param layout the size and data offset of the file about to be read, never null
     * @param idle the cores it may borrow (none while every core hashes a file of its own), never null
     * @return {@link #newHasher(FileLayout)} by default
     * @since API version 2
     */
    default FileHasher newHasher(FileLayout layout, IdleCores idle) {
        return newHasher(layout);
    }
}
