package io.tensors.plugins.safetensors;

import static io.tensors.plugins.safetensors.InvalidSafetensorsException.DUPLICATE_KEY;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.HEADER_NOT_JSON;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.HEADER_NOT_OBJECT;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.HEADER_NOT_UTF8;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.METADATA_NOT_STRING_MAP;
import static io.tensors.plugins.safetensors.InvalidSafetensorsException.quote;

import io.tensors.api.JsonErrors;
import io.tensors.api.TensorEntry;
import io.tensors.api.TerminalText;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the N header bytes in one pass over their tokens, as strictly as the reference's serde_json:
 * UTF-8 without a byte order mark, one JSON object and only whitespace after it, no duplicate keys,
 * {@code __metadata__} absent, null or a map of strings, every other key a tensor entry (read by
 * {@link TensorEntryReader}).
 */
final class JsonHeaderReader {
    static final String METADATA_KEY = "__metadata__";

    /**
     * Strict JSON: no comments, quotes or other leniencies (all off by default), duplicate keys
     * rejected, no charset sniffing (UTF-16 must not be guessed from NUL bytes), limits raised to
     * the 100 MB header size (numbers too: the reference reads a 2,000-digit 0.000...1; its own
     * number and nesting limits are checked by {@link ReferenceNumbers} and {@link
     * TensorEntryReader#MAX_DEPTH}). CANONICALIZE_PROPERTY_NAMES stays on: without it Jackson 3.1
     * falls back to a Reader-based parser (char offsets, and an NPE when charset detection is off);
     * its symbol table fails on hash flooding, which we report as invalid JSON.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(TokenStreamFactory.Feature.CHARSET_DETECTION)
            .disable(TokenStreamFactory.Feature.INTERN_PROPERTY_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(SafetensorsParser.MAX_HEADER_SIZE)
                    .maxNameLength((int) SafetensorsParser.MAX_HEADER_SIZE)
                    .maxStringLength((int) SafetensorsParser.MAX_HEADER_SIZE)
                    .maxNumberLength((int) SafetensorsParser.MAX_HEADER_SIZE)
                    .build())
            .build();

    /** The tensors in file order, the metadata in file order. */
    record ParsedJson(List<TensorEntry> tensors, Map<String, String> metadata) {}

    private final byte[] bytes;
    private final int offset;
    private final int length;
    private final List<TensorEntry> tensors = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    /** Where the parser is, to word a duplicate-key error: null = top level. */
    private String object;
    private JsonParser parser;

    private JsonHeaderReader(ByteBuffer header) {
        this.bytes = header.array();
        this.offset = header.arrayOffset() + header.position();
        this.length = header.remaining();
    }

    /**
     * @param header the N header bytes, from position to limit, in a heap buffer (not changed);
     *     byte offsets in messages count from its position
     * @return what the header holds, not yet checked against the data section
     * @throws InvalidSafetensorsException when the header is not valid UTF-8 or JSON, or not the
     *     shape of a safetensors header
     */
    static ParsedJson read(ByteBuffer header) {
        checkUtf8(header.slice());
        return new JsonHeaderReader(header).read();
    }

