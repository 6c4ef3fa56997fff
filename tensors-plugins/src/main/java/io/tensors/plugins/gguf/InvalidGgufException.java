package io.tensors.plugins.gguf;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import io.tensors.api.TerminalText;
import java.util.Objects;

/**
 * A file breaks a rule of the GGUF format. The message is one line saying what is wrong, without
 * the file's path; names and values quoted from the file are sanitized. {@link #rule()} names the
 * rule, for tests and for callers that keep a reason code.
 */
public final class InvalidGgufException extends TensorsException {
    private static final long serialVersionUID = 1L;

    /** Names and values from the file are cut to this many code points in a message. */
    private static final int MAX_QUOTED_LENGTH = 80;

    /** The rules a GGUF file can break. */
    public enum Rule {
        /** The file does not start with the magic {@code GGUF}. */
        NOT_GGUF,
        /** A version other than 2 or 3 (1 is the 2023 draft with 32-bit counts). */
        VERSION_UNSUPPORTED,
        /** The header ends before a value, a string or the padding before the tensor data. */
        TRUNCATED,
        /** A tensor count, metadata count or array length above its bound. */
        COUNT_TOO_LARGE,
        /** A metadata value type outside 0-12. */
        VALUE_TYPE_UNKNOWN,
        /** A bool that is neither 0 nor 1. */
        BOOL_INVALID,
        /** A string longer than its bound. */
        STRING_TOO_LONG,
        /** A string that is not valid UTF-8. */
        STRING_NOT_UTF8,
        /** A metadata key that is empty or holds a NUL byte. */
        KEY_INVALID,
        /** A metadata key that appears twice. */
        DUPLICATE_KEY,
        /** Arrays nested deeper than the bound. */
        ARRAY_TOO_DEEP,
        /** More metadata text than the bound, all values together. */
        METADATA_TOO_LARGE,
        /** {@code general.alignment} not a uint32 power of two within the bound. */
        ALIGNMENT_INVALID,
        /** A tensor name that is empty or holds a NUL byte. */
        TENSOR_NAME_INVALID,
        /** A tensor name that appears twice. */
        DUPLICATE_TENSOR,
        /** Too many dimensions, a dimension above 2^63-1, or an element count that overflows. */
        DIMENSIONS_INVALID,
        /** A ggml type id tsr does not know. */
        GGML_TYPE_UNKNOWN,
        /** The first dimension is not a multiple of the type's block size. */
        BLOCK_MISALIGNED,
        /** A tensor offset that is not a multiple of the alignment. */
        OFFSET_MISALIGNED,
        /** Two tensors share bytes. */
        OFFSETS_OVERLAP,
        /** Bytes between tensors beyond the alignment padding, or before the first. */
        OFFSETS_GAP,
        /** The tensor data passes the end of the file. */
        TRUNCATED_DATA,
        /** Bytes after the last tensor and its padding. */
        TRAILING_BYTES
    }

    private final Rule rule;

    /**
     * @param rule the rule broken, never null
     * @param message one line saying what is wrong, without the file's path, never null
     */
    public InvalidGgufException(Rule rule, String message) {
        super(ErrorCode.BAD_INPUT, message);
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** @return the rule the file breaks */
    public Rule rule() {
        return rule;
    }

    /** @return {@code s} from the file, sanitized and cut for a message, in single quotes */
    static String quote(String s) {
        return "'" + TerminalText.sanitize(s, MAX_QUOTED_LENGTH) + "'";
    }
}
