package io.tensors.engine.safetensors;

import static io.tensors.engine.safetensors.InvalidSafetensorsException.DTYPE_UNKNOWN;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.DUPLICATE_KEY;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.HEADER_NOT_JSON;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.HEADER_NOT_OBJECT;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.HEADER_NOT_UTF8;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.HEADER_TOO_LARGE;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.HEADER_TOO_SMALL;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.HEADER_TRUNCATED;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.METADATA_NOT_STRING_MAP;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.NOT_SAFETENSORS;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.OFFSETS_GAP;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.OFFSETS_INVALID;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.OFFSETS_OVERLAP;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.OFFSETS_REVERSED;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.SHAPE_INVALID;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.SHAPE_OVERFLOW;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.SIZE_MISMATCH;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.SUBBYTE_MISALIGNED;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.TENSOR_ENTRY_INVALID;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.TENSOR_FIELD_MISSING;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.TRAILING_BYTES;
import static io.tensors.engine.safetensors.InvalidSafetensorsException.TRUNCATED_DATA;

import io.tensors.api.JsonErrors;
import io.tensors.api.SafetensorsHeader;
import io.tensors.api.TensorEntry;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads and validates the header of a safetensors file the way the reference implementation
 * ({@code huggingface/safetensors}, {@code tensor.rs}) does, and a little stricter where the
 * reference is silent (duplicate names, trailing bytes). Only the 8 length bytes and the N header
 * bytes are read; the tensor data is never touched, so multi-GB files cost the same as small ones.
 *
 * <p>See {@code research/reliability.md} §1 (rules R1-R17, checklist ST-01..ST-39).
 */
public final class SafetensorsParser {
    /** The largest header the reference accepts (MAX_HEADER_SIZE in tensor.rs): 100 MB. */
    public static final long MAX_HEADER_SIZE = 100_000_000L;

    private static final String METADATA_KEY = "__metadata__";
    private static final int LENGTH_FIELD_BYTES = 8;
    private static final int SNIFF_BYTES = 64;
    private static final int MAX_QUOTED_LENGTH = 80;

    /** R7, in the reference's order; value = bits per element. */
    private static final Map<String, Integer> DTYPE_BITS = dtypeBits();