    private ParsedJson read() {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), bytes, offset, length)) {
            parser = p;
            readTopLevel();
            return new ParsedJson(tensors, metadata);
        } catch (JacksonException e) {
            throw fromJackson(e);
        }
    }

    private static void checkUtf8(ByteBuffer header) {
        if (header.remaining() >= 3 && (header.get(0) & 0xFF) == 0xEF && (header.get(1) & 0xFF) == 0xBB
                && (header.get(2) & 0xFF) == 0xBF) {
            // serde_json does not skip a BOM, so the reference rejects it; so do we.
            throw new InvalidSafetensorsException(HEADER_NOT_JSON, "invalid JSON in header: it starts with a UTF-8"
                    + " byte order mark (BOM); a header must start with '{'");
        }
        // Chunked decode into a small buffer: validates 100 MB without holding a 200 MB String.
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(header, out, true);
            if (result.isError()) {
                int at = header.position();
                throw new InvalidSafetensorsException(HEADER_NOT_UTF8, String.format(Locale.ROOT,
                        "header is not valid UTF-8: bad byte 0x%02X at header byte %d (file offset %d)",
                        header.get(at) & 0xFF, at, at + SafetensorsParser.LENGTH_FIELD_BYTES));
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

    private void readTopLevel() {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new InvalidSafetensorsException(HEADER_NOT_JSON, "invalid JSON in header: it is empty"
                    + (length == 0 ? " (N = 0)" : " (only whitespace)"));
        }
        if (first != JsonToken.START_OBJECT) {
            throw new InvalidSafetensorsException(HEADER_NOT_OBJECT, "header must be a JSON object, found "
                    + describe(parser, first));
        }
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            checkNoLoneSurrogate(parser, name);
            parser.nextToken();
            if (name.equals(METADATA_KEY)) {
                readMetadata();
            } else {
                object = name;
                tensors.add(TensorEntryReader.read(parser, name));
            }
            object = null;
        }
        if (token != JsonToken.END_OBJECT) {
            throw new InvalidSafetensorsException(HEADER_NOT_JSON, "invalid JSON in header: unexpected "
                    + describe(parser, token));
        }
        checkOnlyWhitespaceAfter(parser.currentLocation().getByteOffset());
    }

    /** Only JSON whitespace may follow the object: not NUL padding, not more JSON. */
    private void checkOnlyWhitespaceAfter(long endOfObject) {
        for (int i = (int) endOfObject; i < length; i++) {
            byte b = bytes[offset + i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                String what = b == 0 ? "NUL padding" : "trailing characters";
                String hint = b == ',' && endOfObject >= 2 && bytes[offset + (int) endOfObject - 2] == '{'
                        ? "; '{},...' is how safetensors 0.4.3 and older broke metadata-only files"
                        : " (only spaces, tabs and newlines may pad a header)";
                throw new InvalidSafetensorsException(HEADER_NOT_JSON, "invalid JSON in header: " + what
                        + " after the JSON object at header byte " + i + hint);
            }
        }
    }

    private void readMetadata() {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return; // "__metadata__": null means no metadata
        }
        if (token != JsonToken.START_OBJECT) {
            throw new InvalidSafetensorsException(METADATA_NOT_STRING_MAP, "__metadata__ must be an object of"
                    + " string values, found " + describe(parser, token));
        }
        object = METADATA_KEY;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = parser.currentName();
            checkNoLoneSurrogate(parser, key);
            JsonToken value = parser.nextToken();
            if (value != JsonToken.VALUE_STRING) {
                throw new InvalidSafetensorsException(METADATA_NOT_STRING_MAP, "__metadata__ value for key "
                        + quote(key) + " must be a string, found " + describe(parser, value));
            }
            String text = parser.getString();
            checkNoLoneSurrogate(parser, text);
            metadata.put(key, text);
        }
    }

    /** Jackson decodes "\ud800" into a broken String; serde_json rejects a lone surrogate. */
    static void checkNoLoneSurrogate(JsonParser parser, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidSafetensorsException(HEADER_NOT_JSON, String.format(Locale.ROOT,
                        "invalid JSON in header: lone surrogate \\u%04X in a string before header byte %d",
                        (int) c, parser.currentLocation().getByteOffset()));
            }
        }
    }

    /** @return where the current token starts, in header bytes */
    static long tokenStart(JsonParser parser) {
        return parser.currentTokenLocation().getByteOffset();
    }

    /** @return the current number as written, cut for a message */
    static String numberText(JsonParser parser) {
        return TerminalText.sanitize(parser.getString(), 40);
    }

    /** @return the current token in words for a message ("a string 'x'", "the end of the header") */
    static String describe(JsonParser parser, JsonToken token) {
        if (token == null) {
            return "the end of the header";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string " + quote(parser.getString());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + numberText(parser);
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> TerminalText.sanitize(token.toString(), 40);
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
            return new InvalidSafetensorsException(DUPLICATE_KEY, message + where);
        }
        return new InvalidSafetensorsException(HEADER_NOT_JSON, "invalid JSON in header: "
                + TerminalText.sanitize(JsonErrors.plain(original), 160) + where);
    }
}
