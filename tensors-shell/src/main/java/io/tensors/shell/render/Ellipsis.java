package io.tensors.shell.render;

/** Where a cell too wide for its column loses its text. */
public enum Ellipsis {
    /** Keep the start: names and descriptions. */
    END,
    /** Keep both ends. */
    MIDDLE,
    /** A path: keep its first folder and as much of its end (the file name) as fits: {@code /models/…/loras/x.safetensors}. */
    PATH,
    /** Never cut: what people copy (the last column, usually a path). */
    NONE
}
