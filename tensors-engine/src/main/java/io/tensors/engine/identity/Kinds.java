package io.tensors.engine.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kinds a file can be, each with the group {@code --type} also finds it by (a LoHa is a LyCORIS). */
public final class Kinds {
    private static final Map<String, String> GROUP = new LinkedHashMap<>();

    static {
        for (String k : List.of("checkpoint", "diffusion-model", "lora", "embedding", "vae", "controlnet", "ip-adapter",
                "text-encoder", "upscaler", "other")) {
            GROUP.put(k, k);
        }
        for (String k : List.of("locon", "loha", "lokr", "dora")) {
            GROUP.put(k, "lycoris");
        }
        GROUP.put("t2i-adapter", "controlnet");
        GROUP.put("clip-vision", "ip-adapter");
    }

    private Kinds() {}

    public static boolean isKnown(String kind) {
        return GROUP.containsKey(kind);
    }

    public static List<String> ids() {
        return List.copyOf(GROUP.keySet());
    }

    /** @return the kind's group ({@code lycoris} for {@code loha}), the kind itself for most, null for null */
    public static String group(String kind) {
        return kind == null ? null : GROUP.getOrDefault(kind, kind);
    }
}
