package io.tensors.shell.render;

import java.util.Map;

/**
 * Whether output for people is coloured and carries hyperlinks: colour only on a terminal and when
 * {@code NO_COLOR} is unset (no-color.org) and TERM is not dumb; hyperlinks (OSC 8) only where the
 * terminal is known to show them, or {@code TSR_HYPERLINKS=1} says so ({@code 0} turns them off).
 * Pipes, files, {@code --json} and exports get plain text.
 *
 * @param colour whether to emit SGR colour sequences
 * @param links whether to emit OSC 8 hyperlinks
 */
public record Paint(boolean colour, boolean links) {
    /** Plain text: what pipes, files and tests get. */
    public static final Paint PLAIN = new Paint(false, false);

    /** @param terminal whether the text goes to a terminal */
    public static Paint forOutput(boolean terminal, Map<String, String> env) {
        String term = env.getOrDefault("TERM", "");
        boolean colour = terminal && !env.containsKey("NO_COLOR") && !term.equals("dumb");
        String forced = env.get("TSR_HYPERLINKS");
        boolean links = colour && (forced != null ? forced.strip().equals("1") : showsHyperlinks(env, term));
        return new Paint(colour, links);
    }

    /** Terminals that render OSC 8 (and do not print it as garbage): VTE (GNOME), kitty, WezTerm, iTerm2, Windows Terminal, foot, VS Code. */
    private static boolean showsHyperlinks(Map<String, String> env, String term) {
        String program = env.getOrDefault("TERM_PROGRAM", "");
        return env.containsKey("VTE_VERSION") || env.containsKey("KITTY_WINDOW_ID") || env.containsKey("WT_SESSION")
                || env.containsKey("WEZTERM_EXECUTABLE") || term.contains("kitty") || term.startsWith("foot")
                || program.equals("iTerm.app") || program.equals("WezTerm") || program.equals("vscode");
    }

    /** @return the text in the tone, linked to the URL; the text unchanged when plain */
    public String apply(String text, Tone tone, String link) {
        String s = text;
        if (colour && tone != Tone.PLAIN && !s.isEmpty()) {
            s = "\033[" + tone.sgr + "m" + s + "\033[0m";
        }
        if (links && link != null && !s.isEmpty() && safe(link)) {
            s = "\033]8;;" + link + "\033\\" + s + "\033]8;;\033\\";
        }
        return s;
    }

    /** A URL from the network goes into an escape sequence: only printable ASCII, so it cannot end it early. */
    private static boolean safe(String url) {
        return url.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
