package io.tensors.plugins.pickle;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * What the symbolic pickle machine keeps of a Python object: enough to name globals and rebuild
 * tensor records, nothing that could run. Containers are mutable (a pickle fills a memoized list or
 * dict after creating it) and compare by identity, so a cyclic structure cannot recurse in equals,
 * hashCode or toString.
 */
sealed interface Value {
    /** None, True, False, a float, a byte string or anything else whose content tsr does not need. */
    final class Atom implements Value {
        static final Atom NONE = new Atom("None");
        static final Atom TRUE = new Atom("True");
        static final Atom FALSE = new Atom("False");
        static final Atom FLOAT = new Atom("float");
        static final Atom BYTES = new Atom("bytes");
        static final Atom BUFFER = new Atom("buffer");

        final String text;

        Atom(String text) {
            this.text = text;
        }
    }

    /** An int; {@code value} is null when it had more digits than tsr keeps. */
    final class Int implements Value {
        final BigInteger value;

        Int(BigInteger value) {
            this.value = value;
        }

        /** @return the value as a long, or null when it is absent or does not fit */
        Long asLong() {
            return value != null && value.bitLength() < 64 ? value.longValue() : null;
        }
    }

    /** A str (or a Python 2 str); {@code text} is cut when the string was longer than tsr keeps. */
    final class Str implements Value {
        final String text;
        final boolean cut;

        Str(String text, boolean cut) {
            this.text = text;
            this.cut = cut;
        }
    }

    /** A list, tuple, set or frozenset. */
    final class Seq implements Value {
        final char kind; // 'l', 't', 's'
        final List<Value> items = new ArrayList<>();

        Seq(char kind) {
            this.kind = kind;
        }
    }

    /** A dict or OrderedDict, entries in insertion order (repeated keys kept: only names come from them). */
    final class Dict implements Value {
        final List<Value> keys = new ArrayList<>();
        final List<Value> values = new ArrayList<>();
    }

    /** A global the stream imports; {@code module} or {@code name} is null when computed at load time. */
    final class Global implements Value {
        final String module;
        final String name;

        Global(String module, String name) {
            this.module = module;
            this.name = name;
        }

        boolean is(String qualified) {
            return module != null && name != null && qualified.equals(module + "." + name);
        }
    }

    /** The result of calling something (REDUCE, NEWOBJ, INST, OBJ), with what the stream later put into it. */
    final class Call implements Value {
        final Value callable;
        final Value args;
        Value state;
        final List<Value> keys = new ArrayList<>();
        final List<Value> values = new ArrayList<>();
        final List<Value> items = new ArrayList<>();

        Call(Value callable, Value args) {
            this.callable = callable;
            this.args = args;
        }
    }

    /**
     * A torch storage named by a persistent id ({@code ('storage', type, key, location, numel)}).
     *
     * @param dtype the element type (the storage class's, or U8 for an untyped storage)
     * @param elementBytes bytes per element of {@code dtype}
     */
    record Storage(String dtype, int elementBytes, String key, String location, long numel) implements Value {
        /** @return the storage's length in bytes, or -1 when unknown or absurd */
        long bytes() {
            if (numel < 0) {
                return -1;
            }
            try {
                return Math.multiplyExact(numel, (long) elementBytes);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
    }

    /** A persistent id tsr does not read as a storage. */
    final class Persistent implements Value {
        final Value id;

        Persistent(Value id) {
            this.id = id;
        }
    }

    /**
     * A tensor rebuilt by a known torch function: a view of {@code storage} at {@code offset}
     * elements (legacy storage views add their own offset) with the given sizes and strides.
     */
    final class Tensor implements Value {
        final Storage storage;
        final String dtype;
        final int elementBytes;
        final long offset;
        final List<Long> size;
        final List<Long> stride;
        String name;

        Tensor(Storage storage, String dtype, int elementBytes, long offset, List<Long> size, List<Long> stride) {
            this.storage = storage;
            this.dtype = dtype;
            this.elementBytes = elementBytes;
            this.offset = offset;
            this.size = size;
            this.stride = stride;
        }
    }

    /** A storage seen through a legacy view record: {@code offset} elements into {@code storage}. */
    record StorageView(Storage storage, long offset) implements Value {}

    /** A copyreg extension code (EXT1/2/4): a global registered by the loading process, unknown here. */
    final class Extension implements Value {
        final long code;

        Extension(long code) {
            this.code = code;
        }
    }
}
