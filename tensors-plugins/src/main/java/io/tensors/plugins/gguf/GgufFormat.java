package io.tensors.plugins.gguf;

import io.tensors.api.ModelFormat;
import io.tensors.api.ModelHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Set;

/**
 * GGUF, the file format of ggml and llama.cpp (spec: ggml's {@code docs/gguf.md}), versions 2 and 3,
 * little-endian or big-endian. Only the header is read, front to back in 64 KiB positional reads;
 * the tensor data is never read or mapped.
 *
 * <h2>What the header becomes</h2>
 * <ul>
 *   <li>{@code headerSize} and {@code dataStart}: both the offset where the tensor data starts, the
 *       end of the tensor infos rounded up to the alignment (for a file without tensors, its size
 *       when the writer left out that padding).
 *   <li>Tensors, in file order: {@code dtype} is the ggml type's name ({@code Q4_K}, {@code F16}, see
 *       {@link GgmlType}); {@code shape} is in the file's dimension order, which is ggml's
 *       {@code ne[]}: the fastest-varying dimension first, so a PyTorch {@code [rows, cols]} weight is
 *       {@code [cols, rows]} here; {@code begin}/{@code end} are relative to {@code dataStart}, and
 *       {@code end - begin} is the tensor's bytes (elements / block size * block bytes), without the padding.
 *   <li>Metadata, in file order, as text: integers in decimal (unsigned types unsigned), bools
 *       {@code true}/{@code false}, floats in their shortest round-trip form written as ECMAScript
 *       writes numbers ({@code 1}, {@code 0.00001}, {@code 1e-7}, {@code NaN}), strings as they are.
 *       An array of at most 16 numbers, bools or strings of at most 1024 bytes, whose JSON text is
 *       under 1024 characters and holds no NaN or infinity, is written as a compact JSON list
 *       ({@code [1,2,3]}, {@code ["en","fr"]}, {@code []}); any other array, nested arrays included,
 *       as its length and element type: {@code [array of 151936 string]}.
 *   <li>Safety {@code SAFE}, no imports; findings: a warning for a big-endian file and for a file
 *       using a ggml type removed from GGUF since ({@code Q4_0_4_4}, {@code Q4_0_4_8}, {@code Q4_0_8_8}).
 * </ul>
 *
 * <h2>What is refused ({@link InvalidGgufException}, one line naming the rule broken)</h2>
 * Another magic; version 1 (the draft with 32-bit counts) or any version but 2 and 3; more than
 * 1,000,000 tensors or metadata entries, or more than the file has room for; an unknown value type
 * (0-12) or ggml type; a bool other than 0 or 1; a string that is not UTF-8; an empty key or one
 * with a NUL byte or over 65,535 bytes; a string over 64 MiB (ggml's bound) or metadata text over
 * 128 Mi characters in all; an array over 64 Mi elements or nested over 8 deep; a duplicate key or
 * tensor name; an empty tensor name, one with a NUL byte or over 1024 bytes (the spec says 64;
 * ComfyUI-GGUF's patched llama.cpp writes up to 127); {@code general.alignment} not a uint32 power
 * of two up to 1 MiB (default 32; ggml accepts any power of two, though gguf.md asks for a multiple
 * of 8); more than 4 dimensions, a dimension over 2^63-1 or a size that overflows 64 bits; a first
 * dimension that is not a multiple of the type's block size; an offset not a multiple of the
 * alignment; tensors that overlap, leave a gap beyond the padding, or end past the file; bytes
 * after the last tensor's padding; a header that ends early. Every bound is checked before the
 * memory it guards is allocated.
 */
public final class GgufFormat implements ModelFormat {
    /** The format's id. */
    public static final String ID = "gguf";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<String> endings() {
        return Set.of(".gguf");
    }

    @Override
    public int probeBytes() {
        return 4;
    }

    @Override
    public boolean probe(ByteBuffer first) {
        int p = first.position();
        return first.remaining() >= 4 && first.get(p) == 'G' && first.get(p + 1) == 'G' && first.get(p + 2) == 'U'
                && first.get(p + 3) == 'F';
    }

    @Override
    public ModelHeader read(FileChannel channel, long size) throws IOException {
        return GgufReader.read(channel, size);
    }
}
