package io.tensors.plugins.safetensors;

import static io.tensors.plugins.safetensors.InvalidSafetensorsException.NOT_SAFETENSORS;

import io.tensors.api.TerminalText;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Names the format of a file whose length field is absurd: its first bytes often tell what it
 * really is (an HTML error page, a Git LFS pointer, a pickle checkpoint, a GGUF model, a text
 * file), which helps a user far more than "header length 8100041059028070220 exceeds the limit".
 */
final class FormatSniffer {
    /** How many first bytes are looked at. */
    static final int SNIFF_BYTES = 64;

    private FormatSniffer() {}

    /**
     * @param prefix the file's first bytes from its position (only the first {@link #SNIFF_BYTES}
     *     are looked at; the buffer is not changed)
     * @param reasonCode the code to use when no other format is recognized
     * @param message what is wrong with the file as a safetensors file
     * @return {@link InvalidSafetensorsException#NOT_SAFETENSORS} naming the format with the
     *     message in parentheses, or the given code and message when the format is not known
     */
    static InvalidSafetensorsException notSafetensorsOr(ByteBuffer prefix, String reasonCode, String message) {
        byte[] head = new byte[Math.min(prefix.remaining(), SNIFF_BYTES)];
        prefix.get(prefix.position(), head);
        String hint = otherFormatHint(head);
        if (hint == null) {
            return new InvalidSafetensorsException(reasonCode, message);
        }
        return new InvalidSafetensorsException(NOT_SAFETENSORS, "not a safetensors file: " + hint + " (" + message + ")");
    }

    private static String otherFormatHint(byte[] head) {
        String ascii = new String(head, StandardCharsets.ISO_8859_1);
        String lower = ascii.toLowerCase(Locale.ROOT);
        String trimmed = lower.stripLeading();
        if (trimmed.startsWith("<!doctype") || trimmed.startsWith("<html") || trimmed.startsWith("<?xml")
                || trimmed.startsWith("<head") || trimmed.startsWith("<body") || trimmed.startsWith("<!--")) {
            String first = ascii.strip();
            return "it starts with \"" + TerminalText.sanitize(first.substring(0, Math.min(5, first.length())), 5)
                    + "\" and looks like an"
                    + " HTML page (an error page saved by a failed download?)";
        }
        if (lower.startsWith("version https://git-lfs")) {
            return "it looks like a Git LFS pointer, not the model itself (fetch it with 'git lfs pull')";
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return "it starts with PK\\x03\\x04, a zip/pickle container (PyTorch .ckpt/.bin)";
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0x80 && head[1] >= 2 && head[1] <= 5) {
            return "it starts with \\x80\\x0" + head[1] + ", a zip/pickle container (PyTorch .ckpt/.bin)";
        }
        if (ascii.startsWith("GGUF")) {
            return "it starts with GGUF, a llama.cpp GGUF model";
        }
        if (trimmed.startsWith("{\"") || trimmed.startsWith("[{")) {
            return "it is a JSON document (an API error response saved as the model?)";
        }
        String text = textStart(head);
        if (text != null) {
            return "it is plain text, starting \"" + text + "\"";
        }
        return null;
    }

    /**
     * @return the start of {@code head}, printable, when all of it is UTF-8 text without control
     *     characters other than tabs, newlines and form feeds (a safetensors length field always
     *     has NUL bytes: N is at most 100 MB); else null
     */
    private static String textStart(byte[] head) {
        CharBuffer chars = CharBuffer.allocate(head.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(head), chars, false); // a character cut at the end is fine
        if (result.isError()) {
            return null;
        }
        String text = chars.flip().toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                return null;
            }
        }
        String shown = TerminalText.sanitize(text.replace("\uFEFF", "").strip().replaceAll("\\s+", " "), 24);
        return shown.isEmpty() ? null : shown;
    }
}
