package io.tensors.api;

/**
 * What kind of failure a {@link TensorsException} reports; each kind has one process exit code
 * (the documented exit codes), so every front door maps failures the same way.
 */
public enum ErrorCode {
    /** The operation failed or partly failed (some files, a source). Exit code 1. */
    FAILED(1),
    /** Bad usage or bad input named by the user. Exit code 2. */
    BAD_INPUT(2),
    /** An unusable state: catalog too new or locked, plugin incompatible. Exit code 3. */
    UNUSABLE_STATE(3),
    /** A bug in tensors. Exit code 4. */
    INTERNAL(4),
    /** Interrupted by the user (Ctrl-C). Exit code 130. */
    INTERRUPTED(130);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    /** @return the process exit code for this kind of failure */
    public int exitCode() {
        return exitCode;
    }
}
