package io.tensors.shell.render;

/** How a cell is coloured on a colour terminal; {@link Paint} decides whether it is. */
public enum Tone {
    PLAIN(""),
    BOLD("1"),
    DIM("2"),
    RED("31"),
    GREEN("32"),
    YELLOW("33"),
    CYAN("36");

    final String sgr;

    Tone(String sgr) {
        this.sgr = sgr;
    }
}
