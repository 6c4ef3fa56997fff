package io.tensors.plugins.pickle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes pickle opcodes by hand, for streams CPython's pickler never writes (memo tricks, INST/OBJ,
 * hostile sizes). Every stream written here was checked with {@code python3 -m pickletools}.
 */
final class Pickles {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Pickles protocol(int version) {
        Pickles p = new Pickles();
        return version >= 2 ? p.op(0x80).op(version) : p;
    }

    /** A pickle resource written by make_pickles.py. */
    static byte[] resource(String name) {
        try (InputStream in = Pickles.class.getResourceAsStream("/pickle/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource pickle/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Pickles op(int code) {
        out.write(code);
        return this;
    }

    Pickles text(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    Pickles le(long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    /** GLOBAL 'module name' (protocol 0 text). */
    Pickles global(String module, String name) {
        return op('c').text(module + "\n" + name + "\n");
    }

    /** BINUNICODE */
    Pickles str(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        op('X').le(bytes.length, 4);
        out.writeBytes(bytes);
        return this;
    }

    /** UNICODE (protocol 0 text) */
    Pickles unicode(String s) {
        return op('V').text(s + "\n");
    }

    Pickles mark() {
        return op('(');
    }

    Pickles tuple() {
        return op('t');
    }

    Pickles reduce() {
        return op('R');
    }

    Pickles stop() {
        return op('.');
    }

    Pickles binput(int index) {
        return op('q').op(index);
    }

    Pickles binget(int index) {
        return op('h').op(index);
    }

    Pickles int1(int value) {
        return op('K').op(value);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A protocol 0 pickle that calls {@code module.name(args...)} with string arguments. */
    static byte[] call(String module, String name, String... args) {
        Pickles p = new Pickles().global(module, name).mark();
        for (String arg : args) {
            p.unicode(arg);
        }
        return p.tuple().reduce().stop().bytes();
    }
}
