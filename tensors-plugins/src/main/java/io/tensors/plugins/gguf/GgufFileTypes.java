package io.tensors.plugins.gguf;

import java.util.Map;
import java.util.Optional;

/**
 * The names of {@code general.file_type}, the quantization a GGUF file was made with as a whole
 * (llama.cpp's {@code llama_ftype}, gguf-py's {@code LlamaFileType}; gguf.md lists 0-18). A file
 * stores only the number; {@code tsr info} shows the name.
 */
public final class GgufFileTypes {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "ALL_F32"),
            Map.entry(1, "MOSTLY_F16"),
            Map.entry(2, "MOSTLY_Q4_0"),
            Map.entry(3, "MOSTLY_Q4_1"),
            Map.entry(4, "MOSTLY_Q4_1_SOME_F16"),
            Map.entry(5, "MOSTLY_Q4_2"),
            Map.entry(6, "MOSTLY_Q4_3"),
            Map.entry(7, "MOSTLY_Q8_0"),
            Map.entry(8, "MOSTLY_Q5_0"),
            Map.entry(9, "MOSTLY_Q5_1"),
            Map.entry(10, "MOSTLY_Q2_K"),
            Map.entry(11, "MOSTLY_Q3_K_S"),
            Map.entry(12, "MOSTLY_Q3_K_M"),
            Map.entry(13, "MOSTLY_Q3_K_L"),
            Map.entry(14, "MOSTLY_Q4_K_S"),
            Map.entry(15, "MOSTLY_Q4_K_M"),
            Map.entry(16, "MOSTLY_Q5_K_S"),
            Map.entry(17, "MOSTLY_Q5_K_M"),
            Map.entry(18, "MOSTLY_Q6_K"),
            Map.entry(19, "MOSTLY_IQ2_XXS"),
            Map.entry(20, "MOSTLY_IQ2_XS"),
            Map.entry(21, "MOSTLY_Q2_K_S"),
            Map.entry(22, "MOSTLY_IQ3_XS"),
            Map.entry(23, "MOSTLY_IQ3_XXS"),
            Map.entry(24, "MOSTLY_IQ1_S"),
            Map.entry(25, "MOSTLY_IQ4_NL"),
            Map.entry(26, "MOSTLY_IQ3_S"),
            Map.entry(27, "MOSTLY_IQ3_M"),
            Map.entry(28, "MOSTLY_IQ2_S"),
            Map.entry(29, "MOSTLY_IQ2_M"),
            Map.entry(30, "MOSTLY_IQ4_XS"),
            Map.entry(31, "MOSTLY_IQ1_M"),
            Map.entry(32, "MOSTLY_BF16"),
            Map.entry(33, "MOSTLY_Q4_0_4_4"),
            Map.entry(34, "MOSTLY_Q4_0_4_8"),
            Map.entry(35, "MOSTLY_Q4_0_8_8"),
            Map.entry(36, "MOSTLY_TQ1_0"),
            Map.entry(37, "MOSTLY_TQ2_0"),
            Map.entry(38, "MOSTLY_MXFP4_MOE"),
            Map.entry(39, "MOSTLY_NVFP4"),
            Map.entry(40, "MOSTLY_Q1_0"),
            Map.entry(1024, "GUESSED"));

    private GgufFileTypes() {}

    /**
     * @param value the number stored in {@code general.file_type}
     * @return its name, such as {@code MOSTLY_Q4_K_M}; empty for a number llama.cpp does not define
     */
    public static Optional<String> name(long value) {
        return value < 0 || value > Integer.MAX_VALUE ? Optional.empty() : Optional.ofNullable(NAMES.get((int) value));
    }

    /**
     * @param text a {@code general.file_type} value as {@link GgufFormat} writes it (decimal)
     * @return its name, empty when the text is not a known number
     */
    public static Optional<String> name(String text) {
        try {
            return name(Long.parseLong(text.strip()));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }
}
