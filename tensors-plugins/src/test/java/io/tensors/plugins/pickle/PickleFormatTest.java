package io.tensors.plugins.pickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.ErrorCode;
import io.tensors.api.ModelHeader;
import io.tensors.api.ModelHeader.Safety;
import io.tensors.api.ModelHeader.Severity;
import io.tensors.api.TensorEntry;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PickleFormatTest {
    private static final List<String> STATE_DICT_IMPORTS = List.of("collections.OrderedDict",
            "torch._utils._rebuild_tensor_v2", "torch.HalfStorage", "torch._utils._rebuild_parameter",
            "torch.FloatStorage", "torch._utils._rebuild_tensor_v3", "torch.UntypedStorage", "torch.float8_e4m3fn");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void aTorchSaveZipInEveryProtocolNamesItsTensorsByTheirStateDictKeys(int protocol) throws IOException {
        byte[] pkl = Pickles.resource("state_dict_p" + protocol + ".pkl");
        Path file = dir.resolve("model.ckpt");
        TorchZip.checkpoint("model", pkl, 12, 48, 4).write(file);

        ModelHeader header = Files.read(file);

        assertThat(header.format()).isEqualTo("pickle");
        assertStateDict(header);
        assertThat(header.headerSize()).isEqualTo(pkl.length);
        assertThat(header.dataStart()).isEqualTo(-1);
        assertThat(header.metadata()).containsEntry("pickle.container", "zip")
                .containsEntry("pickle.archive", "model")
                .containsEntry("pickle.version", "3")
                .containsEntry("pickle.byteorder", "little")
                .containsEntry("pickle.protocol", Integer.toString(protocol))
                .containsEntry("pickle.storages", "3")
                .containsEntry("epoch", "6")
                .containsEntry("global_step", "470000")
                .containsEntry("name", "lantern")
                .doesNotContainKey("pickle.zip64");
    }

    private static void assertStateDict(ModelHeader header) {
        assertThat(header.safety()).isEqualTo(Safety.SAFE);
        assertThat(header.findings()).isEmpty();
        assertThat(header.imports()).containsExactlyElementsOf(STATE_DICT_IMPORTS);
        assertThat(header.tensorCount()).isEqualTo(3);
        assertThat(header.tensors()).containsExactly(
                new TensorEntry("model.conv.weight", "F16", shape(2, 3), 0, 12),
                // offset 4 floats, strides (1, 2): the last element is 4 + 1 + 2 = 7
                new TensorEntry("model.conv.bias", "F32", shape(2, 2), 16, 32),
                new TensorEntry("model.fp8.weight", "F8_E4M3", shape(4), 0, 4));
    }

    @Test
    void aZipWrittenByCpythonsZipfileWithDeflateReadsTheSame() throws IOException {
        Path file = Files.write(dir, "model.pt", Pickles.resource("zipfile_deflated.pt"));

        ModelHeader header = Files.read(file);

        assertStateDict(header);
        assertThat(header.metadata()).containsEntry("pickle.archive", "lantern").containsEntry("pickle.version", "3");
    }

    @Test
    void aZip64ArchiveReadsTheSame() throws IOException {
        TorchZip zip = TorchZip.checkpoint("archive", Pickles.resource("state_dict_p2.pkl"), 12, 48, 4);
        zip.zip64 = true;
        Path file = dir.resolve("big.ckpt");
        zip.write(file);

        ModelHeader header = Files.read(file);

        assertStateDict(header);
        assertThat(header.metadata()).containsEntry("pickle.zip64", "true");
    }

    @Test
    void aDeflatedDataPklIsInflated() throws IOException {
        TorchZip zip = TorchZip.checkpoint("archive", Pickles.resource("state_dict_p2.pkl"), 12, 48, 4);
        zip.entry("archive/data.pkl").deflate = true;
        Path file = dir.resolve("small.pth");
        zip.write(file);

        assertStateDict(Files.read(file));
    }

    @Test
    void aLargeStoredDataPklIsReadInPlace() throws IOException {
        // 20 MiB of inline bytes (popped) before the state dict: read from the file, the bytes skipped
        byte[] stateDict = Pickles.resource("state_dict_p2.pkl");
        int blob = 20 << 20;
        byte[] head = Pickles.protocol(2).op('B').le(blob, 4).bytes();
        byte[] pkl = new byte[head.length + blob + 1 + stateDict.length - 2];
        System.arraycopy(head, 0, pkl, 0, head.length);
        pkl[head.length + blob] = '0';
        System.arraycopy(stateDict, 2, pkl, head.length + blob + 1, stateDict.length - 2);
        Path file = dir.resolve("inline.ckpt");
        TorchZip.checkpoint("archive", pkl, 12, 48, 4).write(file);

        ModelHeader header = Files.read(file);

        assertStateDict(header);
        assertThat(header.headerSize()).isEqualTo(pkl.length);
    }

    @Test
    void storagesThatDoNotMatchTheArchiveAreReported() throws IOException {
        Path file = dir.resolve("cut.ckpt");
        TorchZip.checkpoint("archive", Pickles.resource("state_dict_p2.pkl"), 12, 40).write(file);

        ModelHeader header = Files.read(file);

        assertThat(header.findings()).extracting(ModelHeader.Finding::message).containsExactly(
                "2 storage(s) do not match the archive (storage 1 declares 48 bytes, its entry holds 40): loading it fails");
    }

    @Test
    void aLegacyFileListsItsSysInfoAndWhereTheStoragesBegin() throws IOException {
        byte[] bytes = Pickles.resource("legacy_embedding.pt");
        Path file = Files.write(dir, "embedding.pt", bytes);

        ModelHeader header = Files.read(file);

        assertThat(header.safety()).isEqualTo(Safety.SAFE);
        assertThat(header.findings()).isEmpty();
        assertThat(header.imports()).containsExactly("torch._utils._rebuild_tensor_v2", "torch.FloatStorage",
                "collections.OrderedDict", "torch.LongStorage");
        assertThat(header.tensors()).containsExactly(
                new TensorEntry("string_to_param.*", "F32", shape(1, 4), 0, 16),
                new TensorEntry("string_to_token.*", "I64", shape(), 0, 8));
        // two storages follow the pickles: 8 + 16 and 8 + 8 bytes
        assertThat(header.dataStart()).isEqualTo(bytes.length - 40);
        assertThat(header.headerSize()).isEqualTo(header.dataStart());
        assertThat(header.metadata()).containsEntry("pickle.container", "legacy")
                .containsEntry("pickle.legacy_protocol", "1001")
                .containsEntry("pickle.little_endian", "true")
                .containsEntry("pickle.type_sizes", "short=2 int=4 long=4")
                .containsEntry("pickle.protocol", "2")
                .containsEntry("name", "lantern-embedding")
                .containsEntry("step", "1500");
    }

    @Test
    void aLegacyFileCutShortSaysHowMuchIsMissing() throws IOException {
        byte[] bytes = Pickles.resource("legacy_embedding.pt");
        Path file = Files.write(dir, "embedding.pt", Arrays.copyOf(bytes, bytes.length - 10));

        assertThat(Files.read(file).findings()).extracting(ModelHeader.Finding::message).containsExactly(
                "the storage data ends early: 10 bytes are missing (a cut-short download?); loading it fails");
    }

    @Test
    void aBarePickleIsReadToItsStop() throws IOException {
        byte[] bytes = Pickles.resource("posix_system_p2.pkl");

        ModelHeader header = Files.read(dir, "weights.bin", bytes);

        assertThat(header.metadata()).containsEntry("pickle.container", "pickle").containsEntry("pickle.protocol", "2");
        assertThat(header.headerSize()).isEqualTo(bytes.length);
        assertThat(header.tensorCount()).isZero();
        assertThat(header.safety()).isEqualTo(Safety.DANGEROUS);
    }

    @Test
    void unknownGlobalsMakeTheFileUnknownWithOneWarningEach() throws IOException {
        byte[] bytes = Pickles.protocol(2).op('}').str("callbacks")
                .global("pytorch_lightning.callbacks.model_checkpoint", "ModelCheckpoint").op(')').op(0x81)
                .op('s').op('.').bytes();

        ModelHeader header = Files.read(dir, "lightning.ckpt", bytes);

        assertThat(header.safety()).isEqualTo(Safety.UNKNOWN);
        assertThat(header.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).isEqualTo("imports pytorch_lightning.callbacks.model_checkpoint.ModelCheckpoint,"
                    + " which tsr does not know");
        });
    }

    @Test
    void aPickledModuleNamesItsTensorsAsItsStateDictWould() throws IOException {
        // torch.save(model): copyreg._reconstructor(Conv2d, object, None), then BUILD with its __dict__
        Pickles p = Pickles.protocol(2).global("copyreg", "_reconstructor").mark()
                .global("torch.nn.modules.conv", "Conv2d").global("builtins", "object").op('N').tuple().reduce()
                .op('}').str("_parameters").global("collections", "OrderedDict").op(')').reduce()
                .str("weight").global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().str("storage").global("torch", "HalfStorage").str("0").str("cpu").int1(8).tuple().op('Q')
                .int1(0).int1(2).int1(4).op(0x86).int1(4).int1(1).op(0x86).op(0x89).op('N').tuple().reduce()
                .op('s').op('s').op('b').stop();

        ModelHeader header = Files.read(dir, "upscaler.pth", p.bytes());

        assertThat(header.safety()).isEqualTo(Safety.SAFE);
        assertThat(header.tensors()).containsExactly(new TensorEntry("weight", "F16", shape(2, 4), 0, 16));
    }

    @Test
    void aZipThatIsNotATorchArchiveIsRefusedInOneLine() throws IOException {
        TorchZip zip = new TorchZip();
        zip.add("readme.txt", "hello".getBytes(StandardCharsets.US_ASCII));
        Path file = dir.resolve("notes.ckpt");
        zip.write(file);

        assertThat(Files.probe(java.nio.file.Files.readAllBytes(file))).isFalse();
        assertThatThrownBy(() -> Files.read(file)).isInstanceOfSatisfying(TensorsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
            assertThat(e.getMessage()).isEqualTo("a zip archive, but not a PyTorch checkpoint: its first entry"
                    + " \"readme.txt\" is not in a folder (torch.save writes NAME/data.pkl, NAME/data/0...)");
        });
    }

    @Test
    void somethingThatIsNotAPickleIsRefusedInOneLine() {
        assertThatThrownBy(() -> Files.read(dir, "x.bin", "<!DOCTYPE html>\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOfSatisfying(TensorsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
                    assertThat(e.getMessage()).isEqualTo("the pickle stream is malformed at byte 0: unknown opcode 0x3c");
                });
    }

    @Test
    void aDataPklCutShortKeepsWhatItShowedAndIsUnknown() throws IOException {
        byte[] pkl = Arrays.copyOf(Pickles.resource("state_dict_p2.pkl"), 340);
        Path file = dir.resolve("cut.ckpt");
        TorchZip.checkpoint("archive", pkl, 12, 48, 4).write(file);

        ModelHeader header = Files.read(file);

        assertThat(header.safety()).isEqualTo(Safety.UNKNOWN);
        assertThat(header.imports()).startsWith("collections.OrderedDict", "torch._utils._rebuild_tensor_v2");
        assertThat(header.tensors()).extracting(TensorEntry::name).containsExactly("#0", "#1");
        assertThat(header.findings()).extracting(ModelHeader.Finding::message).containsExactly(
                "the pickle stream ends at byte 340 inside an opcode (needs 1 more bytes at byte 340);"
                        + " the rest was not inspected (loading it fails there)");
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThatThrownBy(() -> Files.read(dir, "empty.pt", new byte[0])).hasMessage("the file is empty");
    }

    @Test
    void theProbeKnowsTorchZipsPicklesAndLegacyFilesAndNothingElse() throws IOException {
        Path zip = dir.resolve("a.ckpt");
        TorchZip.checkpoint("archive", Pickles.resource("state_dict_p2.pkl"), 12, 48, 4).write(zip);
        assertThat(Files.probe(java.nio.file.Files.readAllBytes(zip))).isTrue();
        assertThat(Files.probe(Pickles.resource("zipfile_deflated.pt"))).isTrue();
        assertThat(Files.probe(Pickles.resource("legacy_embedding.pt"))).isTrue();
        for (int protocol = 1; protocol <= 5; protocol++) {
            assertThat(Files.probe(Pickles.resource("state_dict_p" + protocol + ".pkl"))).as("protocol %d", protocol)
                    .isTrue();
        }
        assertThat(Files.probe(Pickles.resource("posix_system_p0.pkl"))).isTrue();
        assertThat(Files.probe("(dp0\nVkey\np1\nI1\ns.".getBytes(StandardCharsets.US_ASCII))).isTrue();

        assertThat(Files.probe("hello world".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(Files.probe("(c) 2024 the authors\nall rights reserved\n".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(Files.probe("I am a text file\n".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(Files.probe("GGUF\3\0\0\0".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(Files.probe(new byte[] {0x40, 0, 0, 0, 0, 0, 0, 0, '{', '"'})).isFalse();
        assertThat(Files.probe(new byte[] {(byte) 0x80, 6, '.'})).isFalse();
        assertThat(Files.probe(new byte[0])).isFalse();
    }

    static List<BigInteger> shape(long... dims) {
        return Arrays.stream(dims).mapToObj(BigInteger::valueOf).toList();
    }
}
