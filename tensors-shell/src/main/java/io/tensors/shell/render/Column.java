package io.tensors.shell.render;

/**
 * One column of a {@link Table}.
 *
 * @param header the heading, cut like a cell
 * @param minWidth the fewest cells the column keeps when the table is fitted to the terminal
 * @param maxWidth the most cells a cell shows, whatever the terminal's width
 * @param priority columns with a lower priority give up their width first when the table is fitted
 * @param ellipsis how a cell wider than its column is cut
 */
public record Column(String header, int minWidth, int maxWidth, int priority, Ellipsis ellipsis) {
    /** The widest a cell shows by default: longer ones end in an ellipsis. */
    public static final int MAX_CELL = 60;

    public Column {
        if (minWidth < 1 || maxWidth < minWidth) {
            throw new IllegalArgumentException("column " + header + ": widths " + minWidth + ".." + maxWidth);
        }
    }

    /** @return a column cut at the end past {@link #MAX_CELL} cells, shrinking to its heading when fitted */
    public static Column of(String header) {
        return new Column(header, Math.max(1, Math.min(Cells.width(header), MAX_CELL)), MAX_CELL, 0, Ellipsis.END);
    }

    /** @return this column never cut (it can then not shrink either) */
    public Column uncut() {
        return new Column(header, minWidth, Integer.MAX_VALUE, priority, Ellipsis.NONE);
    }
}
