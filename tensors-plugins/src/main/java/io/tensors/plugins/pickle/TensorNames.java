package io.tensors.plugins.pickle;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Names each rebuilt tensor by the first path that reaches it from the pickle's root: dict keys and
 * list indices joined with dots ({@code model.diffusion_model.out.2.weight}). A checkpoint's
 * {@code state_dict} wrapper is left out, as conversions to safetensors leave it out, and so are
 * {@code torch.nn.Module}'s {@code _modules}/{@code _parameters}/{@code _buffers} levels, so a pickled
 * module names its tensors as its state dict would. A tensor no path reaches is named {@code #N}
 * (its place in the stream); a repeated name gets {@code #N} appended. The walk is iterative and
 * visits each object once, so deep or cyclic structures cost their size, nothing more.
 */
final class TensorNames {
    private static final int MAX_NAME = 1024;
    private static final Set<String> MODULE_LEVELS = Set.of("_modules", "_parameters", "_buffers");

    private record Step(Value value, String path, boolean root) {}

    private TensorNames() {}

    static void assign(Value root, List<Value.Tensor> tensors) {
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<String> used = new HashSet<>();
        IdentityHashMap<Value.Tensor, Integer> ordinals = new IdentityHashMap<>();
        for (int i = 0; i < tensors.size(); i++) {
            ordinals.putIfAbsent(tensors.get(i), i);
        }
        Deque<Step> todo = new ArrayDeque<>();
        todo.push(new Step(root, "", true));
        while (!todo.isEmpty()) {
            Step step = todo.pop();
            Value value = step.value();
            if (value == null || !seen.add(value)) {
                continue;
            }
            String path = step.path();
            // children are pushed last first, so they are visited in stream order
            switch (value) {
                case Value.Tensor tensor -> {
                    if (tensor.name == null && !path.isEmpty()) {
                        tensor.name = unique(path, used, ordinals.getOrDefault(tensor, -1));
                    }
                }
                case Value.Dict dict -> pushEntries(todo, dict.keys, dict.values, path, step.root(), false);
                case Value.Seq seq -> pushItems(todo, seq.items, path);
                case Value.Call call -> {
                    pushItems(todo, call.items, path);
                    pushEntries(todo, call.keys, call.values, path, false, false);
                    switch (call.state) {
                        case Value.Dict state -> pushEntries(todo, state.keys, state.values, path, false, true);
                        case Value.Seq state when state.kind == 't' -> { // (dict state, slot state)
                            for (int i = state.items.size() - 1; i >= 0; i--) {
                                if (state.items.get(i) instanceof Value.Dict d) {
                                    pushEntries(todo, d.keys, d.values, path, false, true);
                                }
                            }
                        }
                        case null, default -> {
                            // no state with names
                        }
                    }
                    if (call.args instanceof Value.Seq args) {
                        if (args.items.size() == 1) {
                            todo.push(new Step(args.items.getFirst(), path, false));
                        } else {
                            pushItems(todo, args.items, path);
                        }
                    }
                }
                default -> {
                    // scalars, globals and storages hold no tensors
                }
            }
        }
        for (int i = 0; i < tensors.size(); i++) {
            Value.Tensor tensor = tensors.get(i);
            if (tensor.name == null) {
                tensor.name = unique("#" + i, used, i);
            }
        }
    }

    private static void pushEntries(Deque<Step> todo, List<Value> keys, List<Value> values, String path,
            boolean root, boolean objectState) {
        for (int i = keys.size() - 1; i >= 0; i--) {
            String key = keyText(keys.get(i));
            String child;
            if ((root && key.equals("state_dict")) || (objectState && MODULE_LEVELS.contains(key))) {
                child = path;
            } else {
                child = join(path, key);
            }
            todo.push(new Step(values.get(i), child, false));
        }
    }

    private static void pushItems(Deque<Step> todo, List<Value> items, String path) {
        for (int i = items.size() - 1; i >= 0; i--) {
            todo.push(new Step(items.get(i), join(path, Integer.toString(i)), false));
        }
    }

    private static String join(String path, String segment) {
        String joined = path.isEmpty() ? segment : path + "." + segment;
        return joined.length() > MAX_NAME ? joined.substring(0, MAX_NAME) : joined;
    }

    private static String unique(String name, Set<String> used, int index) {
        String candidate = name;
        if (!used.add(candidate)) {
            candidate = name + "#" + index;
            used.add(candidate);
        }
        return candidate;
    }

    static String keyText(Value key) {
        return switch (key) {
            case Value.Str s -> s.text;
            case Value.Int i -> i.value == null ? "?" : i.value.toString();
            case Value.Atom a -> a.text;
            case Value.Global g -> g.module + "." + g.name;
            default -> "?";
        };
    }
}
