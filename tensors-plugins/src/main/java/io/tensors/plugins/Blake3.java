package io.tensors.plugins;

import io.tensors.api.IdleCores;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * BLAKE3-256 (the default hash mode, 32-byte output), streaming, in plain Java.
 *
 * <p>Speed comes from hashing {@value #LANES} chunks at once: their states live in int arrays, one
 * array per state word with one element per chunk, and each round of the compression is one loop
 * over the chunks (its eight G functions), which C2's auto-vectorizer turns into AVX2 or AVX-512
 * instructions (8 chunks per instruction). Measured, C2 does not vectorize a loop over two rounds
 * (too big), nor lanes in one flat array or in memory segments. The parents of several batches are
 * compressed side by side too, level by level. No Vector API (an incubator module, which prints a
 * warning at every start). Nothing is allocated per block. The last chunk seen is held back until more
 * input follows (or {@link #digest}), because the root's compression is flagged differently.
 *
 * <p>One instance is for one thread at a time, like {@code MessageDigest}.
 */
final class Blake3 {
    static final int OUT_LEN = 32;
    static final int CHUNK_LEN = 1024;
    private static final int BLOCK_LEN = 64;
    /** Chunks hashed side by side, a batch (a subtree of 128 KiB). Measured: 64 lanes ran at 0.9x, 256 the same. */
    static final int LANES = 128;
    private static final int BATCH_BYTES = LANES * CHUNK_LEN;
    /**
     * Elements per lane array: one spare lane, over which a whole batch's loops run too. C2 runs a vector loop's
     * first iteration alone, scalar, then 8 lanes at a time, then the rest scalar; with 1 + 128 there is no rest
     * (when C2 is not also told to align the vectors: the launcher's -XX:SuperWordAutomaticAlignment=0). The
     * constant length also keeps C2 on 256-bit vectors: a loop whose profiled length is short gets 128-bit ones.
     */
    static final int WIDTH = LANES + 1;
    /** Batches whose parents are compressed side by side (their first level is 8 x 64 lanes wide). */
    static final int GROUP = 8;
    /** Parent levels narrower than this are compressed one parent at a time. */
    private static final int SCALAR_PARENTS = 8;
    /**
     * Given idle cores, input of at least 2 x {@value #SPLIT_BATCHES} whole batches (512 KiB; a scan feeds 1 MiB
     * at a time) is hashed in two halves side by side, in runs of up to {@value #RUN_BATCHES} batches (8 MiB).
     */
    static final int SPLIT_BATCHES = 2;
    static final int RUN_BATCHES = 64;

    private static final int CHUNK_START = 1;
    private static final int CHUNK_END = 2;
    private static final int PARENT = 4;
    private static final int ROOT = 8;

    private static final int IV0 = 0x6A09E667;
    private static final int IV1 = 0xBB67AE85;
    private static final int IV2 = 0x3C6EF372;
    private static final int IV3 = 0xA54FF53A;
    private static final int IV4 = 0x510E527F;
    private static final int IV5 = 0x9B05688C;
    private static final int IV6 = 0x1F83D9AB;
    private static final int IV7 = 0x5BE0CD19;
    private static final int[] IV = {IV0, IV1, IV2, IV3, IV4, IV5, IV6, IV7};

    /** Message word order of round r+1 from round r's. */
    private static final int[] PERMUTATION = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};
    /** SCHEDULE[r][i]: the message word used at position i of round r. */
    private static final int[][] SCHEDULE = new int[7][16];

    static {
        for (int i = 0; i < 16; i++) {
            SCHEDULE[0][i] = i;
        }
        for (int r = 1; r < 7; r++) {
            for (int i = 0; i < 16; i++) {
                SCHEDULE[r][i] = SCHEDULE[r - 1][PERMUTATION[i]];
            }
        }
    }

    private static final VarHandle ARRAY_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Chaining values of completed subtrees, 8 words each; 54 levels cover 2^64 bytes. */
    private final int[] stack = new int[54 * 8];
    private int depth;
    /** Chunks completed and folded into {@link #stack}; a multiple of {@link #LANES} until {@link #digest}. */
    private long chunks;
    /**
     * Input held back, up to one batch: the last bytes seen may end the file, and the root's last
     * compression is flagged differently. It always starts at a batch boundary of the file, so every
     * batch is a whole subtree. Every batch is hashed from here, copied in if need be.
     */
    private byte[] pending = new byte[CHUNK_LEN]; // grown up to one batch, so a small file costs little
    private int pendingLength;

    private final IdleCores idle;
    private final Lanes lanes = new Lanes();
    /** The second thread's lanes, made on the first run hashed in two halves. */
    private Lanes helper;
    /** A run's subtree chaining values, 8 words per batch. */
    private final int[] runValues = new int[RUN_BATCHES * 8];
    private final int[] cv = new int[8];
    private final int[] block = new int[16];

    /** One thread. */
    Blake3() {
        this(null);
    }

    /** @param idle cores runs of batches may be split over, or null for this thread alone */
    Blake3(IdleCores idle) {
        this.idle = idle;
    }

    void update(byte[] bytes, int offset, int length) {
        update(MemorySegment.ofArray(bytes).asSlice(offset, length));
    }

    /** Hashes {@code chunk[index, index + length)} in place, without moving its position or limit. */
    void update(ByteBuffer chunk, int index, int length) {
        update(MemorySegment.ofBuffer(chunk).asSlice(index - chunk.position(), length));
    }

    void update(MemorySegment data) {
        long at = 0;
        long size = data.byteSize();
        if (pendingLength > 0 || size <= BATCH_BYTES) {
            int n = (int) Math.min(size, BATCH_BYTES - pendingLength);
            reserve(pendingLength + n);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, pending, pendingLength, n);
            pendingLength += n;
            at = n;
            if (at == size) {
                return; // nothing follows yet: the held-back bytes may end the file
            }
            long whole = (size - at - 1) / BATCH_BYTES; // batches of data with a byte after them
            int run = (int) Math.min(1 + whole, RUN_BATCHES); // the held-back batch first
            run(data, at, pending, run);
            at += (long) (run - 1) * BATCH_BYTES;
            pendingLength = 0;
        }
        // a batch is hashed here only when at least one byte follows it
        while (size - at > BATCH_BYTES) {
            int run = (int) Math.min((size - at - 1) / BATCH_BYTES, RUN_BATCHES); // batches with a byte after them
            run(data, at, null, run);
            at += (long) run * BATCH_BYTES;
        }
        int n = (int) (size - at);
        reserve(n);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at, pending, 0, n);
        pendingLength = n;
    }

    /**
     * Hashes {@code run} whole batches; given idle cores and enough batches, the second half's subtrees on an idle
     * core while this thread hashes the first half's (BLAKE3 is a tree: a batch's chaining value depends only on its bytes and its
     * chunk number), then pushes them in order.
     *
     * @param head a whole batch that comes before {@code data[at...]}, or null
     */
    private void run(MemorySegment data, long at, byte[] head, int run) {
        int[] values = runValues;
        long first = chunks;
        if (idle != null && run >= 2 * SPLIT_BATCHES) {
            if (helper == null) {
                helper = new Lanes();
            }
            int half = run / 2;
            Lanes other = helper;
            idle.runAll(List.of(() -> other.subtrees(data, at, head, first, half, run, values),
                    () -> lanes.subtrees(data, at, head, first, 0, half, values)));
        } else {
            lanes.subtrees(data, at, head, first, 0, run, values);
        }
        for (int j = 0; j < run; j++) {
            System.arraycopy(values, 8 * j, cv, 0, 8);
            push(cv, LANES);
        }
    }

    private void reserve(int length) {
        if (pending.length < length) {
            pending = Arrays.copyOf(pending, Math.max(length, Math.min(2 * pending.length, BATCH_BYTES)));
        }
    }

    /** @return the 32-byte hash of everything given; the instance must not be used afterwards */
    byte[] digest() {
        MemorySegment held = MemorySegment.ofArray(pending);
        // every whole chunk but the last, side by side; the last chunk (possibly partial) ends the tree
        long lastChunk = pendingLength == 0 ? 0 : (pendingLength - 1) / CHUNK_LEN;
        if (lastChunk > 0) {
            lanes.chunkLanes(pending, chunks, (int) lastChunk);
            for (int i = 0; i < lastChunk; i++) {
                for (int k = 0; k < 8; k++) {
                    cv[k] = lanes.s[k][i];
                }
                push(cv, 1);
            }
        }
        long from = lastChunk * CHUNK_LEN;
        int length = (int) (pendingLength - from);
        int blocks = Math.max(1, (length + BLOCK_LEN - 1) / BLOCK_LEN);
        System.arraycopy(IV, 0, cv, 0, 8);
        for (int b = 0; b < blocks - 1; b++) {
            load(held, from + (long) b * BLOCK_LEN, BLOCK_LEN);
            compress(cv, block, chunks, BLOCK_LEN, b == 0 ? CHUNK_START : 0, cv);
        }
        int lastLength = length - (blocks - 1) * BLOCK_LEN;
        load(held, from + (long) (blocks - 1) * BLOCK_LEN, lastLength);
        int flags = CHUNK_END | (blocks == 1 ? CHUNK_START : 0);
        long counter = chunks;
        int blockLength = lastLength;
        // fold the stack from the top: each parent's message is (left cv, right cv)
        int[] right = new int[8];
        while (depth > 0) {
            compress(cv, block, counter, blockLength, flags, right);
            depth--;
            System.arraycopy(stack, depth * 8, block, 0, 8);
            System.arraycopy(right, 0, block, 8, 8);
            System.arraycopy(IV, 0, cv, 0, 8);
            counter = 0;
            blockLength = BLOCK_LEN;
            flags = PARENT;
        }
        int[] out = new int[8];
        compress(cv, block, counter, blockLength, flags | ROOT, out);
        byte[] bytes = new byte[OUT_LEN];
        for (int i = 0; i < 8; i++) {
            bytes[4 * i] = (byte) out[i];
            bytes[4 * i + 1] = (byte) (out[i] >>> 8);
            bytes[4 * i + 2] = (byte) (out[i] >>> 16);
            bytes[4 * i + 3] = (byte) (out[i] >>> 24);
        }
        return bytes;
    }

    /**
     * Adds the chaining value of a complete subtree of {@code count} chunks (a power of two, starting at
     * a multiple of itself), merging every pair it completes: the stack keeps one entry per set bit
     * of the chunk count. {@code subtree} is overwritten.
     */
    private void push(int[] subtree, int count) {
        chunks += count;
        while (depth >= Long.bitCount(chunks)) {
            depth--;
            System.arraycopy(stack, depth * 8, block, 0, 8);
            System.arraycopy(subtree, 0, block, 8, 8);
            compress(IV, block, 0, BLOCK_LEN, PARENT, subtree);
        }
        System.arraycopy(subtree, 0, stack, depth * 8, 8);
        depth++;
    }

    /** Reads one block's message words, zero-padded past {@code length}. */
    private void load(MemorySegment data, long at, int length) {
        if (length == BLOCK_LEN) {
            for (int w = 0; w < 16; w++) {
                block[w] = data.get(LE_INT, at + 4L * w);
            }
            return;
        }
        byte[] padded = new byte[BLOCK_LEN];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at, padded, 0, length);
        MemorySegment p = MemorySegment.ofArray(padded);
        for (int w = 0; w < 16; w++) {
            block[w] = p.get(LE_INT, 4L * w);
        }
    }

    /**
     * One thread's scratch, reused: per lane i, s[k][i] is state word k, the chaining value in words 0..7 between
     * blocks; m[w][i] is message word w. The parents' lanes are the same, {@value #GROUP} batches wide.
     */
    private static final class Lanes {
        final int[][] s = new int[16][WIDTH];
        final int[][] m = new int[16][WIDTH];
        final int[] lo = new int[WIDTH];
        final int[] hi = new int[WIDTH];
        private byte[] copy;
        private int[][] parentState;
        private int[][] parentMessage;
        private int[] zeros;
        private final int[] block = new int[16];
        private final int[] pairs = new int[2 * SCALAR_PARENTS * 8];

        /**
         * The chaining values of batches [from, to) of {@code head} (batch 0, when not null) then {@code data}
         * from {@code at}, chunk numbers from {@code firstChunk}, into {@code values[8 * j ...]}. Each batch of
         * data is copied first, in order, which the hardware prefetcher follows, unlike the lanes' reads 1 KiB
         * apart: measured, hashing in place from the L3 cache ran at 2/3 of the speed from L2, and the copy costs a
         * few percent.
         */
        void subtrees(MemorySegment data, long at, byte[] head, long firstChunk, int from, int to, int[] values) {
            if (parentState == null) {
                parentState = new int[16][GROUP * LANES / 2 + 1];
                parentMessage = new int[16][GROUP * LANES / 2 + 1];
                zeros = new int[GROUP * LANES / 2 + 1];
            }
            int skip = head == null ? 0 : 1;
            for (int group = from; group < to; group += GROUP) {
                int batches = Math.min(GROUP, to - group);
                for (int q = 0; q < batches; q++) {
                    int j = group + q;
                    long chunk = firstChunk + (long) j * LANES;
                    byte[] source = head;
                    if (j >= skip) {
                        if (copy == null) {
                            copy = new byte[BATCH_BYTES];
                        }
                        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at + (long) (j - skip) * BATCH_BYTES, copy, 0, BATCH_BYTES);
                        source = copy;
                    }
                    chunkLanes(source, chunk, LANES);
                    pair(s, q * LANES / 2, LANES / 2);
                }
                parents(batches, values, 8 * group);
            }
        }

        /**
         * Makes the first parent level's messages from {@code n} pairs of chaining values in lanes [0, 2n) of
         * {@code from[0..7]}: parent j's left child is lane 2j, its right 2j + 1; into lanes [to, to + n).
         */
        private void pair(int[][] from, int to, int n) {
            for (int w = 0; w < 8; w++) {
                int[] child = from[w];
                int[] left = parentMessage[w];
                int[] right = parentMessage[w + 8];
                for (int j = 0; j < n; j++) {
                    left[to + j] = child[2 * j];
                    right[to + j] = child[2 * j + 1];
                }
            }
        }

        /**
         * Compresses the parents of {@code batches} batches side by side, level by level from the messages
         * {@link #pair} made, down to each batch's subtree root, into {@code out[outAt + 8q ...]}.
         */
        private void parents(int batches, int[] out, int outAt) {
            int n = batches * LANES / 2;
            while (true) {
                for (int w = 0; w < 8; w++) {
                    Arrays.fill(parentState[w], 0, n, IV[w]);
                }
                compressLanes(parentState, parentMessage, zeros, zeros, PARENT, n);
                if (n == batches) {
                    break;
                }
                n /= 2;
                if (n < SCALAR_PARENTS) {
                    scalarParents(n, batches, out, outAt);
                    return;
                }
                pair(parentState, 0, n);
            }
            for (int q = 0; q < batches; q++) {
                for (int w = 0; w < 8; w++) {
                    out[outAt + 8 * q + w] = parentState[w][q];
                }
            }
        }

        /** The last levels of {@link #parents}, down from {@code n} parents, one at a time. */
        private void scalarParents(int n, int batches, int[] out, int outAt) {
            int[] cvs = pairs;
            for (int j = 0; j < 2 * n; j++) {
                for (int w = 0; w < 8; w++) {
                    cvs[8 * j + w] = parentState[w][j];
                }
            }
            for (; n >= batches; n /= 2) {
                for (int j = 0; j < n; j++) {
                    System.arraycopy(cvs, 16 * j, block, 0, 16);
                    compress(IV, block, 0, BLOCK_LEN, PARENT, cvs, 8 * j);
                }
            }
            System.arraycopy(cvs, 0, out, outAt, 8 * batches);
        }

        /**
         * The chaining values of the first {@code n} full chunks of {@code array} (not the
         * root), the first numbered {@code firstChunk}, into lanes [0, n) of {@code s[0..7]}.
         */
        void chunkLanes(byte[] array, long firstChunk, int n) {
            int[] m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7];
            int[] m8 = m[8], m9 = m[9], m10 = m[10], m11 = m[11], m12 = m[12], m13 = m[13], m14 = m[14], m15 = m[15];
            for (int i = 0; i < n; i++) {
                long counter = firstChunk + i;
                lo[i] = (int) counter;
                hi[i] = (int) (counter >>> 32);
            }
            for (int k = 0; k < 8; k++) {
                Arrays.fill(s[k], IV[k]);
            }
            for (int b = 0; b < 16; b++) {
                // two words per read; each index computed from i alone (not stepped), which C2 compiles best
                int base = b * BLOCK_LEN;
                for (int i = 0; i < n; i++) {
                    long w01 = (long) ARRAY_LONGS.get(array, base + i * CHUNK_LEN + 0);
                    long w23 = (long) ARRAY_LONGS.get(array, base + i * CHUNK_LEN + 8);
                    long w45 = (long) ARRAY_LONGS.get(array, base + i * CHUNK_LEN + 16);
                    long w67 = (long) ARRAY_LONGS.get(array, base + i * CHUNK_LEN + 24);
                    long w89 = (long) ARRAY_LONGS.get(array, base + i * CHUNK_LEN + 32);
                    long w1011 = (long) ARRAY_LONGS.get(array, base + i * CHUNK_LEN + 40);
                    long w1213 = (long) ARRAY_LONGS.get(array, base + i * CHUNK_LEN + 48);
                    long w1415 = (long) ARRAY_LONGS.get(array, base + i * CHUNK_LEN + 56);
                    m0[i] = (int) w01;
                    m1[i] = (int) (w01 >>> 32);
                    m2[i] = (int) w23;
                    m3[i] = (int) (w23 >>> 32);
                    m4[i] = (int) w45;
                    m5[i] = (int) (w45 >>> 32);
                    m6[i] = (int) w67;
                    m7[i] = (int) (w67 >>> 32);
                    m8[i] = (int) w89;
                    m9[i] = (int) (w89 >>> 32);
                    m10[i] = (int) w1011;
                    m11[i] = (int) (w1011 >>> 32);
                    m12[i] = (int) w1213;
                    m13[i] = (int) (w1213 >>> 32);
                    m14[i] = (int) w1415;
                    m15[i] = (int) (w1415 >>> 32);
                }
                int flags = (b == 0 ? CHUNK_START : 0) | (b == 15 ? CHUNK_END : 0);
                compressLanes(s, m, lo, hi, flags, n == LANES ? WIDTH : n); // a whole batch over the spare lane too
            }
        }
    }

    /**
     * One block of lanes [0, n), in place: s[0..7] is each lane's chaining value in and out (and the
     * first half of the working state meanwhile), s[8..15] the second half.
     */
    private static void compressLanes(int[][] s, int[][] m, int[] lo, int[] hi, int flags, int n) {
        int[] v0 = s[0], v1 = s[1], v2 = s[2], v3 = s[3], v4 = s[4], v5 = s[5], v6 = s[6], v7 = s[7];
        int[] v8 = s[8], v9 = s[9], v10 = s[10], v11 = s[11], v12 = s[12], v13 = s[13], v14 = s[14], v15 = s[15];
        for (int i = 0; i < n; i++) {
            v8[i] = IV0;
            v9[i] = IV1;
            v10[i] = IV2;
            v11[i] = IV3;
            v12[i] = lo[i];
            v13[i] = hi[i];
            v14[i] = BLOCK_LEN;
            v15[i] = flags;
        }
        for (int r = 0; r < 7; r++) {
            if (n == WIDTH) { // a whole batch (no run of parents or partial batch is 129 lanes wide)
                roundBatch(s, m, SCHEDULE[r]);
            } else {
                roundLanes(s, m, SCHEDULE[r], n);
            }
        }
        for (int i = 0; i < n; i++) {
            v0[i] ^= v8[i];
            v1[i] ^= v9[i];
            v2[i] ^= v10[i];
            v3[i] ^= v11[i];
            v4[i] ^= v12[i];
            v5[i] ^= v13[i];
            v6[i] ^= v14[i];
            v7[i] ^= v15[i];
        }
    }

    /**
     * {@link #roundLanes} over all {@value #WIDTH} lanes: a copy on purpose, since the constant length of its loop
     * keeps C2 on 256-bit vectors with no scalar remainder (see {@link #WIDTH}); measured, calling {@code roundLanes}
     * with {@code WIDTH} ran at 0.93x. The set-up and final loops around it gain nothing from the same (1.00x).
     */
    private static void roundBatch(int[][] s, int[][] m, int[] x) {
        int[] v0 = s[0], v1 = s[1], v2 = s[2], v3 = s[3], v4 = s[4], v5 = s[5], v6 = s[6], v7 = s[7];
        int[] v8 = s[8], v9 = s[9], v10 = s[10], v11 = s[11], v12 = s[12], v13 = s[13], v14 = s[14], v15 = s[15];
        int[] m0 = m[x[0]], m1 = m[x[1]], m2 = m[x[2]], m3 = m[x[3]], m4 = m[x[4]], m5 = m[x[5]], m6 = m[x[6]], m7 = m[x[7]];
        int[] m8 = m[x[8]], m9 = m[x[9]], m10 = m[x[10]], m11 = m[x[11]], m12 = m[x[12]], m13 = m[x[13]], m14 = m[x[14]], m15 = m[x[15]];
        for (int i = 0; i < WIDTH; i++) {
            int a0 = v0[i], a1 = v1[i], a2 = v2[i], a3 = v3[i], a4 = v4[i], a5 = v5[i], a6 = v6[i], a7 = v7[i];
            int a8 = v8[i], a9 = v9[i], a10 = v10[i], a11 = v11[i], a12 = v12[i], a13 = v13[i], a14 = v14[i], a15 = v15[i];
            a0 += a4 + m0[i]; a12 = Integer.rotateRight(a12 ^ a0, 16); a8 += a12; a4 = Integer.rotateRight(a4 ^ a8, 12);
            a0 += a4 + m1[i]; a12 = Integer.rotateRight(a12 ^ a0, 8); a8 += a12; a4 = Integer.rotateRight(a4 ^ a8, 7);
            a1 += a5 + m2[i]; a13 = Integer.rotateRight(a13 ^ a1, 16); a9 += a13; a5 = Integer.rotateRight(a5 ^ a9, 12);
            a1 += a5 + m3[i]; a13 = Integer.rotateRight(a13 ^ a1, 8); a9 += a13; a5 = Integer.rotateRight(a5 ^ a9, 7);
            a2 += a6 + m4[i]; a14 = Integer.rotateRight(a14 ^ a2, 16); a10 += a14; a6 = Integer.rotateRight(a6 ^ a10, 12);
            a2 += a6 + m5[i]; a14 = Integer.rotateRight(a14 ^ a2, 8); a10 += a14; a6 = Integer.rotateRight(a6 ^ a10, 7);
            a3 += a7 + m6[i]; a15 = Integer.rotateRight(a15 ^ a3, 16); a11 += a15; a7 = Integer.rotateRight(a7 ^ a11, 12);
            a3 += a7 + m7[i]; a15 = Integer.rotateRight(a15 ^ a3, 8); a11 += a15; a7 = Integer.rotateRight(a7 ^ a11, 7);
            a0 += a5 + m8[i]; a15 = Integer.rotateRight(a15 ^ a0, 16); a10 += a15; a5 = Integer.rotateRight(a5 ^ a10, 12);
            a0 += a5 + m9[i]; a15 = Integer.rotateRight(a15 ^ a0, 8); a10 += a15; a5 = Integer.rotateRight(a5 ^ a10, 7);
            a1 += a6 + m10[i]; a12 = Integer.rotateRight(a12 ^ a1, 16); a11 += a12; a6 = Integer.rotateRight(a6 ^ a11, 12);
            a1 += a6 + m11[i]; a12 = Integer.rotateRight(a12 ^ a1, 8); a11 += a12; a6 = Integer.rotateRight(a6 ^ a11, 7);
            a2 += a7 + m12[i]; a13 = Integer.rotateRight(a13 ^ a2, 16); a8 += a13; a7 = Integer.rotateRight(a7 ^ a8, 12);
            a2 += a7 + m13[i]; a13 = Integer.rotateRight(a13 ^ a2, 8); a8 += a13; a7 = Integer.rotateRight(a7 ^ a8, 7);
            a3 += a4 + m14[i]; a14 = Integer.rotateRight(a14 ^ a3, 16); a9 += a14; a4 = Integer.rotateRight(a4 ^ a9, 12);
            a3 += a4 + m15[i]; a14 = Integer.rotateRight(a14 ^ a3, 8); a9 += a14; a4 = Integer.rotateRight(a4 ^ a9, 7);
            v0[i] = a0; v1[i] = a1; v2[i] = a2; v3[i] = a3; v4[i] = a4; v5[i] = a5; v6[i] = a6; v7[i] = a7;
            v8[i] = a8; v9[i] = a9; v10[i] = a10; v11[i] = a11; v12[i] = a12; v13[i] = a13; v14[i] = a14; v15[i] = a15;
        }
    }

    /**
     * One round over lanes [0, n) of the working state {@code s}, message word order {@code x}: all eight G functions
     * in one loop, so each lane's state is loaded and stored once per round (with AVX-512's 32 vector registers it
     * stays in registers). Measured: one loop per G, storing and reloading four state vectors each, ran at 0.9x; a loop
     * over two rounds is too big for C2 to vectorize (4x slower).
     */
    private static void roundLanes(int[][] s, int[][] m, int[] x, int n) {
        int[] v0 = s[0], v1 = s[1], v2 = s[2], v3 = s[3], v4 = s[4], v5 = s[5], v6 = s[6], v7 = s[7];
        int[] v8 = s[8], v9 = s[9], v10 = s[10], v11 = s[11], v12 = s[12], v13 = s[13], v14 = s[14], v15 = s[15];
        int[] m0 = m[x[0]], m1 = m[x[1]], m2 = m[x[2]], m3 = m[x[3]], m4 = m[x[4]], m5 = m[x[5]], m6 = m[x[6]], m7 = m[x[7]];
        int[] m8 = m[x[8]], m9 = m[x[9]], m10 = m[x[10]], m11 = m[x[11]], m12 = m[x[12]], m13 = m[x[13]], m14 = m[x[14]], m15 = m[x[15]];
        for (int i = 0; i < n; i++) {
            int a0 = v0[i], a1 = v1[i], a2 = v2[i], a3 = v3[i], a4 = v4[i], a5 = v5[i], a6 = v6[i], a7 = v7[i];
            int a8 = v8[i], a9 = v9[i], a10 = v10[i], a11 = v11[i], a12 = v12[i], a13 = v13[i], a14 = v14[i], a15 = v15[i];
            a0 += a4 + m0[i]; a12 = Integer.rotateRight(a12 ^ a0, 16); a8 += a12; a4 = Integer.rotateRight(a4 ^ a8, 12);
            a0 += a4 + m1[i]; a12 = Integer.rotateRight(a12 ^ a0, 8); a8 += a12; a4 = Integer.rotateRight(a4 ^ a8, 7);
            a1 += a5 + m2[i]; a13 = Integer.rotateRight(a13 ^ a1, 16); a9 += a13; a5 = Integer.rotateRight(a5 ^ a9, 12);
            a1 += a5 + m3[i]; a13 = Integer.rotateRight(a13 ^ a1, 8); a9 += a13; a5 = Integer.rotateRight(a5 ^ a9, 7);
            a2 += a6 + m4[i]; a14 = Integer.rotateRight(a14 ^ a2, 16); a10 += a14; a6 = Integer.rotateRight(a6 ^ a10, 12);
            a2 += a6 + m5[i]; a14 = Integer.rotateRight(a14 ^ a2, 8); a10 += a14; a6 = Integer.rotateRight(a6 ^ a10, 7);
            a3 += a7 + m6[i]; a15 = Integer.rotateRight(a15 ^ a3, 16); a11 += a15; a7 = Integer.rotateRight(a7 ^ a11, 12);
            a3 += a7 + m7[i]; a15 = Integer.rotateRight(a15 ^ a3, 8); a11 += a15; a7 = Integer.rotateRight(a7 ^ a11, 7);
            a0 += a5 + m8[i]; a15 = Integer.rotateRight(a15 ^ a0, 16); a10 += a15; a5 = Integer.rotateRight(a5 ^ a10, 12);
            a0 += a5 + m9[i]; a15 = Integer.rotateRight(a15 ^ a0, 8); a10 += a15; a5 = Integer.rotateRight(a5 ^ a10, 7);
            a1 += a6 + m10[i]; a12 = Integer.rotateRight(a12 ^ a1, 16); a11 += a12; a6 = Integer.rotateRight(a6 ^ a11, 12);
            a1 += a6 + m11[i]; a12 = Integer.rotateRight(a12 ^ a1, 8); a11 += a12; a6 = Integer.rotateRight(a6 ^ a11, 7);
            a2 += a7 + m12[i]; a13 = Integer.rotateRight(a13 ^ a2, 16); a8 += a13; a7 = Integer.rotateRight(a7 ^ a8, 12);
            a2 += a7 + m13[i]; a13 = Integer.rotateRight(a13 ^ a2, 8); a8 += a13; a7 = Integer.rotateRight(a7 ^ a8, 7);
            a3 += a4 + m14[i]; a14 = Integer.rotateRight(a14 ^ a3, 16); a9 += a14; a4 = Integer.rotateRight(a4 ^ a9, 12);
            a3 += a4 + m15[i]; a14 = Integer.rotateRight(a14 ^ a3, 8); a9 += a14; a4 = Integer.rotateRight(a4 ^ a9, 7);
            v0[i] = a0; v1[i] = a1; v2[i] = a2; v3[i] = a3; v4[i] = a4; v5[i] = a5; v6[i] = a6; v7[i] = a7;
            v8[i] = a8; v9[i] = a9; v10[i] = a10; v11[i] = a11; v12[i] = a12; v13[i] = a13; v14[i] = a14; v15[i] = a15;
        }
    }

    /** The compression function, one block; writes the 8-word chaining value to {@code out}. */
    private static void compress(int[] cv, int[] m, long counter, int blockLength, int flags, int[] out) {
        compress(cv, m, counter, blockLength, flags, out, 0);
    }

    /** The compression function, one block; writes the 8-word chaining value to {@code out[at, at + 8)}. */
    private static void compress(int[] cv, int[] m, long counter, int blockLength, int flags, int[] out, int at) {
        int v0 = cv[0], v1 = cv[1], v2 = cv[2], v3 = cv[3], v4 = cv[4], v5 = cv[5], v6 = cv[6], v7 = cv[7];
        int v8 = IV0, v9 = IV1, v10 = IV2, v11 = IV3;
        int v12 = (int) counter, v13 = (int) (counter >>> 32), v14 = blockLength, v15 = flags;
        for (int r = 0; r < 7; r++) {
            int[] x = SCHEDULE[r];
            // G(0, 4, 8, 12)
            v0 += v4 + m[x[0]]; v12 = Integer.rotateRight(v12 ^ v0, 16); v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
            v0 += v4 + m[x[1]]; v12 = Integer.rotateRight(v12 ^ v0, 8); v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
            // G(1, 5, 9, 13)
            v1 += v5 + m[x[2]]; v13 = Integer.rotateRight(v13 ^ v1, 16); v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
            v1 += v5 + m[x[3]]; v13 = Integer.rotateRight(v13 ^ v1, 8); v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
            // G(2, 6, 10, 14)
            v2 += v6 + m[x[4]]; v14 = Integer.rotateRight(v14 ^ v2, 16); v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
            v2 += v6 + m[x[5]]; v14 = Integer.rotateRight(v14 ^ v2, 8); v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
            // G(3, 7, 11, 15)
            v3 += v7 + m[x[6]]; v15 = Integer.rotateRight(v15 ^ v3, 16); v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
            v3 += v7 + m[x[7]]; v15 = Integer.rotateRight(v15 ^ v3, 8); v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
            // G(0, 5, 10, 15)
            v0 += v5 + m[x[8]]; v15 = Integer.rotateRight(v15 ^ v0, 16); v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
            v0 += v5 + m[x[9]]; v15 = Integer.rotateRight(v15 ^ v0, 8); v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
            // G(1, 6, 11, 12)
            v1 += v6 + m[x[10]]; v12 = Integer.rotateRight(v12 ^ v1, 16); v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
            v1 += v6 + m[x[11]]; v12 = Integer.rotateRight(v12 ^ v1, 8); v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
            // G(2, 7, 8, 13)
            v2 += v7 + m[x[12]]; v13 = Integer.rotateRight(v13 ^ v2, 16); v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
            v2 += v7 + m[x[13]]; v13 = Integer.rotateRight(v13 ^ v2, 8); v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
            // G(3, 4, 9, 14)
            v3 += v4 + m[x[14]]; v14 = Integer.rotateRight(v14 ^ v3, 16); v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
            v3 += v4 + m[x[15]]; v14 = Integer.rotateRight(v14 ^ v3, 8); v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
        }
        out[at] = v0 ^ v8;
        out[at + 1] = v1 ^ v9;
        out[at + 2] = v2 ^ v10;
        out[at + 3] = v3 ^ v11;
        out[at + 4] = v4 ^ v12;
        out[at + 5] = v5 ^ v13;
        out[at + 6] = v6 ^ v14;
        out[at + 7] = v7 ^ v15;
    }
}
