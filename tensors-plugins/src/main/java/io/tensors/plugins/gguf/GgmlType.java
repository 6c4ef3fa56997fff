package io.tensors.plugins.gguf;

import java.util.Optional;

/**
 * The ggml tensor types a GGUF file can name, with their block layout: a tensor of {@code n}
 * elements takes {@code n / blockSize * typeSize} bytes, and its first dimension must be a
 * multiple of {@code blockSize}. Ids and sizes are those of ggml's {@code ggml_type} and gguf-py's
 * {@code GGML_QUANT_SIZES} (QK_K = 256).
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 2 + 16),
    Q4_1(3, 32, 2 + 2 + 16),
    Q5_0(6, 32, 2 + 4 + 16),
    Q5_1(7, 32, 2 + 2 + 4 + 16),
    Q8_0(8, 32, 2 + 32),
    Q8_1(9, 32, 4 + 4 + 32),
    Q2_K(10, 256, 2 + 2 + 256 / 16 + 256 / 4),
    Q3_K(11, 256, 2 + 256 / 4 + 256 / 8 + 12),
    Q4_K(12, 256, 2 + 2 + 256 / 2 + 12),
    Q5_K(13, 256, 2 + 2 + 256 / 2 + 256 / 8 + 12),
    Q6_K(14, 256, 2 + 256 / 2 + 256 / 4 + 256 / 16),
    Q8_K(15, 256, 4 + 256 + 256 / 8),
    IQ2_XXS(16, 256, 2 + 256 / 4),
    IQ2_XS(17, 256, 2 + 256 / 4 + 256 / 32),
    IQ3_XXS(18, 256, 2 + 256 / 4 + 256 / 8),
    IQ1_S(19, 256, 2 + 256 / 8 + 256 / 16),
    IQ4_NL(20, 32, 2 + 16),
    IQ3_S(21, 256, 2 + 256 / 4 + 256 / 8 + 256 / 32 + 4),
    IQ2_S(22, 256, 2 + 256 / 4 + 256 / 16),
    IQ4_XS(23, 256, 2 + 2 + 256 / 2 + 256 / 64),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 256 / 8 + 256 / 16 + 256 / 32),
    BF16(30, 1, 2),
    /** Interleaved Q4_0, written by llama.cpp in 2024 and removed from GGUF files since: read, with a warning. */
    Q4_0_4_4(31, 32, 2 + 16),
    /** See {@link #Q4_0_4_4}. */
    Q4_0_4_8(32, 32, 2 + 16),
    /** See {@link #Q4_0_4_4}. */
    Q4_0_8_8(33, 32, 2 + 16),
    TQ1_0(34, 256, 2 + 4 * 13),
    TQ2_0(35, 256, 2 + 64),
    MXFP4(39, 32, 1 + 16),
    NVFP4(40, 64, 4 + 32),
    Q1_0(41, 128, 2 + 16);

    private static final GgmlType[] BY_ID = byId();

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    /** @return the number a GGUF tensor info stores */
    public int id() {
        return id;
    }

    /** @return elements per block (1 for the plain types) */
    public int blockSize() {
        return blockSize;
    }

    /** @return bytes per block */
    public int typeSize() {
        return typeSize;
    }

    /** @return whether current ggml refuses files with this type (it was removed from GGUF files) */
    public boolean removed() {
        return this == Q4_0_4_4 || this == Q4_0_4_8 || this == Q4_0_8_8;
    }

    /** @return the type with this id, empty for ids ggml never defined for files or no longer does (4, 5, 36-38) */
    public static Optional<GgmlType> byId(long id) {
        return id >= 0 && id < BY_ID.length ? Optional.ofNullable(BY_ID[(int) id]) : Optional.empty();
    }

    /** @return the known ids as ranges, for messages ({@code 0-3, 6-35, 39-41}) */
    static String knownIds() {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < BY_ID.length) {
            if (BY_ID[i] == null) {
                i++;
                continue;
            }
            int start = i;
            while (i + 1 < BY_ID.length && BY_ID[i + 1] != null) {
                i++;
            }
            out.append(out.isEmpty() ? "" : ", ").append(start).append(start == i ? "" : "-" + i);
            i++;
        }
        return out.toString();
    }

    private static GgmlType[] byId() {
        int max = 0;
        for (GgmlType type : values()) {
            max = Math.max(max, type.id);
        }
        GgmlType[] table = new GgmlType[max + 1];
        for (GgmlType type : values()) {
            table[type.id] = type;
        }
        return table;
    }
}
