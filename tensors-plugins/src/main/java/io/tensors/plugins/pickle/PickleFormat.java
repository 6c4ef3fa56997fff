package io.tensors.plugins.pickle;

import io.tensors.api.ErrorCode;
import io.tensors.api.ModelFormat;
import io.tensors.api.ModelHeader;
import io.tensors.api.ModelHeader.Finding;
import io.tensors.api.ModelHeader.Safety;
import io.tensors.api.ModelHeader.Severity;
import io.tensors.api.TensorEntry;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PyTorch pickle files, inspected and never executed: zip archives as {@code torch.save} writes them
 * since 1.6 ({@code ARCHIVE/data.pkl}, {@code ARCHIVE/data/N}, {@code ARCHIVE/version}; only
 * data.pkl is read), legacy files (a pickle of the magic number, then the protocol, sys_info, the
 * object and the storage keys, then the raw storages) and bare pickles. {@link PickleMachine} lists
 * every global the stream imports and {@link GlobalSafety} classifies them; tensors are rebuilt from
 * torch's storage records and named by their state-dict keys.
 *
 * <p>Metadata (all text): {@code pickle.container} ({@code zip}, {@code legacy} or {@code pickle}),
 * {@code pickle.protocol} (of the main pickle), {@code pickle.storages}; for a zip
 * {@code pickle.archive} (the folder inside it), {@code pickle.version} and {@code pickle.byteorder}
 * (the archive's records, when present), {@code pickle.zip64} and {@code pickle.torchscript} when
 * true; for a legacy file {@code pickle.legacy_protocol}, {@code pickle.little_endian} and
 * {@code pickle.type_sizes} (its sys_info). The top-level dict's short scalar values follow under
 * their own keys ({@code epoch}, {@code global_step}, an embedding's {@code name} and
 * {@code sd_checkpoint_name}...).
 *
 * <p>{@code tensorCount} is the number of tensors rebuilt, or, when the stream rebuilds none in a way
 * tsr knows, the number of storages. A tensor's {@code begin}/{@code end} are its bytes within its
 * storage. {@code dataStart} is where a legacy file's raw storages begin, -1 for the others.
 */
public final class PickleFormat implements ModelFormat {
    /** The largest data.pkl read into memory (and CRC-checked); real ones are a few MB. */
    static final long MAX_DATA_PKL = 128L << 20;
    /** A stored data.pkl above this is read from the file in place, without its CRC check. */
    static final long IN_PLACE = 16L << 20;
    private static final int MAX_METADATA_VALUES = 32;
    private static final int MAX_METADATA_TEXT = 256;
    private static final int MAX_EXTRA_PICKLES = 16;
    /** torch.serialization.MAGIC_NUMBER, the first pickle of a legacy file. */
    static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);

    private static final java.util.regex.Pattern IDENTIFIERS =
            java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Set<String> TORCH_RECORDS = Set.of("data.pkl", "version", ".format_version", "byteorder",
            "constants.pkl", "extra", ".data");

    @Override
    public String id() {
        return "pickle";
    }

    @Override
    public Set<String> endings() {
        return Set.of(".ckpt", ".pt", ".pth", ".bin");
    }

    @Override
    public int probeBytes() {
        return 512;
    }

    /**
     * A zip whose first entry is a torch record ({@code NAME/data.pkl}, {@code NAME/version},
     * {@code NAME/data/0}...), a pickle opened by PROTO 2 to 5 (legacy files are pickles too), or a
     * protocol 0/1 pickle: one that opens with a container, a global or an integer and whose opcodes
     * parse cleanly up to STOP or the end of the bytes given.
     */
    @Override
    public boolean probe(ByteBuffer first) {
        ByteBuffer bytes = first.slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int n = bytes.remaining();
        if (n >= 30 && bytes.getInt(0) == 0x04034b50) {
            int nameLength = bytes.getShort(26) & 0xFFFF;
            byte[] name = new byte[Math.min(nameLength, n - 30)];
            bytes.get(30, name);
            return isTorchRecord(new String(name, StandardCharsets.ISO_8859_1));
        }
        if (n >= 2 && (bytes.get(0) & 0xFF) == 0x80) {
            int version = bytes.get(1) & 0xFF;
            return version >= 2 && version <= 5;
        }
        return n >= 2 && "(}]cKJMLI".indexOf(bytes.get(0) & 0xFF) >= 0 && parsesAsPickle(bytes);
    }

    private static boolean isTorchRecord(String name) {
        int slash = name.indexOf('/');
        if (slash <= 0) {
            return false;
        }
        String record = name.substring(slash + 1);
        int next = record.indexOf('/');
        String head = next < 0 ? record : record.substring(0, next);
        return TORCH_RECORDS.contains(head) || head.equals("data") || head.equals("code");
    }

    private static boolean parsesAsPickle(ByteBuffer bytes) {
        PickleMachine machine = new PickleMachine(new PickleMachine.Limits(10_000, 10_000, 1 << 20, 1000, 4096));
        boolean parsed;
        try {
            machine.load(PickleInput.of(bytes));
            parsed = true;
        } catch (PickleStreamException e) {
            // cut by the probe's window: plausible when enough opcodes parsed before
            parsed = !e.limit() && e.getMessage().contains("inside an opcode") && machine.ops() > 3;
        } catch (IOException | RuntimeException e) {
            parsed = false;
        }
        // text that happens to parse names no importable global ("(c) 2024 the authors")
        return parsed && machine.imports().values().stream()
                .allMatch(g -> g.module != null && g.name != null && IDENTIFIERS.matcher(g.module).matches()
                        && IDENTIFIERS.matcher(g.name).matches());
    }

    @Override
    public ModelHeader read(FileChannel channel, long size) throws IOException {
        if (size == 0) {
            throw bad("the file is empty");
        }
        ByteBuffer magic = ByteBuffer.allocate((int) Math.min(4, size));
        while (magic.hasRemaining() && channel.read(magic, magic.position()) >= 0) {
            // positional reads until full or the end
        }
        if (magic.position() == 4 && magic.getInt(0) == 0x504b0304) {
            return readZip(channel, size);
        }
        return readPickles(channel, size);
    }

    private ModelHeader readZip(FileChannel channel, long size) throws IOException {
        ZipDirectory zip = ZipDirectory.read(channel, size);
        if (zip.entries().isEmpty()) {
            throw notTorch("it holds no entries");
        }
        String firstName = zip.entries().getFirst().name();
        int slash = firstName.indexOf('/');
        if (slash <= 0) {
            throw notTorch("its first entry \"" + ZipDirectory.shown(firstName) + "\" is not in a folder");
        }
        String archive = firstName.substring(0, slash);
        ZipDirectory.Entry pkl = zip.find(archive + "/data.pkl");
        if (pkl == null) {
            throw notTorch("it has no " + ZipDirectory.shown(archive) + "/data.pkl");
        }
        PickleInput input;
        if (pkl.method() == 0 && pkl.size() > IN_PLACE) {
            long start = zip.dataStart(channel, pkl);
            input = PickleInput.of(channel, start, start + pkl.size());
        } else {
            input = PickleInput.of(ByteBuffer.wrap(zip.contents(channel, pkl, MAX_DATA_PKL)));
        }
        Inspection inspection = new Inspection("zip");
        inspection.metadata.put("pickle.archive", archive);
        if (zip.zip64()) {
            inspection.metadata.put("pickle.zip64", "true");
        }
        record(zip, channel, archive + "/version", "pickle.version", inspection);
        if (!inspection.metadata.containsKey("pickle.version")) {
            record(zip, channel, archive + "/.data/version", "pickle.version", inspection);
        }
        record(zip, channel, archive + "/byteorder", "pickle.byteorder", inspection);
        Value root = inspection.load(input, true);
        if (root == null && !inspection.stoppedAtLimit && inspection.machine.imports().isEmpty()) {
            throw bad(archive + "/data.pkl: " + inspection.stopped);
        }
        String code = archive + "/code/";
        if (zip.entries().stream().anyMatch(e -> e.name().startsWith(code))) {
            inspection.metadata.put("pickle.torchscript", "true");
            inspection.warnings.add("a TorchScript archive: torch.jit.load runs the code it holds");
        }
        int missing = 0;
        int mismatched = 0;
        String example = null;
        for (Value.Storage storage : inspection.machine.storages().values()) {
            ZipDirectory.Entry entry = zip.find(archive + "/data/" + storage.key());
            if (entry == null) {
                missing++;
                example = example != null ? example : "storage " + storage.key() + " has no " + archive + "/data/"
                        + storage.key();
            } else if (storage.bytes() >= 0 && entry.size() != storage.bytes()) {
                mismatched++;
                example = example != null ? example : "storage " + storage.key() + " declares " + storage.bytes()
                        + " bytes, its entry holds " + entry.size();
            }
        }
        if (missing + mismatched > 0) {
            inspection.warnings.add((missing + mismatched) + " storage(s) do not match the archive (" + example
                    + "): loading it fails");
        }
        return inspection.header(pkl.size(), -1);
    }

    private static void record(ZipDirectory zip, FileChannel channel, String name, String key, Inspection inspection)
            throws IOException {
        ZipDirectory.Entry entry = zip.find(name);
        if (entry != null && entry.size() <= 64) {
            String text = new String(zip.contents(channel, entry, 64), StandardCharsets.UTF_8).strip();
            inspection.metadata.put(key, io.tensors.api.TerminalText.sanitize(text, 64));
        }
    }

    private ModelHeader readPickles(FileChannel channel, long size) throws IOException {
        PickleInput in = PickleInput.of(channel, 0, size);
        Inspection probe = new Inspection("pickle");
        Value first = probe.load(in, false);
        if (first == null && !probe.stoppedAtLimit && probe.machine.imports().isEmpty()) {
            throw bad(probe.stopped);
        }
        if (first instanceof Value.Int magic && LEGACY_MAGIC.equals(magic.value)) {
            return readLegacy(in, size);
        }
        // a bare pickle; loaders read the first one, but whatever pickles follow it are inspected too
        Value root = first;
        probe.names(root);
        for (int i = 0; i < MAX_EXTRA_PICKLES && probe.stopped == null && in.peek() == 0x80; i++) {
            probe.names(probe.load(in, false));
        }
        return probe.header(in.position(), -1);
    }

    private ModelHeader readLegacy(PickleInput in, long size) throws IOException {
        Inspection inspection = new Inspection("legacy");
        Value protocol = inspection.load(in, false);
        if (protocol instanceof Value.Int version && version.value != null) {
            inspection.metadata.put("pickle.legacy_protocol", version.value.toString());
        }
        Value sysInfo = inspection.stopped == null ? inspection.load(in, false) : null;
        if (sysInfo instanceof Value.Dict info) {
            for (int i = 0; i < info.keys.size(); i++) {
                String key = TensorNames.keyText(info.keys.get(i));
                Value value = info.values.get(i);
                if (key.equals("little_endian") && value instanceof Value.Atom a) {
                    inspection.metadata.put("pickle.little_endian", a == Value.Atom.TRUE ? "true" : "false");
                } else if (key.equals("type_sizes") && value instanceof Value.Dict sizes) {
                    List<String> parts = new ArrayList<>();
                    for (int k = 0; k < sizes.keys.size() && k < 16; k++) {
                        parts.add(TensorNames.keyText(sizes.keys.get(k)) + "=" + TensorNames.keyText(sizes.values.get(k)));
                    }
                    inspection.metadata.put("pickle.type_sizes", String.join(" ", parts));
                }
            }
        }
        Value root = inspection.stopped == null ? inspection.load(in, true) : null;
        Value keys = inspection.stopped == null ? inspection.load(in, false) : null;
        long dataStart = -1;
        if (keys instanceof Value.Seq list && inspection.stopped == null) {
            dataStart = in.position();
            long needed = 0;
            boolean known = true;
            for (Value key : list.items) {
                Value.Storage storage = key instanceof Value.Str s ? inspection.machine.storages().get(s.text) : null;
                if (storage == null || storage.bytes() < 0) {
                    known = false;
                    break;
                }
                needed += 8 + storage.bytes();
            }
            if (known && needed > size - dataStart) {
                inspection.warnings.add("the storage data ends early: " + (needed - (size - dataStart))
                        + " bytes are missing (a cut-short download?); loading it fails");
            }
        }
        if (root == null && inspection.stopped == null) {
            inspection.warnings.add("the legacy file holds no object pickle");
        }
        return inspection.header(dataStart >= 0 ? dataStart : in.position(), dataStart);
    }

    private static TensorsException notTorch(String why) {
        return new TensorsException(ErrorCode.BAD_INPUT, "a zip archive, but not a PyTorch checkpoint: " + why
                + " (torch.save writes NAME/data.pkl, NAME/data/0...)");
    }

    static TensorsException bad(String what) {
        return new TensorsException(ErrorCode.BAD_INPUT, what);
    }

    /** What the pickles of one file showed, turned into a header. */
    private final class Inspection {
        final PickleMachine machine = new PickleMachine(PickleMachine.Limits.DEFAULT);
        final Map<String, String> metadata = new LinkedHashMap<>();
        final List<String> warnings = new ArrayList<>();
        final Map<String, String> rootValues = new LinkedHashMap<>();
        String stopped;
        boolean stoppedAtLimit;
        int mainProtocol = -1;

        Inspection(String container) {
            metadata.put("pickle.container", container);
        }

        /** @return the pickle's object, or null when the stream stopped before its STOP */
        Value load(PickleInput in, boolean main) throws IOException {
            try {
                Value value = machine.load(in);
                if (main) {
                    mainProtocol = machine.protocol();
                    names(value);
                }
                return value;
            } catch (PickleStreamException e) {
                stopped = e.getMessage();
                stoppedAtLimit = e.limit();
                return null;
            }
        }

        void names(Value root) {
            if (mainProtocol < 0) {
                mainProtocol = machine.protocol();
            }
            if (root == null) {
                return;
            }
            TensorNames.assign(root, machine.tensors());
            if (root instanceof Value.Dict dict) {
                for (int i = 0; i < dict.keys.size() && rootValues.size() < MAX_METADATA_VALUES; i++) {
                    if (dict.keys.get(i) instanceof Value.Str key && !key.text.startsWith("pickle.")) {
                        String text = scalar(dict.values.get(i));
                        if (text != null && text.length() <= MAX_METADATA_TEXT) {
                            rootValues.putIfAbsent(io.tensors.api.TerminalText.sanitize(key.text, 64), text);
                        }
                    }
                }
            }
        }

        private static String scalar(Value value) {
            return switch (value) {
                case Value.Str s when !s.cut -> s.text;
                case Value.Int i when i.value != null -> i.value.toString();
                case Value.Atom a when a == Value.Atom.TRUE || a == Value.Atom.FALSE || a == Value.Atom.NONE -> a.text;
                default -> null;
            };
        }

        ModelHeader header(long headerSize, long dataStart) {
            if (mainProtocol < 0) {
                mainProtocol = machine.protocol();
            }
            TensorNames.assign(null, machine.tensors()); // tensors of a stream that stopped before its STOP
            metadata.put("pickle.protocol", Integer.toString(mainProtocol));
            metadata.put("pickle.storages", Integer.toString(machine.storages().size()));
            rootValues.forEach(metadata::putIfAbsent);

            List<String> imports = new ArrayList<>(machine.imports().keySet());
            List<Finding> danger = new ArrayList<>();
            List<Finding> warning = new ArrayList<>();
            Safety safety = Safety.SAFE;
            for (Value.Global global : machine.imports().values()) {
                Safety verdict = GlobalSafety.classify(global.module, global.name);
                String shown = io.tensors.api.TerminalText.sanitize(
                        (global.module == null ? "<computed>" : global.module) + "."
                                + (global.name == null ? "<computed>" : global.name), 160);
                if (verdict == Safety.DANGEROUS) {
                    safety = Safety.DANGEROUS;
                    danger.add(new Finding(Severity.DANGER, global.module == null || global.name == null
                            ? "imports " + shown + ": a global whose name is computed while loading (an obfuscated pickle)"
                            : "imports " + shown));
                } else if (verdict == Safety.UNKNOWN) {
                    safety = safety == Safety.DANGEROUS ? safety : Safety.UNKNOWN;
                    warning.add(new Finding(Severity.WARNING, "imports " + shown + ", which tsr does not know"));
                }
            }
            boolean extensions = false;
            for (String oddity : machine.oddities()) {
                warning.add(new Finding(Severity.WARNING, oddity));
                extensions |= oddity.startsWith("uses copyreg extension code");
            }
            if (stopped != null) {
                warning.add(new Finding(Severity.WARNING, stopped + (stoppedAtLimit
                        ? "; the rest was not inspected" : "; the rest was not inspected (loading it fails there)")));
            }
            if (safety == Safety.SAFE && (stopped != null || extensions)) {
                safety = Safety.UNKNOWN;
            }
            List<TensorEntry> tensors = tensorEntries(warning);
            for (String text : warnings) {
                warning.add(new Finding(Severity.WARNING, text));
            }
            List<Finding> findings = new ArrayList<>(danger);
            findings.addAll(warning);
            long count = !machine.tensors().isEmpty() ? machine.tensors().size() : machine.storages().size();
            return new ModelHeader("pickle", headerSize, dataStart, count, tensors, metadata, safety, imports, findings);
        }

        private List<TensorEntry> tensorEntries(List<Finding> warning) {
            List<TensorEntry> entries = new ArrayList<>(machine.tensors().size());
            int outside = 0;
            String example = null;
            for (Value.Tensor tensor : machine.tensors()) {
                long begin;
                long end;
                try {
                    begin = Math.multiplyExact(tensor.offset, (long) tensor.elementBytes);
                    long extent = 1;
                    for (int i = 0; i < tensor.size.size(); i++) {
                        long dim = tensor.size.get(i);
                        if (dim == 0) {
                            extent = 0;
                            break;
                        }
                        extent = Math.addExact(extent, Math.multiplyExact(dim - 1, tensor.stride.get(i)));
                    }
                    end = Math.addExact(begin, Math.multiplyExact(extent, (long) tensor.elementBytes));
                } catch (ArithmeticException e) {
                    outside++;
                    example = example != null ? example : tensor.name + " has sizes beyond 2^63 bytes";
                    continue;
                }
                long storageBytes = tensor.storage.bytes();
                if (storageBytes >= 0 && end > storageBytes && end > begin) {
                    outside++;
                    example = example != null ? example : tensor.name + " ends at byte " + end + " of a storage of "
                            + storageBytes;
                }
                List<BigInteger> shape = new ArrayList<>(tensor.size.size());
                tensor.size.forEach(d -> shape.add(BigInteger.valueOf(d)));
                entries.add(new TensorEntry(tensor.name, tensor.dtype, shape, begin, end));
            }
            if (outside > 0) {
                warning.add(new Finding(Severity.WARNING, outside + " tensor(s) reach past their storage ("
                        + io.tensors.api.TerminalText.sanitize(example, 120) + "): loading it fails"));
            }
            return entries;
        }
    }
}
