package io.tensors.engine.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.Identity;
import io.tensors.api.TensorEntry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IdentifierTest {
    private static final Identifier IDENTIFIER = new Identifier(RuleSet.builtIn());

    private static final Map<String, Identifier.Decision> DECISIONS = new java.util.LinkedHashMap<>();

    static {
        for (Samples.Sample s : Samples.all()) {
            DECISIONS.put(s.name(), IDENTIFIER.decide(s.format(), s.metadata(), TensorDigest.of(s.tensors())));
        }
    }

    static Stream<Samples.Sample> samples() {
        return Samples.all().stream();
    }

    static Stream<Rule> rules() {
        return RuleSet.builtIn().rules().stream();
    }

    private static Identity identify(Samples.Sample s) {
        return IDENTIFIER.identify(s.format(), s.metadata(), TensorDigest.of(s.tensors()), s.name() + ".safetensors");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleGetsItsKindAndArchitecture(Samples.Sample sample) {
        Identity identity = identify(sample);
        assertThat(identity.kind()).as("kind").isEqualTo(sample.kind());
        assertThat(identity.architecture()).as("architecture").isEqualTo(sample.architecture());
    }

    /** Each rule is the one that decides at least one sample: a rule no header reaches is wrong or dead. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void everyRuleDecidesASample(Rule rule) {
        List<String> decided = new ArrayList<>();
        DECISIONS.forEach((name, d) -> {
            if (d.kind() != null && d.kind().id().equals(rule.id()) || d.architecture() != null && d.architecture().id().equals(rule.id())) {
                decided.add(name);
            }
        });
        assertThat(decided).as("samples decided by rule " + rule.id()).isNotEmpty();
    }

    @Test
    void ruleIdsAreUnique() {
        Set<String> seen = new HashSet<>();
        assertThat(RuleSet.builtIn().rules()).allSatisfy(r -> assertThat(seen.add(r.id())).as(r.id()).isTrue());
    }

    @Test
    void sourcesSayWhereEachValueCameFrom() {
        Samples.Sample miku = Samples.all().stream().filter(s -> s.name().startsWith("sd1 lora kohya (Hatsune")).findFirst().orElseThrow();
        Identity identity = identify(miku);
        assertThat(identity.displayName()).isEqualTo("Hatsune Miku v2");
        assertThat(identity.sources().displayName()).isEqualTo(Identity.Source.HEADER);
        assertThat(identity.sources().kind()).isEqualTo(Identity.Source.TENSORS);
        assertThat(identity.sources().architecture()).isEqualTo(Identity.Source.TENSORS);
        // 1girl and hatsune miku tie at 40: the first seen first
        assertThat(identity.triggerWords()).containsExactly("hatsune miku", "1girl", "twintails");
        assertThat(identity.sources().triggerWords()).isEqualTo(Identity.Source.GUESSED);
    }

    @Test
    void triggerPhraseAndTitleComeFromModelspec() {
        Identity identity = IDENTIFIER.identify("safetensors", Map.of("modelspec.title", "Detail Tweaker LoRA (细节调整LoRA)",
                "modelspec.trigger_phrase", "add detail, more detail", "modelspec.architecture", "stable-diffusion-v1/lora",
                "ss_tag_frequency", "{\"a\": {\"x\": 9}}"), TensorDigest.EMPTY, "add_detail.safetensors");
        assertThat(identity.displayName()).isEqualTo("Detail Tweaker LoRA (细节调整LoRA)");
        assertThat(identity.triggerWords()).containsExactly("add detail, more detail");
        assertThat(identity.sources().triggerWords()).isEqualTo(Identity.Source.HEADER);
        assertThat(identity.kind()).isEqualTo("lora");
        assertThat(identity.sources().kind()).isEqualTo(Identity.Source.HEADER);
    }

    @Test
    void withoutAHeaderNameTheFileNameIsShown() {
        Identity identity = IDENTIFIER.identify("safetensors", Map.of("ss_output_name", "None"), TensorDigest.EMPTY, "my.model.safetensors");
        assertThat(identity.displayName()).isEqualTo("my.model");
        assertThat(identity.sources().displayName()).isEqualTo(Identity.Source.FILE_NAME);
        assertThat(identity.unidentified()).isTrue();
        assertThat(identity.triggerWords()).isEmpty();
        assertThat(identity.sources().triggerWords()).isNull();
    }

    @Test
    void badTagFrequencyGivesNoWords() {
        assertThat(Identifier.frequentTags("not json", 3)).isEmpty();
        assertThat(Identifier.frequentTags("{\"a\": 3}", 3)).isEmpty();
        assertThat(Identifier.frequentTags("{\"a\": {\"x\": 1, \"y\": 5}, \"b\": {\"x\": 7}}", 3)).containsExactly("x", "y");
    }

    @Test
    void numberSegmentsFoldButNumbersInsideWordsStay() {
        assertThat(TensorDigest.pattern("lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k.lora_down.weight"))
                .isEqualTo("lora_unet_input_blocks_#_#_transformer_blocks_#_attn2_to_k.lora_down.weight");
        assertThat(TensorDigest.pattern("lora_te1_text_model_encoder_layers_11_mlp_fc1.alpha"))
                .isEqualTo("lora_te1_text_model_encoder_layers_#_mlp_fc1.alpha");
        assertThat(TensorDigest.pattern("text_encoder:10:down")).isEqualTo("text_encoder:#:down");
        assertThat(TensorDigest.pattern("0.12abc.7")).isEqualTo("#.12abc.#");
    }

    @Test
    void theDigestRoundTripsAndStaysSmall() {
        List<TensorEntry> tensors = new ArrayList<>();
        for (int block = 0; block < 19; block++) {
            for (String part : List.of("img_attn.qkv", "img_attn.proj", "txt_attn.qkv", "img_mlp.0", "img_mlp.2")) {
                for (String end : List.of("lora_down.weight", "lora_up.weight", "alpha")) {
                    tensors.add(new TensorEntry("lora_unet_double_blocks_" + block + "_" + part.replace('.', '_') + "." + end, "F16",
                            end.equals("alpha") ? List.of() : List.of(BigInteger.valueOf(16), BigInteger.valueOf(3072)), 0, 0));
                }
            }
        }
        TensorDigest digest = TensorDigest.of(tensors);
        assertThat(digest.entries()).hasSize(12); // img_mlp.0 and img_mlp.2 fold together
        assertThat(digest.entries().get("lora_unet_double_blocks_#_img_attn_qkv.lora_down.weight").count()).isEqualTo(19);
        byte[] stored = digest.encode();
        assertThat(stored.length).isLessThan(400);
        TensorDigest back = TensorDigest.decode(stored);
        assertThat(back.entries().keySet()).isEqualTo(digest.entries().keySet());
        assertThat(back.entries().get("lora_unet_double_blocks_#_img_attn_qkv.lora_down.weight").shapes().getFirst())
                .containsExactly(16, 3072);
        assertThat(TensorDigest.decode(new byte[] {1, 2, 3})).isSameAs(TensorDigest.EMPTY);
    }

    @Test
    void aPluginsRulesComeAfterTheBuiltInOnesAndChangeTheFingerprint() {
        RuleSet extended = RuleSet.parse(List.of(RuleSet.builtInText(),
                "acme-video | diffusion-model | Acme Video | has acme_blocks.#.attn.qkv.weight"));
        assertThat(extended.fingerprint()).isNotEqualTo(RuleSet.builtIn().fingerprint());
        Identity identity = new Identifier(extended).identify("safetensors", Map.of(), TensorDigest.of(List.of(
                new TensorEntry("acme_blocks.3.attn.qkv.weight", "F16", List.of(BigInteger.TEN), 0, 0))), "a.safetensors");
        assertThat(identity.kind()).isEqualTo("diffusion-model");
        assertThat(identity.architecture()).isEqualTo("Acme Video");
    }

    @Test
    void aBadRuleIsRefusedWithItsLine() {
        assertThatThrownBy(() -> RuleSet.parse(List.of("# c\nx | lora | - | hsa foo")))
                .hasMessageContaining("line 2").hasMessageContaining("unknown condition 'hsa'");
        assertThatThrownBy(() -> RuleSet.parse(List.of("x | gadget | - | has foo")))
                .hasMessageContaining("unknown kind 'gadget'");
        assertThatThrownBy(() -> RuleSet.parse(List.of("x | - | - | has foo"))).hasMessageContaining("names a kind");
        assertThatThrownBy(() -> RuleSet.parse(List.of("x | lora | SD"))).hasMessageContaining("expected 'id | kind");
    }
}
