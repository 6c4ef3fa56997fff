package io.tensors.shell.render;

import io.tensors.api.TerminalText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A plain text table for people: left-aligned columns two cells apart, widths in terminal cells
 * ({@link Cells}), long cells cut with an ellipsis. Fitted to a width (the terminal's, 80 when it
 * is not one): the columns of lowest priority are narrowed first, down to their minimum, then
 * dropped, lowest priority first, until the rows fit; a row is never wider than the width, so the
 * terminal never wraps one. Colour and hyperlinks ({@link Paint}) are added after fitting.
 */
public final class Table {
    /** No width limit (--wide): columns are as wide as their widest (cut) cell, none dropped. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    /** The width assumed when the output is not a terminal, or the terminal does not say. */
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

    /** Prints the rows under the columns, fitted to {@code width} cells, plain. */
    public static void print(PrintWriter out, List<Column> columns, List<List<String>> rows, int width) {
        List<List<Cell>> cells = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            cells.add(row.stream().map(Cell::of).toList());
        }
        printCells(out, columns, cells, width, Paint.PLAIN);
    }

    /** Prints the rows under the columns, fitted to {@code width} cells, coloured and linked as {@code paint} allows. */
    public static void printCells(PrintWriter out, List<Column> columns, List<List<Cell>> rows, int width, Paint paint) {
        List<Integer> shown = shown(columns, rows, width);
        int[] widths = natural(columns, rows, shown);
        fit(shown.stream().map(columns::get).toList(), widths, width);
        List<Cell> headers = shown.stream().map(i -> Cell.of(columns.get(i).header(), Tone.BOLD)).toList();
        line(out, headers, columns, shown, widths, width, paint);
        for (List<Cell> row : rows) {
            line(out, shown.stream().map(row::get).toList(), columns, shown, widths, width, paint);
        }
        out.flush();
    }

    /** One cell outside a table (a list of key = value lines): sanitized and cut like a table cell. */
    public static String cell(String s) {
        return cut(s, Column.of(""));
    }

    /**
     * @return the columns that stay: lowest priority first (the rightmost among equals), each is
     *     narrowed to its minimum and, when the table is still too wide and it may be, left out
     */
    private static List<Integer> shown(List<Column> columns, List<List<Cell>> rows, int width) {
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            shown.add(i);
        }
        if (width == UNLIMITED) {
            return shown;
        }
        int[] widths = natural(columns, rows, shown);
        long over = total(widths) - width;
        List<Integer> order = new ArrayList<>(shown.reversed());
        order.sort(Comparator.comparingInt(i -> columns.get(i).priority()));
        for (int i : order) {
            if (over <= 0) {
                break;
            }
            Column c = columns.get(i);
            int give = c.ellipsis() == Ellipsis.NONE ? 0 : Math.max(0, widths[i] - c.minWidth());
            if (over > give && c.droppable()) {
                over -= widths[i] + GAP;
                shown.remove(Integer.valueOf(i));
            } else {
                over -= give;
            }
        }
        return shown;
    }

    private static int[] natural(List<Column> columns, List<List<Cell>> rows, List<Integer> shown) {
        int[] widths = new int[shown.size()];
        for (int k = 0; k < widths.length; k++) {
            Column c = columns.get(shown.get(k));
            widths[k] = Cells.width(cut(c.header(), c));
            for (List<Cell> row : rows) {
                widths[k] = Math.max(widths[k], Cells.width(cut(row.get(shown.get(k)).text(), c)));
            }
        }
        return widths;
    }

    private static long total(int[] widths) {
        long sum = GAP * (widths.length - 1L);
        for (int w : widths) {
            sum += w;
        }
        return sum;
    }

    /** Narrows columns, lowest priority first (the rightmost first among equals), until the table fits or none can give. */
    static void fit(List<Column> columns, int[] widths, int width) {
        long over = total(widths) - width;
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

    private static void line(PrintWriter out, List<Cell> cells, List<Column> columns, List<Integer> shown, int[] widths,
            int width, Paint paint) {
        StringBuilder plain = new StringBuilder();
        StringBuilder painted = new StringBuilder();
        for (int k = 0; k < widths.length; k++) {
            Column column = columns.get(shown.get(k));
            Cell cell = cells.get(k);
            String c = Cells.cut(cut(cell.text(), column), widths[k], column.ellipsis());
            plain.append(c);
            painted.append(paint.apply(c, cell.tone(), cell.link()));
            if (k < widths.length - 1) {
                String pad = " ".repeat(Math.max(0, widths[k] - Cells.width(c)) + GAP);
                plain.append(pad);
                painted.append(pad);
            }
        }
        String text = plain.toString().stripTrailing();
        if (width != UNLIMITED && Cells.width(text) > width) {
            // the columns left cannot give more (an uncut one is too wide): cut the row, never wrap it
            out.println(Cells.cut(text, width, Ellipsis.END));
            return;
        }
        out.println(paint.colour() || paint.links() ? painted.toString().stripTrailing() : text);
    }

    /** @return the cell made safe for one terminal line and cut to the column's widest */
    private static String cut(String s, Column column) {
        return Cells.cut(sanitize(s), column.maxWidth(), column.ellipsis());
    }

    private static String sanitize(String s) {
        return s == null ? "" : TerminalText.sanitize(s, Integer.MAX_VALUE);
    }
}
