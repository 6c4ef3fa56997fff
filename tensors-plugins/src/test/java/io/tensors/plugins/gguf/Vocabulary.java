package io.tensors.plugins.gguf;

import io.tensors.plugins.gguf.GgufWriter.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** An LLM-shaped GGUF header: a BPE vocabulary of {@code n} tokens with scores, types and merges, as llama.cpp's converter writes one. */
final class Vocabulary {
    static final String CHAT_TEMPLATE = "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
            + "{{ message['content'] }}<|im_end|>\n{% endfor %}";

    private Vocabulary() {}

    static GgufWriter model(int n) {
        Random random = new Random(n);
        List<String> tokens = new ArrayList<>(n);
        float[] scores = new float[n];
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            tokens.add(token(random, i));
            scores[i] = -i;
            types[i] = i < 3 ? 3 : 1;
        }
        List<String> merges = new ArrayList<>();
        for (int i = 0; i < n - 1000; i++) {
            merges.add(token(random, i) + " " + token(random, i + 1));
        }
        return new GgufWriter()
                .kv("general.architecture", Value.string("qwen2"))
                .kv("general.name", Value.string("Vocabulary Test"))
                .kv("general.file_type", Value.u32(15))
                .kv("qwen2.context_length", Value.u32(32768))
                .kv("tokenizer.ggml.model", Value.string("gpt2"))
                .kv("tokenizer.ggml.tokens", Value.strings(tokens))
                .kv("tokenizer.ggml.scores", Value.floats(scores))
                .kv("tokenizer.ggml.token_type", Value.ints(types))
                .kv("tokenizer.ggml.merges", Value.strings(merges))
                .kv("tokenizer.chat_template", Value.string(CHAT_TEMPLATE))
                .tensor("token_embd.weight", GgmlType.Q4_K, 256, 2)
                .tensor("output_norm.weight", GgmlType.F32, 256);
    }

    /** A token of 1-12 characters: ASCII, Latin, CJK or the GPT-2 byte markers, like a real vocabulary. */
    private static String token(Random random, int i) {
        String[] pieces = {"Ġ", "the", "ing", "é", "中文", "▁", "<0x0A>", "ü", "er", "😀"};
        StringBuilder out = new StringBuilder();
        int count = 1 + random.nextInt(3);
        for (int k = 0; k < count; k++) {
            out.append(pieces[random.nextInt(pieces.length)]);
        }
        return out.append(i % 97).toString();
    }
}
