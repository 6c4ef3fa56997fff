package io.tensors.engine.format;

import io.tensors.api.TensorEntry;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a header tells a user at a glance, for every format: the parameter count, the tensor types in
 * use, and for GGUF the file type (quantization) by its name. Here, not in a format plugin, so the
 * command line needs no plugin at compile time.
 */
public final class ModelFacts {
    /**
     * {@code general.file_type} values and their names: 0 to 18 from ggml's {@code docs/gguf.md}
     * (5 and 6 were removed from llama.cpp), later ones from llama.cpp's {@code llama_ftype}.
     */
    private static final Map<Integer, String> GGUF_FILE_TYPES = Map.ofEntries(
            Map.entry(0, "ALL_F32"), Map.entry(1, "MOSTLY_F16"), Map.entry(2, "MOSTLY_Q4_0"), Map.entry(3, "MOSTLY_Q4_1"),
            Map.entry(4, "MOSTLY_Q4_1_SOME_F16"), Map.entry(5, "MOSTLY_Q4_2"), Map.entry(6, "MOSTLY_Q4_3"),
            Map.entry(7, "MOSTLY_Q8_0"), Map.entry(8, "MOSTLY_Q5_0"), Map.entry(9, "MOSTLY_Q5_1"), Map.entry(10, "MOSTLY_Q2_K"),
            Map.entry(11, "MOSTLY_Q3_K_S"), Map.entry(12, "MOSTLY_Q3_K_M"), Map.entry(13, "MOSTLY_Q3_K_L"),
            Map.entry(14, "MOSTLY_Q4_K_S"), Map.entry(15, "MOSTLY_Q4_K_M"), Map.entry(16, "MOSTLY_Q5_K_S"),
            Map.entry(17, "MOSTLY_Q5_K_M"), Map.entry(18, "MOSTLY_Q6_K"),
            Map.entry(19, "MOSTLY_IQ2_XXS"), Map.entry(20, "MOSTLY_IQ2_XS"), Map.entry(21, "MOSTLY_Q2_K_S"),
            Map.entry(22, "MOSTLY_IQ3_XS"), Map.entry(23, "MOSTLY_IQ3_XXS"), Map.entry(24, "MOSTLY_IQ1_S"),
            Map.entry(25, "MOSTLY_IQ4_NL"), Map.entry(26, "MOSTLY_IQ3_S"), Map.entry(27, "MOSTLY_IQ3_M"),
            Map.entry(28, "MOSTLY_IQ2_S"), Map.entry(29, "MOSTLY_IQ2_M"), Map.entry(30, "MOSTLY_IQ4_XS"),
            Map.entry(31, "MOSTLY_IQ1_M"), Map.entry(32, "MOSTLY_BF16"), Map.entry(36, "MOSTLY_TQ1_0"),
            Map.entry(37, "MOSTLY_TQ2_0"));

    private ModelFacts() {}

    /** @return the sum of the tensors' element counts (the product of each one's dimensions) */
    public static BigInteger parameterCount(List<TensorEntry> tensors) {
        BigInteger total = BigInteger.ZERO;
        for (TensorEntry t : tensors) {
            BigInteger elements = BigInteger.ONE;
            for (BigInteger d : t.shape()) {
                elements = elements.multiply(d);
            }
            total = total.add(elements);
        }
        return total;
    }

    /** @return how many tensors each element type has, by type name */
    public static Map<String, Long> tensorTypes(List<TensorEntry> tensors) {
        Map<String, Long> byType = new TreeMap<>();
        for (TensorEntry t : tensors) {
            byType.merge(t.dtype(), 1L, Long::sum);
        }
        return byType;
    }

    /**
     * @param value a GGUF {@code general.file_type} as text
     * @return its name and number ({@code MOSTLY_Q4_K_M (15)}), the number alone when it has no
     *     known name, or null when there is no value
     */
    public static String ggufFileType(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String name = GGUF_FILE_TYPES.get(Integer.parseInt(value.strip()));
            return name == null ? value.strip() : name + " (" + value.strip() + ")";
        } catch (NumberFormatException e) {
            return value.strip();
        }
    }
}
