package io.tensors.api;

import java.util.Objects;

/**
 * The one exception type of tensors. Its message is a single line meant for the user: what
 * failed, on which input, and what to do.
 */
public class TensorsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * @param code the kind of failure, never null
     * @param message one line for the user, never null
     */
    public TensorsException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /**
     * @param code the kind of failure, never null
     * @param message one line for the user, never null
     * @param cause the underlying failure, shown only when the user asks for details; may be null
     */
    public TensorsException(ErrorCode code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** @return the kind of failure, never null */
    public ErrorCode code() {
        return code;
    }
}
