package io.tensors.plugins.pickle;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads pickle streams (protocols 0 to 5) as a symbolic stack machine that never executes anything:
 * no class is looked up, no callable called. It records every global the stream imports (GLOBAL,
 * STACK_GLOBAL, INST), follows the stack and memo faithfully enough to know which strings a
 * STACK_GLOBAL takes, and rebuilds torch tensor records from persistent storage ids and the rebuild
 * calls torch writes. The opcodes are those documented in CPython's Lib/pickletools.py.
 *
 * <p>Everything is bounded ({@link Limits}): opcodes executed, objects kept, text kept, distinct
 * globals, so a pickle that builds huge structures stops with a {@link PickleStreamException}
 * instead of exhausting memory. One machine reads the pickles of one file in turn; what it records
 * accumulates across them. Not thread-safe.
 */
final class PickleMachine {
    /**
     * @param ops opcodes executed, over all pickles of the file
     * @param nodes objects and container elements kept
     * @param textChars characters of strings kept
     * @param globals distinct globals
     * @param keepText characters kept of one string (the rest is skipped)
     */
    record Limits(long ops, long nodes, long textChars, int globals, int keepText) {
        static final Limits DEFAULT = new Limits(50_000_000L, 2_000_000L, 16L << 20, 10_000, 64 << 10);
    }

    private static final BigInteger MAX_KEPT_INT = BigInteger.ONE.shiftLeft(512);

    private final Limits limits;
    private final Map<String, Value.Global> imports = new LinkedHashMap<>();
    private final Map<String, Value.Storage> storages = new LinkedHashMap<>();
    private final List<Value.Tensor> tensors = new ArrayList<>();
    private final Set<String> oddities = new LinkedHashSet<>();
    private int protocol = -1;
    private long ops;
    private long nodes;
    private long textChars;

    private ArrayList<Value> stack;
    private int[] marks;
    private int markCount;
    private Map<Long, Value> memo;

    PickleMachine(Limits limits) {
        this.limits = limits;
    }

    /** @return every global imported so far, keyed {@code module.name}, in first-seen order */
    Map<String, Value.Global> imports() {
        return imports;
    }

    /** @return the storages named by persistent ids so far, by key, in first-seen order */
    Map<String, Value.Storage> storages() {
        return storages;
    }

    /** @return the tensors rebuilt so far, in stream order */
    List<Value.Tensor> tensors() {
        return tensors;
    }

    /** @return things a user should know that are not imports (extension codes, foreign persistent ids) */
    Set<String> oddities() {
        return oddities;
    }

    /** @return how many opcodes were executed so far */
    long ops() {
        return ops;
    }

    /** @return the protocol the last pickle declared (PROTO), or 0/1 as its opcodes show, -1 before any */
    int protocol() {
        return protocol;
    }

