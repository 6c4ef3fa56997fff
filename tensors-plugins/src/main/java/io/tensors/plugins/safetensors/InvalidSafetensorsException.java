package io.tensors.plugins.safetensors;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import io.tensors.api.TerminalText;
import java.util.Objects;

/**
 * A file is not a valid safetensors file. The message is one line saying what is wrong, without
 * the file's path (the caller prefixes it); names and values quoted from the file are sanitized.
 * {@link #reasonCode()} is a stable code such as {@code ST_HEADER_TOO_LARGE}, fit for the catalog.
 */
public final class InvalidSafetensorsException extends TensorsException {
    private static final long serialVersionUID = 1L;

    /** Fewer than 8 bytes: no room for the header length. */
    public static final String HEADER_TOO_SMALL = "ST_HEADER_TOO_SMALL";
    /** The header length N is above {@link SafetensorsParser#MAX_HEADER_SIZE}. */
    public static final String HEADER_TOO_LARGE = "ST_HEADER_TOO_LARGE";
    /** 8 + N passes the end of the file. */
    public static final String HEADER_TRUNCATED = "ST_HEADER_TRUNCATED";
    /** The first bytes show another format (HTML page, Git LFS pointer, zip or pickle...). */
    public static final String NOT_SAFETENSORS = "ST_NOT_SAFETENSORS";
    /** The header is not valid UTF-8. */
    public static final String HEADER_NOT_UTF8 = "ST_HEADER_NOT_UTF8";
    /** The header is not one JSON value (syntax, BOM, trailing text, lone surrogate, empty). */
    public static final String HEADER_NOT_JSON = "ST_HEADER_NOT_JSON";
    /** The header is JSON but not an object. */
    public static final String HEADER_NOT_OBJECT = "ST_HEADER_NOT_OBJECT";
    /** A key appears twice in one JSON object (tensor name, metadata key, entry field). */
    public static final String DUPLICATE_KEY = "ST_DUPLICATE_KEY";
    /** A tensor entry is not a JSON object. */
    public static final String TENSOR_ENTRY_INVALID = "ST_TENSOR_ENTRY_INVALID";
    /** A tensor entry lacks dtype, shape or data_offsets. */
    public static final String TENSOR_FIELD_MISSING = "ST_TENSOR_FIELD_MISSING";
    /** A dtype outside the supported list (names are case-sensitive). */
    public static final String DTYPE_UNKNOWN = "ST_DTYPE_UNKNOWN";
    /** A shape that is not an array of non-negative integers. */
    public static final String SHAPE_INVALID = "ST_SHAPE_INVALID";
    /** prod(shape) * bits does not fit in 64-bit arithmetic. */
    public static final String SHAPE_OVERFLOW = "ST_SHAPE_OVERFLOW";
    /** data_offsets is not two non-negative integers that fit in a long. */
    public static final String OFFSETS_INVALID = "ST_OFFSETS_INVALID";
    /** data_offsets with end before begin. */
    public static final String OFFSETS_REVERSED = "ST_OFFSETS_REVERSED";
    /** Two tensors share bytes. */
    public static final String OFFSETS_OVERLAP = "ST_OFFSETS_OVERLAP";
    /** Bytes between tensors (or before the first) that no tensor owns. */
    public static final String OFFSETS_GAP = "ST_OFFSETS_GAP";
    /** A sub-byte dtype (F4, F6_*) whose bit count is not a whole number of bytes. */
    public static final String SUBBYTE_MISALIGNED = "ST_SUBBYTE_MISALIGNED";
    /** end - begin differs from what dtype and shape need. */
    public static final String SIZE_MISMATCH = "ST_SIZE_MISMATCH";
    /** {@code __metadata__} is not a map from string to string. */
    public static final String METADATA_NOT_STRING_MAP = "ST_METADATA_NOT_STRING_MAP";
    /** Bytes after the last tensor (the polyglot-file vector). */
    public static final String TRAILING_BYTES = "ST_TRAILING_BYTES";
    /** The data section is shorter than the tensors claim. */
    public static final String TRUNCATED_DATA = "ST_TRUNCATED_DATA";

    /** Names and values from the file are cut to this many code points in a message. */
    private static final int MAX_QUOTED_LENGTH = 80;

    private final String reasonCode;

    /**
     * @param reasonCode one of the constants of this class, never null
     * @param message one line saying what is wrong, without the file's path, never null
     */
    public InvalidSafetensorsException(String reasonCode, String message) {
        super(ErrorCode.BAD_INPUT, message);
        this.reasonCode = Objects.requireNonNull(reasonCode, "reasonCode");
    }

    /** @return the stable code of the broken rule, such as {@code ST_HEADER_TOO_LARGE} */
    public String reasonCode() {
        return reasonCode;
    }

    /** @return {@code s} from the file, sanitized and cut for a message, in single quotes */
    static String quote(String s) {
        return "'" + TerminalText.sanitize(s, MAX_QUOTED_LENGTH) + "'";
    }
}
