package io.tensors.shell;

import java.io.PrintWriter;
import java.util.List;

/** A plain text table for people: left-aligned columns, long cells cut with an ellipsis. */
final class Table {
    private static final int MAX_CELL = 60;

    private Table() {}

    static void print(PrintWriter out, List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], cell(row.get(i), i == widths.length - 1).length());
            }
        }
        line(out, headers, widths);
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        out.flush();
    }

    private static void line(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String c = cell(cells.get(i), i == widths.length - 1);
            b.append(c);
            if (i < widths.length - 1) {
                b.append(" ".repeat(widths[i] - c.length() + 2));
            }
        }
        out.println(b.toString().stripTrailing());
    }

    /** The last column (usually a path) is never cut: it is what people copy. */
    static String cell(String s, boolean last) {
        if (s == null) {
            return "";
        }
        String clean = Text.sanitize(s);
        return !last && clean.length() > MAX_CELL ? clean.substring(0, MAX_CELL - 1) + "…" : clean;
    }

    static String cell(String s) {
        return cell(s, false);
    }
}
