package io.tensors.plugins;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * SHA-256 through OpenSSL's libcrypto ({@code EVP_Digest*}), called with the FFM API. On a SHA-NI
 * machine it hashes a heap array no faster than the JDK's intrinsic (which uses SHA-NI too: both about
 * 1.4 GB/s of one thread's CPU time, measured side by side with {@code HashThroughput}); what it saves
 * is the copy of a direct buffer through a heap array, about 15% of the CPU time, since the
 * {@code MessageDigest} path cannot read a direct buffer in place with the intrinsic.
 *
 * <p><b>Availability</b> is decided once, when the class initializes: the native path is used only if
 * this class's module has native access enabled ({@code --enable-native-access=ALL-UNNAMED}, as
 * {@code tsr} and the tests pass; checked first so no restricted method runs and the JDK prints no
 * warning otherwise), libcrypto loads ({@code libcrypto.so.3}, then {@code libcrypto.so}, then
 * {@code libcrypto.3.dylib}), it has every function needed, and it hashes {@code "abc"} correctly.
 * {@code -Dtensors.sha256.native=false} turns it off. Any failure leaves {@link #available()} false,
 * silently: callers then use {@link java.security.MessageDigest}.
 *
 * <p><b>Memory</b>: each instance owns one {@code EVP_MD_CTX}, allocated by the constructor and freed
 * by {@link #digest()} (or {@link #close()}). An instance dropped without either is freed by a
 * {@link Cleaner} once it becomes unreachable, so an abandoned hash (an I/O error mid-file) leaks
 * nothing. Freeing runs at most once either way.
 *
 * <p><b>Threads</b>: like {@code MessageDigest}, an instance is for one thread at a time. The method
 * handles and the {@code EVP_MD} are immutable and shared; OpenSSL 3 contexts are independent, so
 * instances may run on many threads at once.
 *
 * <p><b>No copies</b>: {@code EVP_DigestUpdate} is linked as a critical function that may read the Java
 * heap, so heap arrays, heap buffers (read-only ones too) and direct buffers all go to OpenSSL in
 * place. A critical call holds off safepoints while it runs, so updates are split into pieces of at
 * most {@value #MAX_CRITICAL} bytes (well under a millisecond each).
 */
final class NativeSha256 implements AutoCloseable {
    /** System property that, set to {@code false}, forces the {@code MessageDigest} path. */
    static final String ENABLE_PROPERTY = "tensors.sha256.native";

    static final int DIGEST_LENGTH = 32;

    /** The largest update handed to one critical call; bounds how long it delays a safepoint. */
    static final int MAX_CRITICAL = 1 << 20;

    /** Tried in order. Never the bare {@code libcrypto.dylib}: macOS aborts a process that loads it. */
    private static final String[] LIBRARY_NAMES = {"libcrypto.so.3", "libcrypto.so", "libcrypto.3.dylib"};

    private static final boolean AVAILABLE = probe();

    private final MemorySegment ctx;
    private final Cleaner.Cleanable free;
    private boolean finished;

    /**
     * Starts a new SHA-256.
     *
     * @throws IllegalStateException when the native path is not {@linkplain #available() available}
     */
    NativeSha256() {
        if (!AVAILABLE) {
            throw new IllegalStateException("native SHA-256 is not available");
        }
        MemorySegment c = Lib.newContext();
        // Register before init so a failing init still frees the context.
        this.ctx = c;
        this.free = Lib.CLEANER.register(this, new Free(c));
        try {
            Lib.check((int) Lib.INIT.invokeExact(c, Lib.SHA256, MemorySegment.NULL), "EVP_DigestInit_ex");
        } catch (RuntimeException | Error e) {
            free.clean();
            throw e;
        } catch (Throwable t) {
            free.clean();
            throw new IllegalStateException(t);
        }
    }

    /** @return whether SHA-256 runs through libcrypto in this JVM; decided once */
    static boolean available() {
        return AVAILABLE;
    }

    /** Hashes {@code bytes[offset, offset + length)}, in place. */
    void update(byte[] bytes, int offset, int length) {
        update(MemorySegment.ofArray(bytes).asSlice(offset, length));
    }

    /**
     * Hashes {@code chunk[index, index + length)} (absolute indices), in place, without moving the
     * buffer's position or limit. Works for heap, read-only and direct buffers.
     */
    void update(ByteBuffer chunk, int index, int length) {
        // ofBuffer covers [position, limit)
        update(MemorySegment.ofBuffer(chunk).asSlice(index - chunk.position(), length));
    }

    /** Hashes every byte of {@code data}, which may be a heap or a native segment. */
    void update(MemorySegment data) {
        ensureOpen();
        try {
            long size = data.byteSize();
            for (long done = 0; done < size; ) {
                long n = Math.min(size - done, MAX_CRITICAL);
                Lib.check((int) Lib.UPDATE.invokeExact(ctx, data.asSlice(done, n), n), "EVP_DigestUpdate");
                done += n;
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            // the Cleaner must not free ctx while a call is using it
            java.lang.ref.Reference.reachabilityFence(this);
        }
    }

    /** Ends the hash and frees the native context; the instance cannot be used afterwards. */
    byte[] digest() {
        ensureOpen();
        byte[] out = new byte[DIGEST_LENGTH];
        try {
            Lib.check(
                    (int) Lib.FINAL.invokeExact(ctx, MemorySegment.ofArray(out), MemorySegment.NULL),
                    "EVP_DigestFinal_ex");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            close();
        }
        return out;
    }

    /** Frees the native context without a result; idempotent. */
    @Override
    public void close() {
        finished = true;
        free.clean(); // runs Free at most once, whoever calls first
        java.lang.ref.Reference.reachabilityFence(this);
    }

    private void ensureOpen() {
        if (finished) {
            throw new IllegalStateException("native SHA-256 already finished");
        }
    }

    /** The cleanup action: holds the context, never the instance, so the instance can be collected. */
    private record Free(MemorySegment ctx) implements Runnable {
        @Override
        public void run() {
            try {
                Lib.FREE.invokeExact(ctx);
            } catch (Throwable t) {
                throw new IllegalStateException(t); // unreachable: EVP_MD_CTX_free cannot fail
            }
        }
    }

    private static boolean probe() {
        if ("false".equalsIgnoreCase(System.getProperty(ENABLE_PROPERTY))) {
            return false;
        }
        // Without native access the restricted calls below would print a JDK warning (or throw):
        // check first and stay silent.
        if (!NativeSha256.class.getModule().isNativeAccessEnabled()) {
            return false;
        }
        try {
            return Lib.selfTest();
        } catch (Exception | LinkageError e) {
            // library missing, a symbol missing (OpenSSL 1.0), ExceptionInInitializerError...
            return false;
        }
    }

    /** libcrypto's handles; initialized only after native access was found enabled. */
    private static final class Lib {
        static final MethodHandle NEW;
        static final MethodHandle FREE;
        static final MethodHandle INIT;
        static final MethodHandle UPDATE;
        static final MethodHandle FINAL;
        /** {@code EVP_sha256()}: a static, shared, immutable {@code EVP_MD}. */
        static final MemorySegment SHA256;
        static final Cleaner CLEANER;

        static {
            Linker linker = Linker.nativeLinker();
            SymbolLookup crypto = load();
            if (linker.canonicalLayouts().get("size_t").byteSize() != Long.BYTES) {
                throw new IllegalStateException("size_t is not 64 bits"); // no such JDK 25 platform
            }
            ValueLayout ptr = ValueLayout.ADDRESS;
            ValueLayout cInt = ValueLayout.JAVA_INT;
            NEW = linker.downcallHandle(find(crypto, "EVP_MD_CTX_new"), FunctionDescriptor.of(ptr));
            FREE = linker.downcallHandle(find(crypto, "EVP_MD_CTX_free"), FunctionDescriptor.ofVoid(ptr));
            MethodHandle evpSha256 = linker.downcallHandle(find(crypto, "EVP_sha256"), FunctionDescriptor.of(ptr));
            INIT = linker.downcallHandle(
                    find(crypto, "EVP_DigestInit_ex"), FunctionDescriptor.of(cInt, ptr, ptr, ptr));
            // critical + heap access: heap segments are passed in place, no copy, no state transition
            UPDATE = linker.downcallHandle(
                    find(crypto, "EVP_DigestUpdate"),
                    FunctionDescriptor.of(cInt, ptr, ptr, ValueLayout.JAVA_LONG),
                    Linker.Option.critical(true));
            FINAL = linker.downcallHandle(
                    find(crypto, "EVP_DigestFinal_ex"),
                    FunctionDescriptor.of(cInt, ptr, ptr, ptr),
                    Linker.Option.critical(true));
            try {
                SHA256 = (MemorySegment) evpSha256.invokeExact();
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (SHA256.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("EVP_sha256() returned NULL");
            }
            CLEANER = Cleaner.create();
        }

        private Lib() {}

        private static SymbolLookup load() {
            for (String name : LIBRARY_NAMES) {
                try {
                    // the global arena: once loaded, libcrypto stays for the JVM's life
                    SymbolLookup lookup = SymbolLookup.libraryLookup(name, Arena.global());
                    if (lookup.find("EVP_MD_CTX_new").isPresent()) {
                        return lookup;
                    }
                } catch (IllegalArgumentException notFound) {
                    // try the next name
                }
            }
            throw new IllegalStateException("libcrypto not found");
        }

        private static MemorySegment find(SymbolLookup lookup, String name) {
            return lookup.find(name).orElseThrow(() -> new IllegalStateException("libcrypto lacks " + name));
        }

        static MemorySegment newContext() {
            MemorySegment c;
            try {
                c = (MemorySegment) NEW.invokeExact();
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (c.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("EVP_MD_CTX_new returned NULL");
            }
            return c;
        }

        static void check(int result, String function) {
            if (result != 1) {
                throw new IllegalStateException(function + " failed");
            }
        }

        /** @return whether libcrypto hashes a known vector right, across two updates */
        static boolean selfTest() {
            byte[] expected = HexFormat.of()
                    .parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); // "abc"
            MemorySegment c = newContext();
            try {
                byte[] abc = {'a', 'b', 'c'};
                byte[] out = new byte[DIGEST_LENGTH];
                check((int) INIT.invokeExact(c, SHA256, MemorySegment.NULL), "EVP_DigestInit_ex");
                check((int) UPDATE.invokeExact(c, MemorySegment.ofArray(abc).asSlice(0, 1), 1L), "EVP_DigestUpdate");
                check((int) UPDATE.invokeExact(c, MemorySegment.ofArray(abc).asSlice(1, 2), 2L), "EVP_DigestUpdate");
                check((int) FINAL.invokeExact(c, MemorySegment.ofArray(out), MemorySegment.NULL), "EVP_DigestFinal_ex");
                return Arrays.equals(out, expected);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            } finally {
                try {
                    FREE.invokeExact(c);
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            }
        }
    }
}
