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
        // narrower than every minimum and no column may be dropped: each stops at its own, and the
        // row is cut at the width rather than wrapped by the terminal
        assertThat(print(columns, rows, 10)).containsExactly(
                "NAME  NOT…",
                "che…  a l…");
    }

    @Test
    void aColumnThatIsNeverCutIsNeverNarrowed() {
        List<Column> columns = List.of(Column.of("NAME"), Column.of("PATH").uncut());
        List<List<String>> rows = List.of(List.of("model", "/a/long/path/model.safetensors"));
        assertThat(print(columns, rows, 40)).containsExactly(
                "NAME   PATH",
                "model  /a/long/path/model.safetensors");
        // too narrow for it: the row is cut at the width, never wrapped
        assertThat(print(columns, rows, 20)).containsExactly(
                "NAME  PATH",
                "mod…  /a/long/path/…");
    }

    @Test
    void columnsOfLowPriorityAreDroppedWhenTheirMinimumDoesNotFitAndTheRestGetTheRoom() {
        List<Column> columns = List.of(
                Column.fitted("MODEL", 8, 3),
                Column.fitted("HASH", 10, 0),
                Column.fitted("TRIGGERS", 8, -1),
                Column.path("PATH", 5));
        List<List<String>> rows = List.of(List.of("Detail Tweaker", "0123456789", "add_detail | detailed", "/models/loras/add_detail.safetensors"));
        assertThat(print(columns, rows, Table.UNLIMITED)).containsExactly(
                "MODEL           HASH        TRIGGERS               PATH",
                "Detail Tweaker  0123456789  add_detail | detailed  /models/loras/add_detail.safetensors");
        // TRIGGERS (lowest) goes first, then HASH; PATH and MODEL keep what they need
        assertThat(print(columns, rows, 70)).containsExactly(
                "MODEL           HASH        PATH",
                "Detail Tweaker  0123456789  /models/loras/add_detail.safetensors");
        assertThat(print(columns, rows, 52)).containsExactly(
                "MODEL           PATH",
                "Detail Tweaker  /models/loras/add_detail.safetensors");
        List<String> narrow = print(columns, rows, 34);
        assertThat(narrow).allSatisfy(line -> assertThat(Cells.width(line)).isLessThanOrEqualTo(34));
        assertThat(narrow.get(1)).startsWith("Detail …").endsWith("add_detail.safetensors".substring(12)).contains("…");
    }

    @Test
    void wideCjkAndEmojiRowsFitTheWidthInCellsAndStayAligned() {
        List<Column> columns = List.of(Column.fitted("NAME", 6, 3), Column.fitted("TYPE", 4, 1), Column.path("PATH", 2));
        List<List<String>> rows = List.of(
                List.of("细节调整LoRA (Detail Tweaker)", "LORA", "/m/loras/细节调整.safetensors"),
                List.of("初音ミク 🎤 v2", "LORA", "/m/loras/miku.safetensors"),
                List.of("Cafe\u0301 style", "LoCon", "/m/x.safetensors".replace("x", "cafe\u0301")));
        for (int width : new int[] {40, 80, 120}) {
            List<String> lines = print(columns, rows, width);
            assertThat(lines).allSatisfy(line -> assertThat(Cells.width(line)).isLessThanOrEqualTo(width));
            // every row's TYPE starts at the same cell
            int at = Cells.width(lines.get(0).substring(0, lines.get(0).indexOf("TYPE")));
            for (String line : lines.subList(1, lines.size())) {
                int i = line.indexOf("  L") + 2; // LORA, or LoCon cut to LoC…
                assertThat(Cells.width(line.substring(0, i))).as(line).isEqualTo(at);
            }
        }
    }

    @Test
    void colourAndLinksAreAddedAfterFittingAndOnlyWhenPainted() {
        List<Column> columns = List.of(Column.fitted("MODEL", 5, 1), Column.fitted("STATE", 5, 0));
        List<List<Cell>> rows = List.of(List.of(Cell.of("Detail", Tone.PLAIN).linked("https://civitai.com/models/58390"),
                Cell.of("missing", Tone.DIM)));
        StringWriter plain = new StringWriter();
        Table.printCells(new PrintWriter(plain), columns, rows, 80, Paint.PLAIN);
        assertThat(plain.toString()).doesNotContain("\033").contains("Detail  missing");
        StringWriter painted = new StringWriter();
        Table.printCells(new PrintWriter(painted), columns, rows, 80, new Paint(true, true));
        assertThat(painted.toString()).contains("\033[1mMODEL\033[0m")
                .contains("\033]8;;https://civitai.com/models/58390\033\\Detail\033]8;;\033\\")
                .contains("\033[2mmissing\033[0m");
    }

    @Test
    void colourOnlyOnATerminalWithoutNoColorAndLinksOnlyWhereShown() {
        assertThat(Paint.forOutput(false, java.util.Map.of("TERM", "xterm"))).isEqualTo(Paint.PLAIN);
        assertThat(Paint.forOutput(true, java.util.Map.of("TERM", "xterm", "NO_COLOR", ""))).isEqualTo(Paint.PLAIN);
        assertThat(Paint.forOutput(true, java.util.Map.of("TERM", "dumb"))).isEqualTo(Paint.PLAIN);
        assertThat(Paint.forOutput(true, java.util.Map.of("TERM", "xterm-256color"))).isEqualTo(new Paint(true, false));
        assertThat(Paint.forOutput(true, java.util.Map.of("TERM", "xterm-256color", "VTE_VERSION", "7600"))).isEqualTo(new Paint(true, true));
        assertThat(Paint.forOutput(true, java.util.Map.of("TERM", "tmux-256color", "TSR_HYPERLINKS", "1"))).isEqualTo(new Paint(true, true));
        assertThat(Paint.forOutput(true, java.util.Map.of("TERM", "xterm-kitty", "TSR_HYPERLINKS", "0"))).isEqualTo(new Paint(true, false));
    }

    @Test
    void theWidthIsTheTerminalsWhenKnownElseEighty() {
        assertThat(Table.width(132)).isEqualTo(132);
        assertThat(Table.width(0)).isEqualTo(80);
        assertThat(Table.width(-1)).isEqualTo(80);
    }
}
