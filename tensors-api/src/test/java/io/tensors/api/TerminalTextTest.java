package io.tensors.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Untrusted text made safe for a terminal: whole escape sequences go, text stays. */
class TerminalTextTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "plain text               | plain text",
        "`a\u001b[1;31mb\u001b[0mc` | abc",
        "`x\u001b]8;;http://e\u001b\\y` | xy",
        "`a\u009b2Jb`             | ab",
        "`a\u0085b\u0000c\u007fd` | abcd",
        "`tab\there\nnew`         | tab here new",
        "`\u202eevil`             | evil",
        "`ü 日本 \uD83D\uDE00`    | `ü 日本 \uD83D\uDE00`",
        "`a\uD800b`               | a\uFFFDb",
        "`\u001b(Bok`             | ok"})
    void stripsControlsAndEscapeSequences(String input, String expected) {
        assertThat(TerminalText.sanitize(input, 100)).isEqualTo(expected);
    }

    @Test
    void truncatesByCodePointsWithAnEllipsis() {
        assertThat(TerminalText.sanitize("abcdef", 6)).isEqualTo("abcdef");
        assertThat(TerminalText.sanitize("abcdefg", 6)).isEqualTo("abcde…");
        assertThat(TerminalText.sanitize("\uD83D\uDE00".repeat(5), 3)).isEqualTo("\uD83D\uDE00\uD83D\uDE00…");
        assertThat(TerminalText.sanitize("ab", 1)).isEqualTo("…");
        assertThat(TerminalText.sanitize(null, 5)).isEqualTo("null");
    }

    @Test
    void aLengthBelowOneIsRefused() {
        assertThatThrownBy(() -> TerminalText.sanitize("a", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHugeValueCostsOnlyWhatIsShown() {
        assertThat(TerminalText.sanitize("x".repeat(10_000_000), 5)).isEqualTo("xxxx…");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`\u001b[31mred\u001b[0m`           | red",
        "`a\u001b[1;31mb\u001b[0mc`         | abc",
        "`x\u001b]0;title\u0007y`           | xy",
        "`a\u009b2Jb`                       | ab",
        "`one\ntwo\tcol`                   | `one\ntwo\tcol`",
        "`over\rwrite`                      | overwrite",
        "`a\u0000b\u0085c\u202ed`           | abcd",
        "`\u001b[2J\u001b[H`                | ``"})
    void linesKeepLineFeedsAndTabsAndLoseEverythingElseThatMovesTheCursor(String input, String expected) {
        assertThat(TerminalText.sanitizeLines(input)).isEqualTo(expected);
    }

    @Test
    void linesAreNeverCut() {
        String text = "y".repeat(100_000) + "\n";
        assertThat(TerminalText.sanitizeLines(text)).isEqualTo(text);
        assertThat(TerminalText.sanitizeLines(null)).isEqualTo("null");
    }
}
