package io.tensors.engine.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.TensorEntry;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelFactsTest {
    static TensorEntry tensor(String dtype, long... dims) {
        return new TensorEntry("t", dtype, java.util.Arrays.stream(dims).mapToObj(BigInteger::valueOf).toList(), 0, 0);
    }

    @Test
    void theParameterCountAddsEveryTensorsElementsExactly() {
        assertThat(ModelFacts.parameterCount(List.of(tensor("Q4_K", 4096, 4096), tensor("F32", 4096), tensor("F32")))).isEqualTo(
                BigInteger.valueOf(4096L * 4096 + 4096 + 1)); // a scalar is one element
        TensorEntry huge = new TensorEntry("z", "F32", List.of(BigInteger.ZERO, new BigInteger("18446744073709551615")), 0, 0);
        assertThat(ModelFacts.parameterCount(List.of(huge))).isZero();
        assertThat(ModelFacts.tensorTypes(List.of(tensor("Q4_K", 1), tensor("F32", 1), tensor("Q4_K", 2))))
                .containsExactly(java.util.Map.entry("F32", 1L), java.util.Map.entry("Q4_K", 2L));
    }

    @Test
    void ggufFileTypesHaveTheirNamesFromTheSpec() {
        assertThat(ModelFacts.ggufFileType("15")).isEqualTo("MOSTLY_Q4_K_M (15)");
        assertThat(ModelFacts.ggufFileType("0")).isEqualTo("ALL_F32 (0)");
        assertThat(ModelFacts.ggufFileType("32")).isEqualTo("MOSTLY_BF16 (32)");
        assertThat(ModelFacts.ggufFileType("999")).isEqualTo("999");
        assertThat(ModelFacts.ggufFileType("q4")).isEqualTo("q4");
        assertThat(ModelFacts.ggufFileType(null)).isNull();
    }
}
