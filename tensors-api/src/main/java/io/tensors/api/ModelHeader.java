package io.tensors.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link ModelFormat} read from a file's header.
 *
 * @param format the id of the format that read it, never null
 * @param headerSize the header's length in bytes as the format defines it (safetensors: N, without
 *     the 8 length bytes; GGUF: up to the aligned start of the tensor data; pickle: the bytes of the
 *     pickle streams read)
 * @param dataStart the offset of the first tensor byte, or -1 where the format defines none (a zip archive)
 * @param tensorCount how many tensors the file holds, or -1 when the header does not tell
 * @param tensors the tensors where the format lists them, in file order; possibly fewer than
 *     {@code tensorCount} (none when the format does not list them), never null
 * @param metadata the header's metadata as text, in file order, never null
 * @param safety what loading the file in its usual library could do, never null
 * @param imports for pickles: every global the stream imports ({@code module.name}), in first-seen
 *     order with no repeats; empty for formats that import nothing
 * @param findings what a user should be told about the file (a dangerous import, a mislabelled
 *     name), one line each, worst first; never null
 */
public record ModelHeader(String format, long headerSize, long dataStart, long tensorCount, List<TensorEntry> tensors,
        Map<String, String> metadata, Safety safety, List<String> imports, List<Finding> findings) {
    /** @throws NullPointerException when a component is null */
    public ModelHeader {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(safety, "safety");
        tensors = List.copyOf(tensors);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
        imports = List.copyOf(imports);
        findings = List.copyOf(findings);
    }

    /** A header of a format that holds only data (safetensors, GGUF): safe, no imports, no findings. */
    public static ModelHeader ofData(String format, long headerSize, long dataStart, List<TensorEntry> tensors,
            Map<String, String> metadata) {
        return new ModelHeader(format, headerSize, dataStart, tensors.size(), tensors, metadata, Safety.SAFE, List.of(),
                List.of());
    }

    /** What loading a file could do. */
    public enum Safety {
        /** Data only, or a pickle that imports only known-safe globals. */
        SAFE("safe"),
        /** A pickle that imports globals tsr does not know: loading it runs code nobody checked. */
        UNKNOWN("unknown"),
        /** A pickle that imports a global that can run commands, open files or load more code. */
        DANGEROUS("dangerous");

        private final String text;

        Safety(String text) {
            this.text = text;
        }

        /** @return the word the catalog stores and listings print ({@code dangerous}) */
        public String text() {
            return text;
        }
    }

    /**
     * One thing to tell a user about a file.
     *
     * @param severity how much it matters, never null
     * @param message one line without the path, such as {@code imports os.system}, never null
     */
    public record Finding(Severity severity, String message) {
        /** @throws NullPointerException when a component is null */
        public Finding {
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(message, "message");
        }
    }

    /** How much a finding matters. */
    public enum Severity {
        /** Worth knowing (an unknown import, a mislabelled name). */
        WARNING,
        /** Loading the file can run code. */
        DANGER
    }
}
