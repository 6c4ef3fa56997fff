package io.tensors.engine.identity;

import io.tensors.api.TensorEntry;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A pickled state dict as {@code torch.save(..., _use_new_zipfile_serialization=False)}'s object pickle holds it
 * (protocol 2: an OrderedDict of {@code torch._utils._rebuild_tensor_v2} calls on persistent-id storages), written
 * opcode by opcode, without the storages' bytes: what the pickle format reads to name the tensors.
 */
final class PickleStateDict {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private PickleStateDict() {}

    /** @param wrapped whether the dict sits under {@code state_dict}, as checkpoints have it */
    static byte[] of(List<TensorEntry> tensors, boolean wrapped) {
        PickleStateDict p = new PickleStateDict();
        p.op(0x80).op(2);
        if (wrapped) {
            p.op('}').str("state_dict");
        }
        p.global("collections", "OrderedDict").op(')').op('R');
        p.op('(');
        int key = 0;
        for (TensorEntry t : tensors) {
            List<Long> shape = t.shape().stream().map(BigInteger::longValueExact).toList();
            long numel = shape.stream().reduce(1L, (a, b) -> a * b);
            p.str(t.name());
            p.global("torch._utils", "_rebuild_tensor_v2");
            p.op('(');
            p.op('(').str("storage").global("torch", "HalfStorage").str(Integer.toString(key++)).str("cpu").integer(numel)
                    .op('t').op('Q');
            p.integer(0);
            p.op('(');
            shape.forEach(p::integer);
            p.op('t');
            p.op('(');
            long stride = 1;
            long[] strides = new long[shape.size()];
            for (int i = shape.size() - 1; i >= 0; i--) {
                strides[i] = stride;
                stride *= shape.get(i);
            }
            for (long s : strides) {
                p.integer(s);
            }
            p.op('t');
            p.op(0x89); // NEWFALSE: requires_grad
            p.global("collections", "OrderedDict").op(')').op('R');
            p.op('t').op('R');
        }
        p.op('u');
        if (wrapped) {
            p.op('s');
        }
        return p.op('.').out.toByteArray();
    }

    private PickleStateDict op(int code) {
        out.write(code);
        return this;
    }

    /** GLOBAL 'module name' */
    private PickleStateDict global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** BINUNICODE */
    private PickleStateDict str(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        le(bytes.length, 4);
        out.writeBytes(bytes);
        return this;
    }

    /** BININT for what fits in 4 bytes, else LONG1 with 8 */
    private PickleStateDict integer(long v) {
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            op('J');
            le(v, 4);
        } else {
            op(0x8a).op(8);
            le(v, 8);
        }
        return this;
    }

    private void le(long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)));
        }
    }
}
