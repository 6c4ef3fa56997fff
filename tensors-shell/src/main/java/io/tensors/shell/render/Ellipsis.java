package io.tensors.shell.render;

/** Where a cell too wide for its column loses its text. */
public enum Ellipsis {
    /** Keep the start: names and descriptions. */
    END,
    /** Keep both ends: paths, whose file name is at the end. */
    MIDDLE,
    /** Never cut: what people copy (the last column, usually a path). */
    NONE
}
