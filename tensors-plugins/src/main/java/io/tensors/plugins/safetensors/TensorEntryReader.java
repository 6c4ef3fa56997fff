package io.tensors.plugins.safetensors;

import static io.tensors.plugins.safetensors.InvalidSafetensorsException.DTYPE_UNKNOWN;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.HEADER_NOT_JSON;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.OFFSETS_INVALID;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.SHAPE_INVALID;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.SHAPE_OVERFLOW;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.TENSOR_ENTRY_INVALID;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.TENSOR_FIELD_MISSING;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.quote;
import static io.tensors.plugins.safetensors.JsonHeaderReader.checkNoLoneSurrogate;
import static io.tensors.plugins.safetensors.JsonHeaderReader.describe;
import static io.tensors.plugins.safetensors.JsonHeaderReader.numberText;
import static io.tensors.plugins.safetensors.JsonHeaderReader.tokenStart;

import io.tensors.api.TensorEntry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads one tensor entry, {@code {"dtype": ..., "shape": [...], "data_offsets": [begin, end]}},
 * with the types the reference requires: a known dtype, dimensions that fit an unsigned 64-bit
 * integer, offsets that fit a long. Other fields are skipped, still refusing what the reference
 * would refuse inside them.
 */
final class TensorEntryReader {
    /**
     * The deepest nesting of arrays and objects the reference reads, the top-level object being
     * level 1: serde_json's recursion limit counts down from 128 on entering each one and refuses
     * the level at which it reaches 0.
     */
    static final int MAX_DEPTH = 127;

    /** The largest shape dimension the reference reads (a usize, 64-bit): 2^64 - 1. */
    private static final String MAX_DIMENSION = Long.toUnsignedString(-1L);

    private static final long NOT_A_NON_NEGATIVE_INTEGER = -1;
    private static final long TOO_LARGE = -2;

    private final JsonParser parser;
    private final String name;

    private TensorEntryReader(JsonParser parser, String name) {
        this.parser = parser;
        this.name = name;
    }

    /**
     * @param parser positioned on the entry's first token
     * @param name the tensor's name (the entry's key)
     * @return the entry, its size and offsets not yet checked
     * @throws InvalidSafetensorsException when the entry breaks a rule
     */
    static TensorEntry read(JsonParser parser, String name) {
        return new TensorEntryReader(parser, name).read();
    }

