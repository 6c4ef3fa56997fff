package io.tensors.engine.identity;

import io.tensors.api.TensorEntry;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * What the identity rules look at in a file's tensors, small enough to store with every file: each tensor
 * name with its number segments folded to {@code #} ({@code double_blocks.12.img_attn.qkv.weight} becomes
 * {@code double_blocks.#.img_attn.qkv.weight}), how many tensors share that pattern, and up to
 * {@value #MAX_SHAPES} of their distinct shapes. A 2,500-tensor checkpoint folds to about 300 patterns
 * (a few KiB deflated) where all its names would take 100 KiB and more, and a changed rule set can still
 * identify every file again from what is stored, without reading it.
 */
public final class TensorDigest {
    static final int MAX_SHAPES = 8;
    private final NavigableMap<String, Entry> entries;

    /**
     * @param count tensors whose names fold to the pattern
     * @param shapes their distinct shapes, first seen first, at most {@value #MAX_SHAPES}
     */
    public record Entry(String pattern, int count, List<long[]> shapes) {}

    private TensorDigest(NavigableMap<String, Entry> entries) {
        this.entries = Collections.unmodifiableNavigableMap(entries);
    }

    /** The digest of no tensors (a header that lists none, a row cataloged before digests were kept). */
    public static final TensorDigest EMPTY = new TensorDigest(new TreeMap<>());

    public static TensorDigest of(List<TensorEntry> tensors) {
        Map<String, List<long[]>> shapes = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (TensorEntry t : tensors) {
            String pattern = pattern(t.name());
            counts.merge(pattern, 1, Integer::sum);
            List<long[]> known = shapes.computeIfAbsent(pattern, k -> new ArrayList<>());
            long[] shape = t.shape().stream().mapToLong(TensorDigest::clamp).toArray();
            if (known.size() < MAX_SHAPES && known.stream().noneMatch(s -> java.util.Arrays.equals(s, shape))) {
                known.add(shape);
            }
        }
        NavigableMap<String, Entry> entries = new TreeMap<>();
        counts.forEach((p, n) -> entries.put(p, new Entry(p, n, List.copyOf(shapes.get(p)))));
        return new TensorDigest(entries);
    }

    private static long clamp(BigInteger b) {
        return b.bitLength() < 63 ? b.longValue() : Long.MAX_VALUE;
    }

    /** A name with every segment that is all digits (between {@code .}, {@code _}, {@code :} or the ends) folded to {@code #}. */
    public static String pattern(String name) {
        StringBuilder out = new StringBuilder(name.length());
        int n = name.length();
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && Character.isDigit(name.charAt(j))) {
                j++;
            }
            boolean startsSegment = i == 0 || isSeparator(name.charAt(i - 1));
            if (j > i && startsSegment && (j == n || isSeparator(name.charAt(j)))) {
                out.append('#');
                i = j;
            } else {
                out.append(name.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isSeparator(char c) {
        return c == '.' || c == '_' || c == ':';
    }

    /** @return the entries by pattern, in pattern order */
    public NavigableMap<String, Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** @return the digest as deflated lines {@code pattern TAB count TAB shape;shape} (dimensions comma-separated) */
    public byte[] encode() {
        StringBuilder text = new StringBuilder();
        for (Entry e : entries.values()) {
            text.append(e.pattern()).append('\t').append(e.count()).append('\t');
            for (int s = 0; s < e.shapes().size(); s++) {
                if (s > 0) {
                    text.append(';');
                }
                long[] shape = e.shapes().get(s);
                for (int d = 0; d < shape.length; d++) {
                    if (d > 0) {
                        text.append(',');
                    }
                    text.append(shape[d]);
                }
            }
            text.append('\n');
        }
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(text.toString().getBytes(StandardCharsets.UTF_8));
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** @return the digest {@link #encode()} wrote; {@link #EMPTY} for null or bytes it cannot read */
    public static TensorDigest decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return EMPTY;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(bytes);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return EMPTY;
                }
                out.write(buffer, 0, n);
            }
            NavigableMap<String, Entry> entries = new TreeMap<>();
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.split("\t", -1);
                if (parts.length != 3) {
                    continue;
                }
                List<long[]> shapes = new ArrayList<>();
                if (!parts[2].isEmpty()) {
                    for (String shape : parts[2].split(";", -1)) {
                        shapes.add(shape.isEmpty() ? new long[0]
                                : java.util.Arrays.stream(shape.split(",")).mapToLong(Long::parseLong).toArray());
                    }
                }
                entries.put(parts[0], new Entry(parts[0], Integer.parseInt(parts[1]), List.copyOf(shapes)));
            }
            return new TensorDigest(entries);
        } catch (DataFormatException | NumberFormatException e) {
            return EMPTY;
        } finally {
            inflater.end();
        }
    }
}
