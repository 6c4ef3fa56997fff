package io.tensors.shell.render;

import io.tensors.api.TerminalText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A plain text table for people: left-aligned columns two cells apart, widths in terminal cells
 * ({@link Cells}), long cells cut with an ellipsis. Given a width, the table is fitted to it by
 * narrowing the columns of lowest priority first, down to their minimum; the commands pass
 * {@link #UNLIMITED} today, so a table is never narrowed to the terminal.
 */
public final class Table {
    /** No width limit: columns are as wide as their widest (cut) cell. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    /** The width assumed when the terminal does not say. */
    static final int DEFAULT_TERMINAL = 80;
    private static final int GAP = 2;

    private Table() {}

    /** @return the width to fit a table to: the terminal's columns when known (above 0), else 80 */
    public static int width(int terminalColumns) {
        return terminalColumns > 0 ? terminalColumns : DEFAULT_TERMINAL;
    }

    /** Prints a table of default columns ({@link Column#of}), the last one never cut: it is what people copy. */
    public static void print(PrintWriter out, List<String> headers, List<List<String>> rows) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            Column c = Column.of(sanitize(headers.get(i)));
            columns.add(i == headers.size() - 1 ? c.uncut() : c);
        }
        print(out, columns, rows, UNLIMITED);
    }

    /** Prints the rows under the columns, fitted to {@code width} cells where the columns allow. */
    public static void print(PrintWriter out, List<Column> columns, List<List<String>> rows, int width) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Cells.width(cut(columns.get(i).header(), columns.get(i)));
        }
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], Cells.width(cut(row.get(i), columns.get(i))));
            }
        }
        fit(columns, widths, width);
        List<String> headers = columns.stream().map(Column::header).toList();
        line(out, headers, columns, widths);
        for (List<String> row : rows) {
            line(out, row, columns, widths);
        }
        out.flush();
    }

    /** One cell outside a table (a list of key = value lines): sanitized and cut like a table cell. */
    public static String cell(String s) {
        return cut(s, Column.of(""));
    }

    /** Narrows columns, lowest priority first (the rightmost first among equals), until the table fits or none can give. */
    static void fit(List<Column> columns, int[] widths, int width) {
        long over = GAP * (widths.length - 1L) - width;
        for (int w : widths) {
            over += w;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = widths.length - 1; i >= 0; i--) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> columns.get(i).priority()));
        for (int i : order) {
            if (over <= 0) {
                return;
            }
            Column c = columns.get(i);
            if (c.ellipsis() == Ellipsis.NONE) {
                continue;
            }
            int give = (int) Math.min(over, Math.max(0, widths[i] - c.minWidth()));
            widths[i] -= give;
            over -= give;
        }
    }

    private static void line(PrintWriter out, List<String> cells, List<Column> columns, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String c = Cells.cut(cut(cells.get(i), columns.get(i)), widths[i], columns.get(i).ellipsis());
            b.append(c);
            if (i < widths.length - 1) {
                b.append(" ".repeat(Math.max(0, widths[i] - Cells.width(c)) + GAP));
            }
        }
        out.println(b.toString().stripTrailing());
    }

    /** @return the cell made safe for one terminal line and cut to the column's widest */
    private static String cut(String s, Column column) {
        return Cells.cut(sanitize(s), column.maxWidth(), column.ellipsis());
    }

    private static String sanitize(String s) {
        return s == null ? "" : TerminalText.sanitize(s, Integer.MAX_VALUE);
    }
}
