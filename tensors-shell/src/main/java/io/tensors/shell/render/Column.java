package io.tensors.shell.render;

/**
 * One column of a {@link Table}.
 *
 * @param header the heading, cut like a cell
 * @param minWidth the fewest cells the column keeps when the table is fitted to the terminal
 * @param maxWidth the most cells a cell shows, whatever the terminal's width
 * @param priority columns with a lower priority give up their width first when the table is fitted
 * @param ellipsis how a cell wider than its column is cut
 * @param droppable whether the column may be left out when even its minimum does not fit
 */
public record Column(String header, int minWidth, int maxWidth, int priority, Ellipsis ellipsis, boolean droppable) {
    /** The widest a cell shows by default: longer ones end in an ellipsis. */
    public static final int MAX_CELL = 60;

    public Column {
        if (minWidth < 1 || maxWidth < minWidth) {
            throw new IllegalArgumentException("column " + header + ": widths " + minWidth + ".." + maxWidth);
        }
    }

    public Column(String header, int minWidth, int maxWidth, int priority, Ellipsis ellipsis) {
        this(header, minWidth, maxWidth, priority, ellipsis, false);
    }

    /** @return a column cut at the end past {@link #MAX_CELL} cells, shrinking to its heading when fitted */
    public static Column of(String header) {
        return new Column(header, Math.max(1, Math.min(Cells.width(header), MAX_CELL)), MAX_CELL, 0, Ellipsis.END);
    }

    /**
     * @param priority higher keeps its width longer; columns of priority 0 or less may be dropped
     * @return a column fitted to the terminal: cut at the end, shrinking to {@code minWidth}
     */
    public static Column fitted(String header, int minWidth, int priority) {
        return new Column(header, Math.max(1, minWidth), MAX_CELL, priority, Ellipsis.END, priority <= 0);
    }

    /** @return a path column: cut after its first folder (the file name is at the end), never dropped, at least 24 cells */
    public static Column path(String header, int priority) {
        return new Column(header, 24, Integer.MAX_VALUE - 1, priority, Ellipsis.PATH, false);
    }

    /** @return this column never cut (it can then not shrink either) */
    public Column uncut() {
        return new Column(header, minWidth, Integer.MAX_VALUE, priority, Ellipsis.NONE, droppable);
    }

    /** @return this column, never left out */
    public Column kept() {
        return new Column(header, minWidth, maxWidth, priority, ellipsis, false);
    }
}