    /**
     * Reads one pickle, up to and including its STOP.
     *
     * @return what STOP left on the stack
     * @throws PickleStreamException when the stream is malformed or exceeds a bound; what was
     *     recorded before stays
     * @throws IOException when the file cannot be read
     */
    Value load(PickleInput in) throws IOException {
        stack = new ArrayList<>();
        marks = new int[16];
        markCount = 0;
        memo = new HashMap<>();
        protocol = 0;
        while (true) {
            if (++ops > limits.ops) {
                throw limit("more than " + limits.ops + " pickle opcodes");
            }
            long at = in.position();
            int op = in.u8();
            switch (op) {
                case '.' -> { // STOP
                    Value root = pop(at);
                    stack = null;
                    memo = null;
                    return root;
                }
                case '(' -> pushMark();
                case '0' -> { // POP
                    if (stack.size() > fence()) {
                        stack.removeLast();
                    } else {
                        popMark(at);
                    }
                }
                case '1' -> popMark(at); // POP_MARK
                case '2' -> push(peek(at)); // DUP
                case 'N' -> push(Value.Atom.NONE);
                case 0x88 -> push(Value.Atom.TRUE);
                case 0x89 -> push(Value.Atom.FALSE);
                case 'I' -> push(decimal(in.line(4096), at, false));
                case 'L' -> push(decimal(in.line(4096), at, true));
                case 'J' -> push(integer((int) in.littleEndian(4)));
                case 'K' -> push(integer(in.u8()));
                case 'M' -> push(integer(in.littleEndian(2)));
                case 0x8a -> push(longBytes(in, in.u8()));
                case 0x8b -> push(longBytes(in, signedLength(in.littleEndian(4), at)));
                case 'F' -> {
                    in.line(4096);
                    push(Value.Atom.FLOAT);
                }
                case 'G' -> {
                    in.skip(8);
                    push(Value.Atom.FLOAT);
                }
                case 'S' -> push(quotedString(in.line(limits.keepText), at));
                case 'T' -> push(text(in, signedLength(in.littleEndian(4), at)));
                case 'U' -> push(text(in, in.u8()));
                case 'V' -> push(str(rawUnicodeEscape(in.line(limits.keepText)), false));
                case 'X' -> push(text(in, in.littleEndian(4)));
                case 0x8c -> push(text(in, in.u8()));
                case 0x8d -> push(text(in, unsignedLength(in.littleEndian(8), at)));
                case 'B' -> skipBytes(in, in.littleEndian(4));
                case 'C' -> skipBytes(in, in.u8());
                case 0x8e, 0x96 -> skipBytes(in, unsignedLength(in.littleEndian(8), at));
                case 0x97, 0x98 -> { // NEXT_BUFFER pushes, READONLY_BUFFER replaces the top
                    if (op == 0x98) {
                        pop(at);
                    }
                    push(Value.Atom.BUFFER);
                }
                case ']' -> push(new Value.Seq('l'));
                case ')' -> push(new Value.Seq('t'));
                case '}' -> push(new Value.Dict());
                case 0x8f -> push(new Value.Seq('s'));
                case 'l' -> push(seq('l', popMark(at)));
                case 't' -> push(seq('t', popMark(at)));
                case 0x91 -> push(seq('s', popMark(at)));
                case 0x85, 0x86, 0x87 -> {
                    int n = op - 0x84;
                    List<Value> items = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        items.addFirst(pop(at));
                    }
                    push(seq('t', items));
                }
                case 'd' -> {
                    List<Value> items = popMark(at);
                    Value.Dict dict = new Value.Dict();
                    setItems(dict, items, at);
                    push(dict);
                }
                case 'a' -> {
                    Value item = pop(at);
                    append(peek(at), List.of(item));
                }
                case 'e', 0x90 -> { // APPENDS, ADDITEMS
                    List<Value> items = popMark(at);
                    append(peek(at), items);
                }
                case 's' -> {
                    Value value = pop(at);
                    Value key = pop(at);
                    setItems(peek(at), List.of(key, value), at);
                }
                case 'u' -> {
                    List<Value> items = popMark(at);
                    setItems(peek(at), items, at);
                }
                case 'g' -> get(decimalIndex(in.line(64), at), at);
                case 'h' -> get(in.u8(), at);
                case 'j' -> get(in.littleEndian(4), at);
                case 'p' -> put(decimalIndex(in.line(64), at), at);
                case 'q' -> put(in.u8(), at);
                case 'r' -> put(in.littleEndian(4), at);
                case 0x94 -> put(memo.size(), at); // MEMOIZE
                case 0x82 -> extension(in.u8());
                case 0x83 -> extension(in.littleEndian(2));
                case 0x84 -> extension((int) in.littleEndian(4));
                case 'c' -> {
                    String module = utf8(in.line(limits.keepText));
                    String name = utf8(in.line(limits.keepText));
                    push(global(module, name));
                }
                case 0x93 -> { // STACK_GLOBAL: the strings may come from anywhere, the memo included
                    Value name = pop(at);
                    Value module = pop(at);
                    push(global(exactText(module), exactText(name)));
                }
                case 'i' -> { // INST: a class named inline, called with the items above the mark
                    String module = utf8(in.line(limits.keepText));
                    String name = utf8(in.line(limits.keepText));
                    Value.Global cls = global(module, name);
                    push(call(cls, seq('t', popMark(at))));
                }
                case 'o' -> { // OBJ: class and arguments above the mark
                    List<Value> items = popMark(at);
                    if (items.isEmpty()) {
                        throw malformed("OBJ with nothing above the mark", at);
                    }
                    Value cls = items.removeFirst();
                    push(call(cls, seq('t', items)));
                }
                case 'R', 0x81 -> { // REDUCE, NEWOBJ
                    Value args = pop(at);
                    Value callable = pop(at);
                    push(call(callable, args));
                }
                case 0x92 -> { // NEWOBJ_EX
                    pop(at);
                    Value args = pop(at);
                    Value cls = pop(at);
                    push(call(cls, args));
                }
                case 'b' -> { // BUILD
                    Value state = pop(at);
                    if (peek(at) instanceof Value.Call target) {
                        target.state = state;
                    }
                }
                case 'P' -> push(persistent(str(utf8(in.line(limits.keepText)), false)));
                case 'Q' -> push(persistent(pop(at)));
                case 0x80 -> {
                    int version = in.u8();
                    if (version > 5) {
                        throw malformed("unsupported pickle protocol " + version, at);
                    }
                    protocol = version;
                }
                case 0x95 -> in.littleEndian(8); // FRAME: a read-ahead hint only
                default -> throw malformed(String.format("unknown opcode 0x%02x", op), at);
            }
            if (protocol == 0 && isProtocol1(op)) {
                protocol = 1;
            }
        }
    }

    private static boolean isProtocol1(int op) {
        return "JKMTUXBC]})ehjqrou1QG".indexOf(op) >= 0;
    }

    // ---- stack and marks (CPython's metastack: popping below the last mark is an underflow)

    private int fence() {
        return markCount == 0 ? 0 : marks[markCount - 1];
    }

    private void push(Value value) {
        node();
        stack.add(value);
    }

    private Value pop(long at) {
        if (stack.size() <= fence()) {
            throw malformed("the stack is empty where a value is needed", at);
        }
        return stack.removeLast();
    }

    private Value peek(long at) {
        if (stack.size() <= fence()) {
            throw malformed("the stack is empty where a value is needed", at);
        }
        return stack.getLast();
    }

    private void pushMark() {
        if (markCount == marks.length) {
            marks = java.util.Arrays.copyOf(marks, markCount * 2);
        }
        node();
        marks[markCount++] = stack.size();
    }

    private List<Value> popMark(long at) {
        if (markCount == 0) {
            throw malformed("no mark on the stack", at);
        }
        int from = marks[--markCount];
        List<Value> top = stack.subList(from, stack.size());
        List<Value> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private void node() {
        if (++nodes > limits.nodes) {
            throw limit("more than " + limits.nodes + " objects");
        }
    }

    // ---- containers

    private Value.Seq seq(char kind, List<Value> items) {
        Value.Seq seq = new Value.Seq(kind);
        nodes += items.size();
        seq.items.addAll(items);
        return seq;
    }

    // Python calls append/extend/__setitem__ on whatever is there, so no target is refused: the stream
    // goes on as it would under CPython, and only names from real containers are kept.

    private void append(Value target, List<Value> items) {
        nodes += items.size();
        switch (target) {
            case Value.Seq seq -> seq.items.addAll(items);
            case Value.Call call -> call.items.addAll(items); // obj.append / obj.extend / obj.add
            default -> {
                // not kept
            }
        }
    }

    private void setItems(Value target, List<Value> items, long at) {
        if (items.size() % 2 != 0) {
            throw malformed("an odd number of items for a dict", at);
        }
        nodes += items.size();
        List<Value> keys;
        List<Value> values;
        switch (target) {
            case Value.Dict dict -> {
                keys = dict.keys;
                values = dict.values;
            }
            case Value.Call call -> { // obj[key] = value
                keys = call.keys;
                values = call.values;
            }
            default -> {
                return;
            }
        }
        for (int i = 0; i < items.size(); i += 2) {
            keys.add(items.get(i));
            values.add(items.get(i + 1));
        }
    }

    // ---- memo

    private void get(long index, long at) {
        Value value = memo.get(index);
        if (value == null) {
            throw malformed("memo entry " + index + " is read before it is written", at);
        }
        push(value);
    }

    private void put(long index, long at) {
        if (index < 0) {
            throw malformed("negative memo index " + index, at);
        }
        node();
        memo.put(index, peek(at));
    }

    // ---- globals, calls, persistent ids

    private Value.Global global(String module, String name) {
        String key = (module == null ? "<computed>" : module) + "." + (name == null ? "<computed>" : name);
        Value.Global known = imports.get(key);
        if (known != null) {
            return known;
        }
        if (imports.size() >= limits.globals) {
            throw limit("more than " + limits.globals + " distinct globals");
        }
        Value.Global global = new Value.Global(module, name);
        imports.put(key, global);
        return global;
    }

    private void extension(long code) {
        oddities.add("uses copyreg extension code " + code + ": a global registered by the loading program,"
                + " unknown to tsr");
        push(new Value.Extension(code));
    }

    private Value call(Value callable, Value args) {
        node();
        if (callable instanceof Value.Global g && g.module != null && g.name != null) {
            List<Value> a = args instanceof Value.Seq s ? s.items : List.of();
            switch (g.module + "." + g.name) {
                case "collections.OrderedDict", "builtins.dict", "__builtin__.dict", "collections.defaultdict" -> {
                    return new Value.Dict();
                }
                case "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2",
                        "torch._utils._rebuild_qtensor" -> {
                    Value.Tensor tensor = tensor(a, null);
                    if (tensor != null) {
                        return tensor;
                    }
                }
                case "torch._utils._rebuild_tensor_v3" -> {
                    Value.Tensor tensor = a.size() > 4 ? tensor(a, TorchTypes.dtype(a.get(4))) : null;
                    if (tensor != null) {
                        return tensor;
                    }
                }
                case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                    if (!a.isEmpty() && a.getFirst() instanceof Value.Tensor tensor) {
                        return tensor;
                    }
                }
                case "torch._tensor._rebuild_from_type", "torch._tensor._rebuild_from_type_v2" -> {
                    // (func, type, args, state): func is itself a global of the stream, already recorded
                    if (a.size() >= 3 && a.get(0) instanceof Value.Global && a.get(2) instanceof Value.Seq) {
                        Value inner = call(a.get(0), a.get(2));
                        if (inner instanceof Value.Tensor) {
                            return inner;
                        }
                    }
                }
                default -> {
                    // an opaque call
                }
            }
        }
        return new Value.Call(callable, args);
    }

    /** (storage, offset, size, stride, ...) as torch's rebuild functions take them, or null when they do not fit. */
    private Value.Tensor tensor(List<Value> args, TorchTypes.Element dtype) {
        if (args.size() < 4) {
            return null;
        }
        Value.Storage storage;
        long viewOffset = 0;
        switch (args.get(0)) {
            case Value.Storage s -> storage = s;
            case Value.StorageView v -> {
                storage = v.storage();
                viewOffset = v.offset();
            }
            default -> {
                return null;
            }
        }
        Long offset = args.get(1) instanceof Value.Int i ? i.asLong() : null;
        List<Long> size = longs(args.get(2));
        List<Long> stride = longs(args.get(3));
        if (offset == null || offset < 0 || size == null || stride == null || stride.size() != size.size()) {
            return null;
        }
        TorchTypes.Element element = dtype != null ? dtype : new TorchTypes.Element(storage.dtype(), storage.elementBytes());
        Value.Tensor tensor = new Value.Tensor(storage, element.dtype(), element.bytes(), offset + viewOffset, size, stride);
        tensors.add(tensor);
        return tensor;
    }

    private static List<Long> longs(Value value) {
        if (!(value instanceof Value.Seq seq) || seq.items.size() > 64) {
            return null;
        }
        List<Long> out = new ArrayList<>(seq.items.size());
        for (Value item : seq.items) {
            Long n = item instanceof Value.Int i ? i.asLong() : null;
            if (n == null || n < 0) {
                return null;
            }
            out.add(n);
        }
        return List.copyOf(out);
    }

    /** torch's persistent ids: ('storage', storage class, key, location, numel[, view]) */
    private Value persistent(Value id) {
        node();
        if (id instanceof Value.Seq t && t.kind == 't' && t.items.size() >= 5
                && t.items.get(0) instanceof Value.Str tag && tag.text.equals("storage")) {
            TorchTypes.Element element = TorchTypes.storage(t.items.get(1));
            String key = plainText(t.items.get(2));
            String location = plainText(t.items.get(3));
            Long numel = t.items.get(4) instanceof Value.Int i ? i.asLong() : null;
            if (element != null && key != null) {
                Value.Storage storage = storages.computeIfAbsent(key, k -> new Value.Storage(element.dtype(),
                        element.bytes(), k, location == null ? "?" : location, numel == null ? -1 : numel));
                if (t.items.size() >= 6 && t.items.get(5) instanceof Value.Seq view && view.items.size() == 3
                        && view.items.get(1) instanceof Value.Int viewOffset && viewOffset.asLong() != null) {
                    return new Value.StorageView(storage, viewOffset.asLong());
                }
                return storage;
            }
            oddities.add("a storage record tsr cannot read (storage class "
                    + describe(t.items.get(1)) + ")");
            return new Value.Persistent(id);
        }
        if (!(id instanceof Value.Seq t && t.kind == 't' && !t.items.isEmpty()
                && t.items.get(0) instanceof Value.Str tag && tag.text.equals("module"))) {
            oddities.add("a persistent id other than a torch storage: the loading program decides what it becomes");
        }
        return new Value.Persistent(id);
    }

    private static String describe(Value value) {
        return value instanceof Value.Global g ? (g.module + "." + g.name) : "not a global";
    }

    private static String plainText(Value value) {
        return switch (value) {
            case Value.Str s -> s.text;
            case Value.Int i when i.value != null -> i.value.toString();
            default -> null;
        };
    }

    private static String exactText(Value value) {
        return value instanceof Value.Str s && !s.cut ? s.text : null;
    }

    // ---- scalars

    private Value.Int integer(long value) {
        return new Value.Int(BigInteger.valueOf(value));
    }

    /** INT and LONG lines: Python's int(text, 0); INT's 00 and 01 are False and True. */
    private Value decimal(byte[] line, long at, boolean longForm) {
        String text = new String(line, StandardCharsets.ISO_8859_1).strip();
        if (!longForm && text.equals("00")) {
            return Value.Atom.FALSE;
        }
        if (!longForm && text.equals("01")) {
            return Value.Atom.TRUE;
        }
        if (longForm && text.endsWith("L")) {
            text = text.substring(0, text.length() - 1);
        }
        if (line.length >= 4096) {
            return new Value.Int(null);
        }
        try {
            String digits = text.replace("_", "");
            boolean negative = digits.startsWith("-");
            if (negative || digits.startsWith("+")) {
                digits = digits.substring(1);
            }
            int radix = 10;
            if (digits.length() > 2 && digits.charAt(0) == '0' && "xXoObB".indexOf(digits.charAt(1)) >= 0) {
                radix = switch (Character.toLowerCase(digits.charAt(1))) {
                    case 'x' -> 16;
                    case 'o' -> 8;
                    default -> 2;
                };
                digits = digits.substring(2);
            }
            if (digits.isEmpty() || digits.startsWith("-") || digits.startsWith("+")) {
                throw new NumberFormatException();
            }
            BigInteger value = new BigInteger(digits, radix);
            return new Value.Int(negative ? value.negate() : value);
        } catch (NumberFormatException e) {
            throw malformed("an integer opcode with the argument \"" + shown(text) + "\"", at);
        }
    }

    private static Value.Int longBytes(PickleInput in, long n) throws IOException {
        if (n > 64) {
            in.skip(n);
            return new Value.Int(null);
        }
        byte[] little = in.bytes((int) n);
        if (little.length == 0) {
            return new Value.Int(BigInteger.ZERO);
        }
        byte[] big = new byte[little.length];
        for (int i = 0; i < little.length; i++) {
            big[i] = little[little.length - 1 - i];
        }
        BigInteger value = new BigInteger(big);
        return new Value.Int(value.abs().compareTo(MAX_KEPT_INT) > 0 ? null : value);
    }

    private Value.Str text(PickleInput in, long n) throws IOException {
        int keep = (int) Math.min(n, limits.keepText);
        byte[] bytes = in.bytes(keep);
        in.skip(n - keep);
        return str(utf8(bytes), keep < n);
    }

    private void skipBytes(PickleInput in, long n) throws IOException {
        in.skip(n);
        push(Value.Atom.BYTES);
    }

    private Value.Str str(String text, boolean cut) {
        textChars += text.length();
        if (textChars > limits.textChars) {
            throw limit("more than " + limits.textChars + " characters of strings");
        }
        return new Value.Str(text, cut);
    }

    private static long signedLength(long value, long at) {
        int n = (int) value;
        if (n < 0) {
            throw malformed("a negative length " + n, at);
        }
        return n;
    }

    private static long unsignedLength(long value, long at) {
        if (value < 0) {
            throw malformed("a length beyond 2^63", at);
        }
        return value;
    }

    private static long decimalIndex(byte[] line, long at) {
        String text = new String(line, StandardCharsets.ISO_8859_1).strip();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw malformed("a memo index \"" + shown(text) + "\"", at);
        }
    }

    /** STRING: a quoted Python 2 str literal, escapes as codecs.escape_decode reads them. */
    private Value.Str quotedString(byte[] line, long at) {
        int n = line.length;
        if (n < 2 || line[0] != line[n - 1] || (line[0] != '\'' && line[0] != '"')) {
            throw malformed("a STRING argument that is not quoted", at);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < n - 1; i++) {
            char c = (char) (line[i] & 0xFF);
            if (c != '\\' || i + 1 >= n - 1) {
                out.append(c);
                continue;
            }
            char e = (char) (line[++i] & 0xFF);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\013');
                case '\\', '\'', '"' -> out.append(e);
                case 'x' -> {
                    int digit1 = i + 2 <= n - 2 ? Character.digit(line[i + 1], 16) : -1;
                    int digit2 = i + 2 <= n - 2 ? Character.digit(line[i + 2], 16) : -1;
                    if (digit1 < 0 || digit2 < 0) {
                        throw malformed("a bad \\x escape in a STRING", at);
                    }
                    out.append((char) (digit1 * 16 + digit2));
                    i += 2;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int value = e - '0';
                        for (int k = 0; k < 2 && i + 1 < n - 1 && line[i + 1] >= '0' && line[i + 1] <= '7'; k++) {
                            value = value * 8 + (line[++i] - '0');
                        }
                        out.append((char) (value & 0xFF));
                    } else {
                        out.append('\\').append(e);
                    }
                }
            }
        }
        // a Python 2 str is bytes; read it as UTF-8 when it is, else byte for byte
        byte[] raw = new byte[out.length()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) out.charAt(i);
        }
        return str(utf8OrLatin1(raw), false);
    }

    /** UNICODE: raw-unicode-escape, where only \\uXXXX and \\UXXXXXXXX are escapes. */
    private static String rawUnicodeEscape(byte[] line) {
        StringBuilder out = new StringBuilder(line.length);
        for (int i = 0; i < line.length; i++) {
            char c = (char) (line[i] & 0xFF);
            int digits = c == '\\' && i + 1 < line.length ? (line[i + 1] == 'u' ? 4 : line[i + 1] == 'U' ? 8 : 0) : 0;
            if (digits > 0 && i + 1 + digits < line.length) {
                try {
                    int code = Integer.parseUnsignedInt(new String(line, i + 2, digits, StandardCharsets.ISO_8859_1), 16);
                    out.appendCodePoint(Character.isValidCodePoint(code) ? code : 0xFFFD);
                    i += 1 + digits;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape: kept as written
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String utf8OrLatin1(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static String shown(String text) {
        return io.tensors.api.TerminalText.sanitize(text, 40);
    }

    private static PickleStreamException malformed(String what, long at) {
        return new PickleStreamException("the pickle stream is malformed at byte " + at + ": " + what, false);
    }

    private static PickleStreamException limit(String what) {
        return new PickleStreamException("the pickle stream has " + what + ", beyond what tsr reads", true);
    }
}
