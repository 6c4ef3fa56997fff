package io.tensors.shell.render;

import org.jline.utils.WCWidth;

/**
 * Text measured and cut in terminal cells, as JLine's {@code AttributedString.columnLength} counts
 * them ({@link WCWidth}): a CJK character or an emoji takes two cells, a combining mark none. Every
 * width in a table comes from here, so how the terminal counts is decided in one place.
 */
public final class Cells {
    /** The mark left where a cell was cut: one cell wide. */
    static final String ELLIPSIS = "…";

    private Cells() {}

    /** @return how many terminal cells the text takes (control characters count as none) */
    public static int width(String s) {
        int cells = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            cells += Math.max(0, WCWidth.wcwidth(cp));
            i += Character.charCount(cp);
        }
        return cells;
    }

    /**
     * @return the text cut to at most {@code cells} cells, with an ellipsis at the end or in the middle;
     *     unchanged when it fits or the style is {@link Ellipsis#NONE}
     */
    public static String cut(String s, int cells, Ellipsis style) {
        if (style == Ellipsis.NONE || width(s) <= cells) {
            return s;
        }
        int room = Math.max(0, cells - 1);
        if (style == Ellipsis.END) {
            return s.substring(0, prefix(s, room)) + ELLIPSIS;
        }
        if (style == Ellipsis.PATH) {
            // the first folder when it leaves the end at least 16 cells, else only the end
            int slash = s.indexOf('/', 1);
            String head = slash > 0 ? s.substring(0, slash + 1) : "";
            if (head.isEmpty() || width(head) > room - 16) {
                head = "";
            }
            return head + ELLIPSIS + s.substring(suffix(s, room - width(head)));
        }
        int head = prefix(s, room - room / 2);
        return s.substring(0, head) + ELLIPSIS + s.substring(suffix(s, room / 2));
    }

    /** @return the end index of the longest start of s that fits in the cells (with its combining marks) */
    private static int prefix(String s, int cells) {
        int used = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int w = Math.max(0, WCWidth.wcwidth(cp));
            if (used + w > cells) {
                break;
            }
            used += w;
            i += Character.charCount(cp);
        }
        return i;
    }

    /** @return the start index of the longest end of s that fits in the cells, not starting on a combining mark */
    private static int suffix(String s, int cells) {
        int used = 0;
        int i = s.length();
        int start = i;
        while (i > 0) {
            int cp = s.codePointBefore(i);
            int w = Math.max(0, WCWidth.wcwidth(cp));
            if (used + w > cells) {
                break;
            }
            used += w;
            i -= Character.charCount(cp);
            if (w > 0) {
                start = i;
            }
        }
        return start;
    }
}
