package io.tensors.engine.identity;

import io.tensors.api.TensorEntry;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model headers of samples.txt: one per architecture x kind, in the shape of published files. */
public final class Samples {
    /** One sample header with the identity it must get ({@code null} for "none"). */
    public record Sample(String name, String kind, String architecture, String format, Map<String, String> metadata,
            List<TensorEntry> tensors) {
        @Override
        public String toString() {
            return name;
        }

        /** @return the number of bytes each tensor's data takes as F16, for a file */
        public static long bytes(TensorEntry t) {
            long n = 2;
            for (BigInteger d : t.shape()) {
                n *= d.longValueExact();
            }
            return n;
        }
    }

    private Samples() {}

    public static List<Sample> all() {
        String text;
        try (InputStream in = Samples.class.getResourceAsStream("samples.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<Sample> samples = new ArrayList<>();
        String name = null;
        String kind = null;
        String arch = null;
        String format = "safetensors";
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorEntry> tensors = new ArrayList<>();
        for (String line : (text + "\n== end | - | -").split("\n")) {
            if (line.startsWith("== ")) {
                if (name != null) {
                    samples.add(new Sample(name, kind, arch, format, Map.copyOf(metadata), List.copyOf(tensors)));
                }
                String[] parts = line.substring(3).split("\\s\\|\\s");
                name = parts[0].strip();
                kind = dash(parts[1]);
                arch = dash(parts[2]);
                format = "safetensors";
                metadata = new LinkedHashMap<>();
                tensors = new ArrayList<>();
            } else if (line.startsWith("t ")) {
                String[] parts = line.substring(2).strip().split(" ");
                List<BigInteger> shape = new ArrayList<>();
                if (!parts[1].equals("-")) {
                    for (String d : parts[1].split(",")) {
                        shape.add(BigInteger.valueOf(Long.parseLong(d)));
                    }
                }
                tensors.add(new TensorEntry(parts[0], "F16", shape, 0, 0));
            } else if (line.startsWith("m ")) {
                String rest = line.substring(2).strip();
                int space = rest.indexOf(' ');
                metadata.put(rest.substring(0, space), rest.substring(space + 1));
            } else if (line.startsWith("f ")) {
                format = line.substring(2).strip();
            }
        }
        return samples;
    }

    private static String dash(String s) {
        return s.strip().equals("-") ? null : s.strip();
    }
}