    private TensorEntry read() {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.START_OBJECT) {
            throw new InvalidSafetensorsException(TENSOR_ENTRY_INVALID, "tensor " + quote(name) + ": entry must be"
                    + " an object with dtype, shape and data_offsets, found " + describe(parser, token));
        }
        String dtype = null;
        List<BigInteger> shape = null;
        long[] offsets = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            checkNoLoneSurrogate(parser, field);
            JsonToken value = parser.nextToken();
            switch (field) {
                case "dtype" -> dtype = readDtype(value);
                case "shape" -> shape = readShape(value);
                case "data_offsets" -> offsets = readOffsets(value);
                default -> skipValueChecked(); // unknown fields are ignored, as the reference does
            }
        }
        if (dtype == null) {
            throw missing("dtype");
        }
        if (shape == null) {
            throw missing("shape");
        }
        if (offsets == null) {
            throw missing("data_offsets");
        }
        return new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private InvalidSafetensorsException missing(String field) {
        return new InvalidSafetensorsException(TENSOR_FIELD_MISSING, "tensor " + quote(name) + ": missing field '"
                + field + "'");
    }

    private String readDtype(JsonToken value) {
        if (value != JsonToken.VALUE_STRING) {
            throw new InvalidSafetensorsException(DTYPE_UNKNOWN, "tensor " + quote(name) + ": dtype must be a string,"
                    + " found " + describe(parser, value) + "; supported: " + TensorLayout.knownDtypes());
        }
        String dtype = parser.getString();
        if (TensorLayout.bits(dtype).isEmpty()) {
            throw new InvalidSafetensorsException(DTYPE_UNKNOWN, "tensor " + quote(name) + ": unknown dtype "
                    + quote(dtype) + "; supported (case-sensitive): " + TensorLayout.knownDtypes());
        }
        return dtype;
    }

    /**
     * Each dimension is a usize, up to 2^64 - 1, even past 2^63: with a 0 in the shape the
     * product stays 0 ({@link TensorLayout} multiplies in order, as the reference does).
     */
    private List<BigInteger> readShape(JsonToken value) {
        if (value != JsonToken.START_ARRAY) {
            throw new InvalidSafetensorsException(SHAPE_INVALID, "tensor " + quote(name) + ": shape must be an array"
                    + " of non-negative integers, found " + describe(parser, value));
        }
        List<BigInteger> shape = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (!isNonNegativeInteger(token)) {
                throw new InvalidSafetensorsException(SHAPE_INVALID, "tensor " + quote(name) + ": shape["
                        + shape.size() + "] must be a non-negative integer, found " + describe(parser, token));
            }
            String digits = parser.getString(); // JSON has no leading zeros: longer is larger
            if (digits.length() > MAX_DIMENSION.length()
                    || (digits.length() == MAX_DIMENSION.length() && digits.compareTo(MAX_DIMENSION) > 0)) {
                throw new InvalidSafetensorsException(SHAPE_OVERFLOW, "tensor " + quote(name) + ": shape["
                        + shape.size() + "] = " + numberText(parser) + " is above " + MAX_DIMENSION
                        + ", the largest dimension (64 bits)");
            }
            shape.add(new BigInteger(digits));
        }
        return shape;
    }

    private long[] readOffsets(JsonToken value) {
        String prefix = "tensor " + quote(name) + ": data_offsets ";
        if (value != JsonToken.START_ARRAY) {
            throw new InvalidSafetensorsException(OFFSETS_INVALID, prefix + "must be [begin, end], found "
                    + describe(parser, value));
        }
        long[] offsets = new long[2];
        int count = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            long offset = nonNegativeLong(token);
            if (offset == TOO_LARGE) {
                throw new InvalidSafetensorsException(OFFSETS_INVALID, prefix + "[" + count + "] = "
                        + numberText(parser) + " is too large (the limit is " + Long.MAX_VALUE + ")");
            }
            if (offset < 0) {
                throw new InvalidSafetensorsException(OFFSETS_INVALID, prefix + "[" + count
                        + "] must be a non-negative integer, found " + describe(parser, token));
            }
            if (count < 2) {
                offsets[count] = offset;
            }
            count++;
        }
        if (count != 2) {
            throw new InvalidSafetensorsException(OFFSETS_INVALID, prefix + "must have exactly 2 items [begin, end],"
                    + " found " + count);
        }
        return offsets;
    }

    /**
     * Integers only, parsed from their text so that no float coercion ("16.0") and no
     * BigInteger path exists. The reference also rejects "-0" (serde_json reads it as a float).
     */
    private long nonNegativeLong(JsonToken token) {
        if (!isNonNegativeInteger(token)) {
            return NOT_A_NON_NEGATIVE_INTEGER;
        }
        String text = parser.getString();
        if (text.length() > 19) {
            return TOO_LARGE;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return TOO_LARGE;
        }
    }

    private boolean isNonNegativeInteger(JsonToken token) {
        return token == JsonToken.VALUE_NUMBER_INT && !parser.getString().startsWith("-");
    }

    /**
     * Skips an unknown field's value, still refusing what the reference refuses inside it:
     * lone surrogates, numbers it cannot read, nesting past {@link #MAX_DEPTH} (the field's
     * value sits at level 3: in the header object, in the tensor's entry).
     */
    private void skipValueChecked() {
        int depth = 0;
        JsonToken token = parser.currentToken();
        while (true) {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                depth++;
                if (2 + depth > MAX_DEPTH) {
                    throw new InvalidSafetensorsException(HEADER_NOT_JSON, "invalid JSON in header: arrays and objects"
                            + " nested deeper than " + MAX_DEPTH + " levels at header byte " + tokenStart(parser)
                            + " (the reference parser's limit)");
                }
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                depth--;
            } else if (token == JsonToken.PROPERTY_NAME) {
                checkNoLoneSurrogate(parser, parser.currentName());
            } else if (token == JsonToken.VALUE_STRING) {
                checkNoLoneSurrogate(parser, parser.getString());
            } else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                String why = ReferenceNumbers.whyRefused(parser.getString());
                if (why != null) {
                    throw new InvalidSafetensorsException(HEADER_NOT_JSON, "invalid JSON in header: the number "
                            + numberText(parser) + " at header byte " + tokenStart(parser) + " " + why);
                }
            }
            if (depth == 0) {
                return;
            }
            token = parser.nextToken();
        }
    }
}