    /**
     * Strict JSON: no comments, quotes or other leniencies (all off by default), duplicate keys
     * rejected, no charset sniffing (UTF-16 must not be guessed from NUL bytes), limits raised to
     * the 100 MB header size. CANONICALIZE_PROPERTY_NAMES stays on: without it Jackson 3.1 falls
     * back to a Reader-based parser (char offsets, and an NPE when charset detection is off);
     * its symbol table fails on hash flooding, which we report as invalid JSON.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(TokenStreamFactory.Feature.CHARSET_DETECTION)
            .disable(TokenStreamFactory.Feature.INTERN_PROPERTY_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(MAX_HEADER_SIZE)
                    .maxNameLength((int) MAX_HEADER_SIZE)
                    .maxStringLength((int) MAX_HEADER_SIZE)
                    .build())
            .build();

    private SafetensorsParser() {}

    /**
     * Opens {@code file}, reads and validates its header.
     *
     * @param file a file that should be a safetensors file
     * @return the validated header, tensors in data-offset order
     * @throws InvalidSafetensorsException when the file breaks a rule
     * @throws IOException when the file can't be read, or shrank while being read
     */
    public static SafetensorsHeader read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel, channel.size(), file.toString());
        }
    }

    /**
     * Reads and validates the header through positional reads (the channel's position is not
     * used or changed), at most {@code 8 + min(N, 100 MB)} bytes.
     *
     * @param channel an open channel on the file
     * @param fileSize the file's size in bytes, as seen by the caller (the data section must end
     *     exactly there)
     * @param displayName how to name the file in {@link IOException} messages; {@link
     *     InvalidSafetensorsException} messages never contain it
     * @return the validated header, tensors in data-offset order, metadata in file order
     * @throws InvalidSafetensorsException when the file breaks a rule
     * @throws IOException when reading fails or the file ends before {@code fileSize}
     */
    public static SafetensorsHeader read(FileChannel channel, long fileSize, String displayName)
            throws IOException {
        if (fileSize < 0) {
            throw new IllegalArgumentException("fileSize < 0: " + fileSize);
        }
        if (fileSize < LENGTH_FIELD_BYTES) {
            throw invalid(HEADER_TOO_SMALL, "file is " + fileSize
                    + " bytes; a safetensors file starts with an 8-byte header length");
        }
        ByteBuffer start = ByteBuffer.allocate((int) Math.min(SNIFF_BYTES, fileSize));
        readFully(channel, start, 0, displayName);
        long headerSize = start.order(ByteOrder.LITTLE_ENDIAN).getLong(0);

        // R2 before R3, both before any allocation of N bytes; N is an unsigned u64.
        if (Long.compareUnsigned(headerSize, MAX_HEADER_SIZE) > 0) {
            throw notSafetensorsOr(start, HEADER_TOO_LARGE, "header length "
                    + Long.toUnsignedString(headerSize) + " exceeds the limit of "
                    + MAX_HEADER_SIZE + " bytes");
        }
        long afterLengthField = fileSize - LENGTH_FIELD_BYTES;
        if (headerSize > afterLengthField) {
            throw notSafetensorsOr(start, HEADER_TRUNCATED, "header claims " + headerSize
                    + " bytes, file has " + afterLengthField + " after the length field");
        }

        byte[] header = new byte[(int) headerSize];
        readFully(channel, ByteBuffer.wrap(header), LENGTH_FIELD_BYTES, displayName);
        checkUtf8(header);
        ParsedJson parsed = new JsonHeaderReader(header).read();
        List<TensorEntry> tensors = validateLayout(parsed.tensors, afterLengthField - headerSize);
        return new SafetensorsHeader(headerSize, tensors, parsed.metadata);
    }

    /**
     * @param dtype a dtype name as written in a header, case-sensitive
     * @return bits per element (F4 = 4, F6_* = 6, BOOL = 8, F32 = 32...), empty when unknown
     */
    public static OptionalInt dtypeBits(String dtype) {
        Integer bits = DTYPE_BITS.get(dtype);
        return bits == null ? OptionalInt.empty() : OptionalInt.of(bits);
    }

    /**
     * Makes text from an untrusted file safe to print on one terminal line: removes ESC/CSI/OSC
     * sequences, C0 and C1 control characters and bidi overrides, turns tabs and newlines into
     * spaces, replaces lone surrogates with U+FFFD, and cuts to {@code maxLen} code points ending
     * with "…" when longer.
     *
     * @param s the text, may be null (gives "null")
     * @param maxLen the most code points to return, at least 1
     * @return the printable text
     */
    public static String sanitize(String s, int maxLen) {
        if (maxLen < 1) {
            throw new IllegalArgumentException("maxLen < 1: " + maxLen);
        }
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), maxLen));
        int kept = 0;
        int i = 0;
        // Stops one past maxLen: enough to know a cut is needed, and a 10 MB value costs nothing.
        while (i < s.length() && kept <= maxLen) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0x1B) {
                i = skipEscapeSequence(s, i);
            } else if (cp == 0x9B) {
                i = skipCsiBody(s, i);
            } else if (cp == 0x90 || cp == 0x98 || cp == 0x9D || cp == 0x9E || cp == 0x9F) {
                i = skipControlString(s, i);
            } else if (cp == '\t' || cp == '\n' || cp == '\r') {
                out.append(' ');
                kept++;
            } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || isBidiControl(cp)) {
                continue;
            } else if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                out.append('\uFFFD');
                kept++;
            } else {
                out.appendCodePoint(cp);
                kept++;
            }
        }
        if (kept > maxLen) {
            int cut = out.offsetByCodePoints(0, maxLen - 1);
            out.setLength(cut);
            out.append('…');
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- reading bytes

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, String displayName)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException(displayName + ": file ended at byte " + at
                        + ", before the size it had when opened; was it changed during the read?");
            }
            at += n;
        }
    }

    private static void checkUtf8(byte[] header) {
        if (header.length >= 3 && (header[0] & 0xFF) == 0xEF && (header[1] & 0xFF) == 0xBB
                && (header[2] & 0xFF) == 0xBF) {
            // serde_json does not skip a BOM, so the reference rejects it; so do we.
            throw invalid(HEADER_NOT_JSON, "invalid JSON in header: it starts with a UTF-8 byte order"
                    + " mark (BOM); a header must start with '{'");
        }
        // Chunked decode into a small buffer: validates 100 MB without holding a 200 MB String.
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(header);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                int at = in.position();
                throw invalid(HEADER_NOT_UTF8, String.format(Locale.ROOT,
                        "header is not valid UTF-8: bad byte 0x%02X at header byte %d (file offset %d)",
                        header[at] & 0xFF, at, at + LENGTH_FIELD_BYTES));
            }
            if (result.isOverflow()) {
                out.clear();
                continue;
            }
            break;
        }
        out.clear();
        decoder.flush(out);
    }

    // ---------------------------------------------------------------- other formats

    /** When N is absurd, the first bytes often tell what the file really is (ST-36/37/38). */
    private static InvalidSafetensorsException notSafetensorsOr(ByteBuffer start, String reasonCode, String message) {
        byte[] head = new byte[start.limit()];
        start.get(0, head);
        String hint = otherFormatHint(head);
        if (hint == null) {
            return invalid(reasonCode, message);
        }
        return invalid(NOT_SAFETENSORS, "not a safetensors file: " + hint + " (" + message + ")");
    }

    private static String otherFormatHint(byte[] head) {
        String ascii = new String(head, StandardCharsets.ISO_8859_1);
        String lower = ascii.toLowerCase(Locale.ROOT);
        String trimmed = lower.stripLeading();
        if (trimmed.startsWith("<!doctype") || trimmed.startsWith("<html") || trimmed.startsWith("<?xml")
                || trimmed.startsWith("<head") || trimmed.startsWith("<body") || trimmed.startsWith("<!--")) {
            String first = ascii.strip();
            return "it starts with \"" + sanitize(first.substring(0, Math.min(5, first.length())), 5)
                    + "\" and looks like an"
                    + " HTML page (an error page saved by a failed download?)";
        }
        if (lower.startsWith("version https://git-lfs")) {
            return "it looks like a Git LFS pointer, not the model itself (fetch it with 'git lfs pull')";
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return "it starts with PK\\x03\\x04, a zip/pickle container (PyTorch .ckpt/.bin), not safetensors";
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0x80 && head[1] >= 2 && head[1] <= 5) {
            return "it starts with \\x80\\x0" + head[1] + ", a zip/pickle container (PyTorch .ckpt/.bin),"
                    + " not safetensors";
        }
        if (ascii.startsWith("GGUF")) {
            return "it starts with GGUF, a llama.cpp GGUF model, not safetensors";
        }
        if (trimmed.startsWith("{\"") || trimmed.startsWith("[{")) {
            return "it is a JSON document (an API error response saved as the model?)";
        }
        return null;
    }

    // ---------------------------------------------------------------- JSON

    private record ParsedJson(List<TensorEntry> tensors, Map<String, String> metadata) {}

    /** One pass over the header's tokens; all JSON-level rules (R4-R7, R14, R15). */
    private static final class JsonHeaderReader {
        private final byte[] header;
        private final List<TensorEntry> tensors = new ArrayList<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        /** Where the parser is, to word a duplicate-key error: null = top level. */
        private String object;
        private JsonParser parser;

        JsonHeaderReader(byte[] header) {
            this.header = header;
        }

        ParsedJson read() {
            try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), header, 0, header.length)) {
                parser = p;
                readTopLevel();
                return new ParsedJson(tensors, metadata);
            } catch (JacksonException e) {
                throw fromJackson(e);
            }
        }

        private void readTopLevel() {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw invalid(HEADER_NOT_JSON, "invalid JSON in header: it is empty"
                        + (header.length == 0 ? " (N = 0)" : " (only whitespace)"));
            }
            if (first != JsonToken.START_OBJECT) {
                throw invalid(HEADER_NOT_OBJECT, "header must be a JSON object, found " + describe(first));
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                checkNoLoneSurrogate(name);
                parser.nextToken();
                if (name.equals(METADATA_KEY)) {
                    readMetadata();
                } else {
                    readTensor(name);
                }
                object = null;
            }
            if (token != JsonToken.END_OBJECT) {
                throw invalid(HEADER_NOT_JSON, "invalid JSON in header: unexpected " + describe(token));
            }
            checkOnlyWhitespaceAfter(parser.currentLocation().getByteOffset());
        }

        /** R15 + ST-32/35: only JSON whitespace may follow the object (not NUL, not more JSON). */
        private void checkOnlyWhitespaceAfter(long endOfObject) {
            for (int i = (int) endOfObject; i < header.length; i++) {
                byte b = header[i];
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                    String what = b == 0 ? "NUL padding" : "trailing characters";
                    String hint = b == ',' && endOfObject >= 2 && header[(int) endOfObject - 2] == '{'
                            ? "; '{},...' is how safetensors 0.4.3 and older broke metadata-only files"
                            : " (only spaces, tabs and newlines may pad a header)";
                    throw invalid(HEADER_NOT_JSON, "invalid JSON in header: " + what
                            + " after the JSON object at header byte " + i + hint);
                }
            }
        }

        private void readMetadata() {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NULL) {
                return; // "__metadata__": null means no metadata (R6)
            }
            if (token != JsonToken.START_OBJECT) {
                throw invalid(METADATA_NOT_STRING_MAP, "__metadata__ must be an object of string values,"
                        + " found " + describe(token));
            }
            object = METADATA_KEY;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = parser.currentName();
                checkNoLoneSurrogate(key);
                JsonToken value = parser.nextToken();
                if (value != JsonToken.VALUE_STRING) {
                    throw invalid(METADATA_NOT_STRING_MAP, "__metadata__ value for key " + quote(key)
                            + " must be a string, found " + describe(value));
                }
                String text = parser.getString();
                checkNoLoneSurrogate(text);
                metadata.put(key, text);
            }
        }

        private void readTensor(String name) {
            JsonToken token = parser.currentToken();
            if (token != JsonToken.START_OBJECT) {
                throw invalid(TENSOR_ENTRY_INVALID, "tensor " + quote(name) + ": entry must be an object"
                        + " with dtype, shape and data_offsets, found " + describe(token));
            }
            object = name;
            String dtype = null;
            List<Long> shape = null;
            long[] offsets = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                checkNoLoneSurrogate(field);
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "dtype" -> dtype = readDtype(name, value);
                    case "shape" -> shape = readShape(name, value);
                    case "data_offsets" -> offsets = readOffsets(name, value);
                    default -> skipValueChecked(); // R17 / ST-V9: unknown fields are ignored
                }
            }
            if (dtype == null) {
                throw missing(name, "dtype");
            }
            if (shape == null) {
                throw missing(name, "shape");
            }
            if (offsets == null) {
                throw missing(name, "data_offsets");
            }
            tensors.add(new TensorEntry(name, dtype, shape, offsets[0], offsets[1]));
        }

        private static InvalidSafetensorsException missing(String name, String field) {
            return invalid(TENSOR_FIELD_MISSING, "tensor " + quote(name) + ": missing field '" + field + "'");
        }

        private String readDtype(String name, JsonToken value) {
            if (value != JsonToken.VALUE_STRING) {
                throw invalid(DTYPE_UNKNOWN, "tensor " + quote(name) + ": dtype must be a string, found "
                        + describe(value) + "; supported: " + String.join(", ", DTYPE_BITS.keySet()));
            }
            String dtype = parser.getString();
            if (!DTYPE_BITS.containsKey(dtype)) {
                throw invalid(DTYPE_UNKNOWN, "tensor " + quote(name) + ": unknown dtype " + quote(dtype)
                        + "; supported (case-sensitive): " + String.join(", ", DTYPE_BITS.keySet()));
            }
            return dtype;
        }

        private List<Long> readShape(String name, JsonToken value) {
            if (value != JsonToken.START_ARRAY) {
                throw invalid(SHAPE_INVALID, "tensor " + quote(name) + ": shape must be an array of"
                        + " non-negative integers, found " + describe(value));
            }
            List<Long> shape = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                long dim = nonNegativeLong(token);
                if (dim == TOO_LARGE) {
                    // The reference allows dims up to 2^64-1, where prod(shape) then overflows.
                    throw invalid(SHAPE_OVERFLOW, "tensor " + quote(name) + ": shape[" + shape.size() + "] = "
                            + numberText() + " overflows 64-bit size arithmetic");
                }
                if (dim < 0) {
                    throw invalid(SHAPE_INVALID, "tensor " + quote(name) + ": shape[" + shape.size()
                            + "] must be a non-negative integer, found " + describe(token));
                }
                shape.add(dim);
            }
            return shape;
        }

        private long[] readOffsets(String name, JsonToken value) {
            String prefix = "tensor " + quote(name) + ": data_offsets ";
            if (value != JsonToken.START_ARRAY) {
                throw invalid(OFFSETS_INVALID, prefix + "must be [begin, end], found " + describe(value));
            }
            long[] offsets = new long[2];
            int count = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                long offset = nonNegativeLong(token);
                if (offset == TOO_LARGE) {
                    throw invalid(OFFSETS_INVALID, prefix + "[" + count + "] = " + numberText()
                            + " is too large (the limit is " + Long.MAX_VALUE + ")");
                }
                if (offset < 0) {
                    throw invalid(OFFSETS_INVALID, prefix + "[" + count
                            + "] must be a non-negative integer, found " + describe(token));
                }
                if (count < 2) {
                    offsets[count] = offset;
                }
                count++;
            }
            if (count != 2) {
                throw invalid(OFFSETS_INVALID, prefix + "must have exactly 2 items [begin, end], found " + count);
            }
            return offsets;
        }

        private static final long NOT_A_NON_NEGATIVE_INTEGER = -1;
        private static final long TOO_LARGE = -2;

        /**
         * Integers only, parsed from their text so that no float coercion ("16.0") and no
         * BigInteger path exists. The reference also rejects "-0" (serde_json reads it as a float).
         */
        private long nonNegativeLong(JsonToken token) {
            if (token != JsonToken.VALUE_NUMBER_INT) {
                return NOT_A_NON_NEGATIVE_INTEGER;
            }
            String text = parser.getString();
            if (text.startsWith("-")) {
                return NOT_A_NON_NEGATIVE_INTEGER;
            }
            if (text.length() > 19) {
                return TOO_LARGE;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return TOO_LARGE;
            }
        }

        private String numberText() {
            return sanitize(parser.getString(), 40);
        }

        /** Skips an unknown field's value, still rejecting lone surrogates inside it. */
        private void skipValueChecked() {
            int depth = 0;
            JsonToken token = parser.currentToken();
            while (true) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.PROPERTY_NAME) {
                    checkNoLoneSurrogate(parser.currentName());
                } else if (token == JsonToken.VALUE_STRING) {
                    checkNoLoneSurrogate(parser.getString());
                }
                if (depth == 0) {
                    return;
                }
                token = parser.nextToken();
            }
        }

        /** Jackson decodes "\ud800" into a broken String; serde_json rejects it (ST-34). */
        private void checkNoLoneSurrogate(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw invalid(HEADER_NOT_JSON, String.format(Locale.ROOT,
                            "invalid JSON in header: lone surrogate \\u%04X in a string before header byte %d",
                            (int) c, parser.currentLocation().getByteOffset()));
                }
            }
        }

        private String describe(JsonToken token) {
            if (token == null) {
                return "the end of the header";
            }
            return switch (token) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "a string " + quote(parser.getString());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + numberText();
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> sanitize(token.toString(), 40);
            };
        }

        private InvalidSafetensorsException fromJackson(JacksonException e) {
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
            String where = at >= 0 ? " at header byte " + at : "";
            if (original.startsWith("Duplicate") && parser != null) {
                // STRICT_DUPLICATE_DETECTION: the parser has already taken the repeated name.
                String key = quote(parser.currentName());
                String message = object == null
                        ? (METADATA_KEY.equals(parser.currentName()) ? "duplicate key " + key : "duplicate tensor name " + key)
                        : object.equals(METADATA_KEY) ? "duplicate __metadata__ key " + key
                        : "tensor " + quote(object) + ": duplicate field " + key;
                return invalid(DUPLICATE_KEY, message + where);
            }
            return invalid(HEADER_NOT_JSON, "invalid JSON in header: " + sanitize(JsonErrors.plain(original), 160) + where);
        }
    }

    // ---------------------------------------------------------------- layout (R8-R13)

    private static List<TensorEntry> validateLayout(List<TensorEntry> tensors, long dataSize) {
        for (TensorEntry tensor : tensors) {
            if (tensor.end() < tensor.begin()) {
                throw invalid(OFFSETS_REVERSED, "tensor " + quote(tensor.name()) + ": data_offsets ["
                        + tensor.begin() + "," + tensor.end() + "] end before they begin");
            }
            checkSize(tensor);
        }
        List<TensorEntry> sorted = new ArrayList<>(tensors);
        // Stable sort: zero-sized tensors at one offset keep their file order.
        sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long expectedBegin = 0;
        TensorEntry previous = null;
        for (TensorEntry tensor : sorted) {
            if (tensor.begin() < expectedBegin) {
                throw invalid(OFFSETS_OVERLAP, "tensors " + quote(previous.name()) + " and "
                        + quote(tensor.name()) + " overlap: " + quote(tensor.name()) + " starts at "
                        + tensor.begin() + ", before " + quote(previous.name()) + " ends at " + expectedBegin);
            }
            if (tensor.begin() > expectedBegin) {
                throw invalid(OFFSETS_GAP, "gap of " + (tensor.begin() - expectedBegin) + " bytes before tensor "
                        + quote(tensor.name()) + ": it starts at " + tensor.begin() + ", expected "
                        + expectedBegin + (previous == null ? " (the first tensor starts the data section)"
                        : " (the end of " + quote(previous.name()) + ")"));
            }
            expectedBegin = tensor.end();
            previous = tensor;
        }
        // R12: the data section is covered exactly. Trailing bytes are the polyglot vector.
        if (expectedBegin < dataSize) {
            long extra = dataSize - expectedBegin;
            throw invalid(TRAILING_BYTES, extra + (extra == 1 ? " trailing byte" : " trailing bytes") + " after the last tensor"
                    + " (tensors cover " + expectedBegin + " data bytes, the file has " + dataSize + ")");
        }
        if (expectedBegin > dataSize) {
            throw invalid(TRUNCATED_DATA, "expected " + expectedBegin + " data bytes, found " + dataSize
                    + " (incomplete download?)");
        }
        return sorted;
    }

    /** R9-R11 with checked arithmetic, in the reference's order. */
    private static void checkSize(TensorEntry tensor) {
        int bits = DTYPE_BITS.get(tensor.dtype());
        long nbits;
        try {
            long elements = 1;
            for (long dim : tensor.shape()) {
                elements = Math.multiplyExact(elements, dim);
            }
            nbits = Math.multiplyExact(elements, bits);
        } catch (ArithmeticException e) {
            throw invalid(SHAPE_OVERFLOW, "tensor " + quote(tensor.name()) + ": " + describe(tensor)
                    + " overflows 64-bit size arithmetic");
        }
        if (nbits % 8 != 0) {
            throw invalid(SUBBYTE_MISALIGNED, "tensor " + quote(tensor.name()) + ": " + describe(tensor)
                    + " is " + nbits + " bits, not a whole number of bytes");
        }
        long needed = nbits / 8;
        long given = tensor.end() - tensor.begin();
        if (needed != given) {
            throw invalid(SIZE_MISMATCH, "tensor " + quote(tensor.name()) + ": " + describe(tensor) + " needs "
                    + needed + " bytes, offsets give " + given);
        }
    }

    private static String describe(TensorEntry tensor) {
        StringBuilder out = new StringBuilder(tensor.dtype()).append('[');
        for (int i = 0; i < tensor.shape().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(tensor.shape().get(i));
        }
        return out.append(']').toString();
    }

    // ---------------------------------------------------------------- helpers

    private static InvalidSafetensorsException invalid(String reasonCode, String message) {
        return new InvalidSafetensorsException(reasonCode, message);
    }

    private static String quote(String s) {
        return "'" + sanitize(s, MAX_QUOTED_LENGTH) + "'";
    }

    private static Map<String, Integer> dtypeBits() {
        Map<String, Integer> bits = new LinkedHashMap<>();
        bits.put("BOOL", 8);
        bits.put("F4", 4);
        bits.put("F6_E2M3", 6);
        bits.put("F6_E3M2", 6);
        bits.put("U8", 8);
        bits.put("I8", 8);
        bits.put("F8_E5M2", 8);
        bits.put("F8_E4M3", 8);
        bits.put("F8_E8M0", 8);
        bits.put("F8_E4M3FNUZ", 8);
        bits.put("F8_E5M2FNUZ", 8);
        bits.put("I16", 16);
        bits.put("U16", 16);
        bits.put("F16", 16);
        bits.put("BF16", 16);
        bits.put("I32", 32);
        bits.put("U32", 32);
        bits.put("F32", 32);
        bits.put("C64", 64);
        bits.put("F64", 64);
        bits.put("I64", 64);
        bits.put("U64", 64);
        return java.util.Collections.unmodifiableMap(bits);
    }

    private static boolean isBidiControl(int cp) {
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)
                || cp == 0x200E || cp == 0x200F || cp == 0x061C;
    }

    /** After ESC: CSI, a control string (OSC, DCS, PM, APC, SOS), or a short escape. */
    private static int skipEscapeSequence(String s, int i) {
        if (i >= s.length()) {
            return i;
        }
        char c = s.charAt(i);
        if (c == '[') {
            return skipCsiBody(s, i + 1);
        }
        if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
            return skipControlString(s, i + 1);
        }
        while (i < s.length() && s.charAt(i) >= 0x20 && s.charAt(i) <= 0x2F) {
            i++; // intermediate bytes, as in ESC ( B
        }
        if (i < s.length() && s.charAt(i) >= 0x30 && s.charAt(i) <= 0x7E) {
            i++; // final byte
        }
        return i;
    }

    /** CSI: parameter and intermediate bytes 0x20-0x3F, then one final byte 0x40-0x7E. */
    private static int skipCsiBody(String s, int i) {
        while (i < s.length() && s.charAt(i) >= 0x20 && s.charAt(i) <= 0x3F) {
            i++;
        }
        if (i < s.length() && s.charAt(i) >= 0x40 && s.charAt(i) <= 0x7E) {
            i++;
        }
        return i;
    }

    /** A control string ends at BEL, ESC \ or ST (0x9C); unterminated, it swallows the rest. */
    private static int skipControlString(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == 0x07 || c == 0x9C) {
                return i + 1;
            }
            if (c == 0x1B && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
                return i + 2;
            }
            i++;
        }
        return i;
    }
}
