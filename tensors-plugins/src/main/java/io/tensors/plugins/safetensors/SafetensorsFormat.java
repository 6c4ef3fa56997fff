package io.tensors.plugins.safetensors;

import io.tensors.api.ModelFormat;
import io.tensors.api.ModelHeader;
import io.tensors.api.SafetensorsHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Set;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of JSON, the tensor data.
 * Read by {@link SafetensorsParser}, as strictly as the reference implementation.
 */
public final class SafetensorsFormat implements ModelFormat {
    /** The id the catalog stores and {@code --formats} takes. */
    public static final String ID = "safetensors";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> endings() {
        return Set.of(".safetensors", ".sft");
    }

    @Override
    public int probeBytes() {
        return 64;
    }

    /**
     * A plausible header length (at least {@code {}}, at most the parser's limit) followed by a JSON
     * object: nothing else starts that way (N's upper bytes are zero, a pickle or zip or GGUF magic is not).
     */
    @Override
    public boolean probe(ByteBuffer first) {
        int start = first.position();
        if (first.remaining() < 9) {
            return false;
        }
        long n = first.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(start);
        if (n < 2 || n > SafetensorsParser.MAX_HEADER_SIZE) {
            return false;
        }
        for (int i = start + 8; i < first.limit() && i < start + 8 + n; i++) {
            byte b = first.get(i);
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return false;
    }

    @Override
    public ModelHeader read(FileChannel channel, long size) throws IOException {
        SafetensorsHeader header = SafetensorsParser.read(channel, size, "");
        return ModelHeader.ofData(ID, header.headerSize(), header.dataStart(), header.tensors(), header.metadata());
    }

    /** @return the id, for messages */
    @Override
    public String toString() {
        return ID;
    }
}
