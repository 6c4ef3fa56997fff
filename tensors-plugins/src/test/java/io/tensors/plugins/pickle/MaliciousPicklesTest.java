package io.tensors.plugins.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.ModelHeader;
import io.tensors.api.ModelHeader.Finding;
import io.tensors.api.ModelHeader.Safety;
import io.tensors.api.ModelHeader.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pickles that run code when loaded, each checked by hand: {@code python3 -m pickletools} shows the
 * opcodes and {@code pickle.loads} really runs them (they call echo/print). tsr must name every
 * dangerous global, whatever the trick that hides it.
 */
class MaliciousPicklesTest {
    @TempDir
    Path dir;

    private ModelHeader read(byte[] bytes) throws IOException {
        return Files.read(dir, "evil.ckpt", bytes);
    }

    /** Bytes from a string of chars 0-255 (binary opcodes written as Java escapes). */
    static byte[] b(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void assertDangerous(ModelHeader header, String global) {
        assertThat(header.safety()).isEqualTo(Safety.DANGEROUS);
        assertThat(header.imports()).contains(global);
        assertThat(header.findings()).first().isEqualTo(new Finding(Severity.DANGER, "imports " + global));
    }

    @Test
    void osSystemThroughGlobalInProtocol0() throws IOException {
        ModelHeader header = read(Pickles.resource("posix_system_p0.pkl"));

        assertDangerous(header, "posix.system");
        assertThat(header.imports()).containsExactly("posix.system");
        assertThat(header.findings()).hasSize(1);
    }

    @Test
    void osSystemNamedOs() throws IOException {
        assertDangerous(read(Pickles.call("os", "system", "echo hi")), "os.system");
    }

    @Test
    void aSystemCallHiddenInADictValueInProtocol2() throws IOException {
        assertDangerous(read(Pickles.resource("posix_system_p2.pkl")), "posix.system");
    }

    @Test
    void builtinsEvalThroughStackGlobalInProtocol4() throws IOException {
        ModelHeader header = read(Pickles.resource("builtins_eval_p4.pkl"));

        assertDangerous(header, "builtins.eval");
        assertThat(header.metadata()).containsEntry("pickle.protocol", "4");
    }

    @Test
    void builtinsExecInProtocol5() throws IOException {
        assertDangerous(read(Pickles.resource("builtins_exec_p5.pkl")), "builtins.exec");
    }

    @Test
    void stackGlobalOperandsMemoizedInsideAHarmlessListAndFetchedLater() throws IOException {
        // ] MEMOIZE ( 'builtins' MEMOIZE 'getattr' MEMOIZE APPENDS POP BINGET 1 BINGET 2 STACK_GLOBAL
        byte[] bytes = b("\u0080\u0004]\u0094(\u008c\u0008builtins\u0094\u008c\u0007getattr\u0094e0h\u0001h\u0002\u0093\u0094.");

        assertDangerous(read(bytes), "builtins.getattr");
    }

    @Test
    void stackGlobalOperandsMovedWithDupAndPutGet() throws IOException {
        // 'subprocess' PUT 7, POP, 'Popen' DUP POP, GET 7 (swapped back by the memo), then the call
        byte[] bytes = Pickles.protocol(4).str("subprocess").binput(7).op('0').str("decoy").op('0')
                .binget(7).str("Popen").op('2').op('0').op(0x93).mark().str("id").op('l').op(0x85).reduce()
                .stop().bytes();

        assertDangerous(read(bytes), "subprocess.Popen");
    }

    @Test
    void instNamesItsClassInline() throws IOException {
        assertDangerous(read(b("(S'echo inst'\nios\nsystem\n.")), "os.system");
    }

    @Test
    void objTakesItsClassFromTheStack() throws IOException {
        assertDangerous(read(b("(cos\nsystem\nX\u0008\u0000\u0000\u0000echo objo.")), "os.system");
    }

    @Test
    void aGlobalWhoseNameIsComputedWhileLoadingIsDangerous() throws IOException {
        // STACK_GLOBAL('os', builtins.str('system')): no tool can know the name without running it
        byte[] bytes = b("\u0080\u0004\u008c\u0002os\u008c\u0008builtins\u008c\u0003str\u0093\u008c\u0006system"
                + "\u0085R\u0093\u008c\recho computed\u0085R.");

        ModelHeader header = read(bytes);

        assertThat(header.safety()).isEqualTo(Safety.DANGEROUS);
        assertThat(header.imports()).containsExactly("builtins.str", "os.<computed>");
        assertThat(header.findings()).first().isEqualTo(new Finding(Severity.DANGER,
                "imports os.<computed>: a global whose name is computed while loading (an obfuscated pickle)"));
    }

    @Test
    void aDottedNameReachesOsThroughAnotherModule() throws IOException {
        // protocol 4 resolves 'os.system' as an attribute path from pathlib, which imports os
        byte[] bytes = b("\u0080\u0004\u008c\u0007pathlib\u008c\u0009os.system\u0093\u008c\u000becho dotted\u0085R.");

        assertDangerous(read(bytes), "pathlib.os.system");
    }

    @Test
    void python2ModuleNamesAreReadAsPython3s() throws IOException {
        assertDangerous(read(b("c__builtin__\neval\n(Vprint('py2 name')\ntR.")), "__builtin__.eval");
    }

    @Test
    void aPayloadBeforeABrokenOpcodeStillCounts() throws IOException {
        // CPython runs the REDUCE, then fails on the invalid load key
        ModelHeader header = read(b("cos\nsystem\n(Vecho before-error\ntR\u00ff"));

        assertThat(header.safety()).isEqualTo(Safety.DANGEROUS);
        assertThat(header.findings()).extracting(Finding::message).containsExactly("imports os.system",
                "the pickle stream is malformed at byte 33: unknown opcode 0xff; the rest was not inspected"
                        + " (loading it fails there)");
    }

    @Test
    void aDangerousGlobalInsideATorchZipIsFound() throws IOException {
        byte[] pkl = Pickles.protocol(2).op('}').str("state_dict").op('}').op('s').str("hook")
                .global("os", "system").mark().str("echo zip").tuple().reduce().op('s').stop().bytes();
        Path file = dir.resolve("model.ckpt");
        TorchZip.checkpoint("archive", pkl).write(file);

        assertDangerous(Files.read(file), "os.system");
    }

    @Test
    void aSafeFileThatTurnsDangerousAfterAHugeHarmlessPartIsStillFlagged() throws IOException {
        // 100,000 harmless tensors' worth of opcodes, then one bad global: no early exit
        Pickles p = Pickles.protocol(2).op(']');
        for (int i = 0; i < 100_000; i++) {
            p.global("collections", "OrderedDict").op(')').reduce().op('a');
        }
        byte[] bytes = p.op('0').global("runpy", "_run_code").op('.').bytes();

        assertDangerous(read(bytes), "runpy._run_code");
    }

    @Test
    void anExtensionCodeIsUnknown() throws IOException {
        // EXT1 1: whatever global the loading program registered as code 1 with copyreg
        ModelHeader header = read(b("\u0080\u0002\u0082\u0001)R."));

        assertThat(header.safety()).isEqualTo(Safety.UNKNOWN);
        assertThat(header.findings()).extracting(Finding::message).containsExactly("uses copyreg extension code 1:"
                + " a global registered by the loading program, unknown to tsr");
    }
}
