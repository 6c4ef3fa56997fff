package io.tensors.plugins.pickle;

/**
 * Why the symbolic machine stopped before STOP: the stream is malformed (CPython's unpickler would
 * stop there too) or it exceeds one of tsr's bounds (CPython would go on, so what follows is unknown).
 */
final class PickleStreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean limit;

    PickleStreamException(String message, boolean limit) {
        super(message, null, false, false);
        this.limit = limit;
    }

    /** @return whether a bound of tsr's stopped the reading, rather than a malformed stream */
    boolean limit() {
        return limit;
    }
}
