package io.tensors.shell.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tables measured in terminal cells, cut with an ellipsis, and fitted to a width when asked. */
class TableTest {
    static List<String> print(List<String> headers, List<List<String>> rows) {
        StringWriter s = new StringWriter();
        Table.print(new PrintWriter(s), headers, rows);
        return s.toString().lines().toList();
    }

    static List<String> print(List<Column> columns, List<List<String>> rows, int width) {
        StringWriter s = new StringWriter();
        Table.print(new PrintWriter(s), columns, rows, width);
        return s.toString().lines().toList();
    }

    @Test
    void wideAndCombiningCharactersAlignByTerminalCells() {
        List<String> lines = print(List.of("NAME", "SIZE"), List.of(
                List.of("日本語", "1"),           // three CJK characters: six cells
                List.of("e\u0301te\u0301", "2"),  // "été" with combining accents: three cells in five chars
                List.of("👍 ok", "3"),            // an emoji: two cells in two chars
                List.of("plain", "4")));
        assertThat(lines).containsExactly(
                "NAME    SIZE",
                "日本語  1",
                "e\u0301te\u0301     2",
                "👍 ok   3",
                "plain   4");
        for (String line : lines) {
            int column = line.lastIndexOf(' ') + 1;
            assertThat(Cells.width(line.substring(0, column))).as(line).isEqualTo(8);
        }
    }

    @Test
    void longCellsAreCutAtSixtyCellsButTheLastColumnNever() {
        String ascii = "a".repeat(61);
        String cjk = "語".repeat(40);
        String path = "/models/" + "p".repeat(80) + ".safetensors";
        List<String> lines = print(List.of("NAME", "PATH"), List.of(List.of(ascii, path), List.of(cjk, path)));
        assertThat(lines.get(1)).isEqualTo("a".repeat(59) + "…  " + path);
        // 29 wide characters and the ellipsis: 59 cells, one short of 60, as a wide character does not fit in the last one
        assertThat(lines.get(2)).isEqualTo("語".repeat(29) + "…" + "   " + path);
        assertThat(Table.cell(ascii)).isEqualTo("a".repeat(59) + "…");
        assertThat(Table.cell("\u001b[31mred")).isEqualTo("red");
    }

    @Test
    void cutsNeverSplitACharacterFromItsMarks() {
        assertThat(Cells.cut("ab👍cd", 4, Ellipsis.END)).isEqualTo("ab…");
        assertThat(Cells.cut("e\u0301e\u0301e\u0301e\u0301", 3, Ellipsis.END)).isEqualTo("e\u0301e\u0301…");
        assertThat(Cells.cut("abcde\u0301f", 4, Ellipsis.MIDDLE)).isEqualTo("ab…f");
        assertThat(Cells.cut("abcde\u0301f", 5, Ellipsis.MIDDLE)).isEqualTo("ab…e\u0301f");
        assertThat(Cells.cut("abcdef", 3, Ellipsis.NONE)).isEqualTo("abcdef");
    }

    @Test
    void fittingNarrowsTheLowestPriorityFirstDownToItsMinimum() {
        List<Column> columns = List.of(
                new Column("NAME", 4, 60, 2, Ellipsis.END),
                new Column("NOTE", 4, 60, 1, Ellipsis.END),
                new Column("FILE", 6, 60, 0, Ellipsis.MIDDLE));
        List<List<String>> rows = List.of(List.of("checkpoint", "a long note", "/models/sd/model.safetensors"));

        assertThat(print(columns, rows, Table.UNLIMITED)).containsExactly(
                "NAME        NOTE         FILE",
                "checkpoint  a long note  /models/sd/model.safetensors");
        // 30 cells: FILE gives up to its minimum first, then NOTE; NAME keeps its width
        assertThat(print(columns, rows, 30)).containsExactly(
                "NAME        NOTE        FILE",
                "checkpoint  a long no…  /mo…rs");
        // narrower than every minimum: each column stops at its own, and the line stays wider than asked
        assertThat(print(columns, rows, 10)).containsExactly(
                "NAME  NOTE  FILE",
                "che…  a l…  /mo…rs");
    }

    @Test
    void aColumnThatIsNeverCutIsNeverNarrowed() {
        List<Column> columns = List.of(Column.of("NAME"), Column.of("PATH").uncut());
        assertThat(print(columns, List.of(List.of("model", "/a/long/path/model.safetensors")), 20)).containsExactly(
                "NAME  PATH",
                "mod…  /a/long/path/model.safetensors");
    }

    @Test
    void theWidthIsTheTerminalsWhenKnownElseEighty() {
        assertThat(Table.width(132)).isEqualTo(132);
        assertThat(Table.width(0)).isEqualTo(80);
        assertThat(Table.width(-1)).isEqualTo(80);
    }
}
