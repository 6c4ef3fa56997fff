package io.tensors.shell.render;

/**
 * One table cell: its text, how it is coloured, and the URL it links to on terminals that show
 * hyperlinks (OSC 8). Only the text counts for widths; colour and link are added after cutting.
 *
 * @param text what the cell says, null for empty
 * @param tone its colour
 * @param link a URL, or null
 */
public record Cell(String text, Tone tone, String link) {
    public Cell {
        tone = tone == null ? Tone.PLAIN : tone;
    }

    public static Cell of(String text) {
        return new Cell(text, Tone.PLAIN, null);
    }

    public static Cell of(String text, Tone tone) {
        return new Cell(text, tone, null);
    }

    /** @return this cell linking to {@code url} (null: no link) */
    public Cell linked(String url) {
        return new Cell(text, tone, url);
    }
}
