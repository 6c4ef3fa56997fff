package io.tensors.plugins.pickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.ModelHeader;
import io.tensors.api.ModelHeader.Safety;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The opcode reader on its own: values, memo, marks, and its bounds. */
class PickleMachineTest {
    @TempDir
    Path dir;

    private static Value load(byte[] bytes) throws IOException {
        return new PickleMachine(PickleMachine.Limits.DEFAULT).load(PickleInput.of(ByteBuffer.wrap(bytes)));
    }

    @Test
    void theLegacyMagicNumberIsALong1() throws IOException {
        byte[] magic = Arrays.copyOf(Pickles.resource("legacy_embedding.pt"), 15);

        assertThat(((Value.Int) load(magic)).value).isEqualTo(PickleFormat.LEGACY_MAGIC);
        // the same number as protocol 0 writes it
        assertThat(((Value.Int) load(MaliciousPicklesTest.b("L119547037146038801333356L\n."))).value)
                .isEqualTo(PickleFormat.LEGACY_MAGIC);
    }

    @Test
    void protocol0TextValues() throws IOException {
        // {'a\n\u00e9': [True, 0x10, 'caf\u00e9']} with Python 2 STRING escapes and raw-unicode-escape
        Value.Dict dict = (Value.Dict) load(MaliciousPicklesTest.b("(dp0\nS'a\\n\\xc3\\xa9'\np1\n(lp2\nI01\naI0x10\naVcaf\\u00e9\nas."));

        assertThat(((Value.Str) dict.keys.getFirst()).text).isEqualTo("a\n\u00e9");
        Value.Seq list = (Value.Seq) dict.values.getFirst();
        assertThat(list.items.get(0)).isSameAs(Value.Atom.TRUE);
        assertThat(((Value.Int) list.items.get(1)).value).isEqualTo(BigInteger.valueOf(16));
        assertThat(((Value.Str) list.items.get(2)).text).isEqualTo("caf\u00e9");
    }

    @Test
    void aMemoizedListFilledLaterIsTheSameObject() throws IOException {
        // l = []; d = {'x': l, 'y': l}; l.append(1) happens after both references exist
        byte[] bytes = Pickles.protocol(2).op('}').mark().str("x").op(']').binput(0).str("y").binget(0).op('u')
                .binget(0).int1(1).op('a').op('0').stop().bytes();

        Value.Dict dict = (Value.Dict) load(bytes);

        assertThat(dict.values.get(0)).isSameAs(dict.values.get(1));
        assertThat(((Value.Seq) dict.values.get(0)).items).hasSize(1);
    }

    @Test
    void malformedStreamsSayWhereAndWhat() {
        assertThatThrownBy(() -> load(MaliciousPicklesTest.b("\u0080\u0002R."))).hasMessage(
                "the pickle stream is malformed at byte 2: the stack is empty where a value is needed");
        assertThatThrownBy(() -> load(MaliciousPicklesTest.b("\u0080\u0002h\u0005."))).hasMessage(
                "the pickle stream is malformed at byte 2: memo entry 5 is read before it is written");
        assertThatThrownBy(() -> load(MaliciousPicklesTest.b("\u0080\u0002t."))).hasMessage(
                "the pickle stream is malformed at byte 2: no mark on the stack");
        assertThatThrownBy(() -> load(MaliciousPicklesTest.b("\u0080\u0002X\u00ff\u00ff\u0000\u0000abc"))).hasMessage(
                "the pickle stream ends at byte 10 inside an opcode (needs 65535 more bytes at byte 7)");
        assertThatThrownBy(() -> load(MaliciousPicklesTest.b("\u0080\u0009."))).hasMessage(
                "the pickle stream is malformed at byte 0: unsupported pickle protocol 9");
        // a mark fences the stack: REDUCE cannot reach below it
        assertThatThrownBy(() -> load(MaliciousPicklesTest.b("\u0080\u0002N(R."))).hasMessage(
                "the pickle stream is malformed at byte 4: the stack is empty where a value is needed");
    }

    @Test
    void aPickleThatBuildsAHugeStructureStopsAtTheBoundAndIsUnknown() throws IOException {
        // 3 million Nones in one list: CPython would build it; tsr stops at 2 million objects
        Pickles p = Pickles.protocol(2).op(']').mark();
        byte[] nones = new byte[3_000_000];
        Arrays.fill(nones, (byte) 'N');
        byte[] head = p.bytes();
        byte[] tail = Pickles.call("os", "system", "echo after the bound");
        byte[] bytes = new byte[head.length + nones.length + 1 + tail.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy(nones, 0, bytes, head.length, nones.length);
        bytes[head.length + nones.length] = 'e';
        System.arraycopy(tail, 0, bytes, head.length + nones.length + 1, tail.length);

        ModelHeader header = Files.read(dir, "huge.pt", bytes);

        assertThat(header.safety()).isEqualTo(Safety.UNKNOWN);
        assertThat(header.findings()).extracting(ModelHeader.Finding::message).containsExactly(
                "the pickle stream has more than 2000000 objects, beyond what tsr reads; the rest was not inspected");
    }

    @Test
    void deepNestingIsWalkedWithoutRecursion() throws IOException {
        // 300,000 lists, each inside the previous one, with a tensor at the bottom
        int depth = 300_000;
        byte[] tensor = Pickles.protocol(2).global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().str("storage").global("torch", "FloatStorage").str("0").str("cpu").int1(1).tuple().op('Q')
                .int1(0).op(')').op(')').tuple().reduce().bytes();
        byte[] bytes = new byte[depth + tensor.length - 2 + depth + 1];
        Arrays.fill(bytes, 0, depth, (byte) ']');
        System.arraycopy(tensor, 2, bytes, depth, tensor.length - 2);
        Arrays.fill(bytes, depth + tensor.length - 2, bytes.length - 1, (byte) 'a');
        bytes[bytes.length - 1] = '.';

        ModelHeader header = Files.read(dir, "deep.pt", bytes);

        assertThat(header.safety()).isEqualTo(Safety.SAFE);
        assertThat(header.tensorCount()).isEqualTo(1);
        assertThat(header.tensors().getFirst().name()).startsWith("0.0.0.0.").hasSize(1024);
    }

    @Test
    void aLongByteStringIsSkippedNotRead() throws IOException {
        // a pickle holding 3 GB of BINBYTES8 in a sparse file: only the opcodes around it are read
        Path file = dir.resolve("bytes.pkl");
        long n = 3L << 30;
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ByteBuffer head = ByteBuffer.allocate(11).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            head.put((byte) 0x80).put((byte) 4).put((byte) 0x8e).putLong(n);
            channel.write(head.flip(), 0);
            channel.write(ByteBuffer.wrap(new byte[] {'.'}), 11 + n);
        }

        ModelHeader header = Files.read(file);

        assertThat(header.safety()).isEqualTo(Safety.SAFE);
        assertThat(header.headerSize()).isEqualTo(12 + n);
    }
}
