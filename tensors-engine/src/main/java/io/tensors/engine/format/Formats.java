package io.tensors.engine.format;

import io.tensors.api.ErrorCode;
import io.tensors.api.FileLayout;
import io.tensors.api.ModelFormat;
import io.tensors.api.ModelHeader;
import io.tensors.api.ModelHeader.Finding;
import io.tensors.api.ModelHeader.Severity;
import io.tensors.api.TensorsException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The model formats the loaded plugins contribute, and how a file is matched to one: by its
 * content (every format probes the first bytes, in plugin order), whatever its name says. The
 * engine knows formats only through here.
 */
public final class Formats {
    /** The format id of content no format recognises; only hashing takes such a file. */
    public static final String UNKNOWN = "unknown";

    /**
     * Endings many formats share ({@code .bin} holds pickles, safetensors and GGUF files alike): a
     * file with one of them is never called mislabelled.
     */
    private static final Set<String> SHARED_ENDINGS = Set.of(".bin");

    private final List<ModelFormat> formats;

    /** @param formats in probe order, each id once */
    public Formats(List<ModelFormat> formats) {
        this.formats = List.copyOf(formats);
    }

    /** @return the formats in probe order */
    public List<ModelFormat> all() {
        return formats;
    }

    /** @return the formats' ids in probe order */
    public List<String> ids() {
        return formats.stream().map(ModelFormat::id).toList();
    }

    /**
     * @param ids format ids, case-insensitive; empty means every format
     * @return the endings those formats claim, lowercase, with their dot
     * @throws TensorsException BAD_INPUT naming an unknown id and listing the loaded ones
     */
    public Set<String> endings(List<String> ids) {
        Set<String> endings = new TreeSet<>();
        if (ids.isEmpty()) {
            formats.forEach(f -> endings.addAll(f.endings()));
            return endings;
        }
        for (String id : ids) {
            String key = id.trim().toLowerCase(Locale.ROOT);
            ModelFormat format = formats.stream().filter(f -> f.id().equals(key)).findFirst().orElseThrow(() -> new TensorsException(
                    ErrorCode.BAD_INPUT, "unknown format '" + id.trim() + "': the loaded formats are " + String.join(", ", ids())));
            endings.addAll(format.endings());
        }
        return endings;
    }

    /** @return how many first bytes the probes need: the most any format asks for */
    public int probeBytes() {
        return formats.stream().mapToInt(ModelFormat::probeBytes).max().orElse(0);
    }

    /**
     * @param first the file's first bytes, from position to limit (unchanged)
     * @return the first format whose probe recognises them, or null
     * @throws TensorsException FAILED when a format's plugin fails in its probe
     */
    public ModelFormat probe(ByteBuffer first) {
        for (ModelFormat format : formats) {
            ByteBuffer view = first.duplicate();
            if (view.remaining() > format.probeBytes()) {
                view.limit(view.position() + format.probeBytes());
            }
            if (format.probe(view)) {
                return format;
            }
        }
        return null;
    }

    /**
     * @return the first format whose probe recognises the file's first bytes, or null
     * @throws IOException when they cannot be read
     */
    public ModelFormat probe(FileChannel channel, long size) throws IOException {
        return probe(first(channel, size));
    }

    /**
     * Reads a file's header with the format its content shows. Content no format recognises is
     * read by the format its name's ending belongs to, whose rules then say what is wrong with it.
     *
     * @param fileName the file's name (its ending is compared with the formats')
     * @return the header, its format the one that read it; a file whose ending belongs to another
     *     format gets a finding saying so
     * @throws TensorsException BAD_INPUT with one line, without the path, when no format reads the file
     * @throws IOException when the file cannot be read
     */
    public ModelHeader read(FileChannel channel, long size, String fileName) throws IOException {
        ModelFormat format = probe(first(channel, size));
        List<ModelFormat> named = claimants(fileName);
        if (format == null) {
            if (named.isEmpty()) {
                throw new TensorsException(ErrorCode.BAD_INPUT, unrecognised());
            }
            format = named.getFirst();
        }
        ModelHeader header = readWith(format, channel, size);
        List<Finding> findings = new ArrayList<>(header.findings());
        String ending = ending(fileName);
        if (!named.isEmpty() && !named.contains(format) && !SHARED_ENDINGS.contains(ending)) {
            findings.add(new Finding(Severity.WARNING, "mislabelled: named " + ending + " but the content is " + format.id()));
        }
        findings.sort(Comparator.comparing(Finding::severity).reversed()); // worst first, stable within a severity
        return new ModelHeader(format.id(), header.headerSize(), header.dataStart(), header.tensorCount(), header.tensors(),
                header.metadata(), header.safety(), header.imports(), findings);
    }

    /**
     * Where a file's parts lie, for hashing any file: content no format recognises is hashed as
     * {@link #UNKNOWN} (no format-specific hash such as AutoV3 applies).
     *
     * @throws TensorsException BAD_INPUT when the content shows a format whose rules the file breaks
     */
    public FileLayout layout(FileChannel channel, long size) throws IOException {
        ModelFormat format = probe(first(channel, size));
        if (format == null) {
            return new FileLayout(size, 0, UNKNOWN);
        }
        ModelHeader header = readWith(format, channel, size);
        return new FileLayout(size, Math.max(0, header.dataStart()), format.id());
    }

    /** @return the line for content no format recognises */
    public String unrecognised() {
        return "not a model file tsr can read: its content is none of " + String.join(", ", ids());
    }

    private static ModelHeader readWith(ModelFormat format, FileChannel channel, long size) throws IOException {
        try {
            return Objects.requireNonNull(format.read(channel, size), "header");
        } catch (TensorsException e) {
            if (e.code() != ErrorCode.BAD_INPUT) {
                throw e;
            }
            String message = e.getMessage();
            // the format's own words when they already say it is not one ("not a safetensors file: it is an HTML page")
            String line = message.startsWith("not a ") ? message : "invalid " + format.id() + ": " + message;
            throw new TensorsException(ErrorCode.BAD_INPUT, line, e);
        }
    }

    /** @return the formats that claim the name's ending, in probe order */
    private List<ModelFormat> claimants(String fileName) {
        String ending = ending(fileName);
        return ending.isEmpty() ? List.of() : formats.stream().filter(f -> f.endings().contains(ending)).toList();
    }

    /** @return the longest ending some format claims that the name has, or "" */
    private String ending(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        String best = "";
        Set<String> all = new LinkedHashSet<>();
        formats.forEach(f -> all.addAll(f.endings()));
        for (String ending : all) {
            if (lower.endsWith(ending) && ending.length() > best.length()) {
                best = ending;
            }
        }
        return best;
    }

    /** @return the file's first {@link #probeBytes()} bytes, or all of a shorter file */
    private ByteBuffer first(FileChannel channel, long size) throws IOException {
        ByteBuffer first = ByteBuffer.allocate((int) Math.min(probeBytes(), size));
        while (first.hasRemaining()) {
            if (channel.read(first, first.position()) < 0) {
                throw new EOFException("file ended at byte " + first.position() + ", before the size it had when opened; was it changed during the read?");
            }
        }
        return first.flip();
    }
}
