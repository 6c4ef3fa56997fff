package io.tensors.plugins.pickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.ErrorCode;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zip bombs and hostile archives: each refused with one line naming what is wrong, nothing extracted. */
class HostileArchiveTest {
    @TempDir
    Path dir;

    private final byte[] pkl = Pickles.resource("state_dict_p2.pkl");

    private TorchZip checkpoint() {
        return TorchZip.checkpoint("archive", pkl, 12, 48, 4);
    }

    private void assertRefused(TorchZip zip, String message) throws IOException {
        Path file = dir.resolve("hostile.ckpt");
        zip.write(file);
        assertRefused(file, message);
    }

    private static void assertRefused(Path file, String message) {
        assertThatThrownBy(() -> Files.read(file)).isInstanceOfSatisfying(TensorsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
            assertThat(e.getMessage()).isEqualTo(message).doesNotContain("\n");
        });
    }

    @Test
    void aNameThatClimbsOutWithDotDot() throws IOException {
        TorchZip zip = checkpoint();
        zip.add("archive/../../etc/cron.d/evil", new byte[1]);
        assertRefused(zip, "zip archive: the entry name \"archive/../../etc/cron.d/evil\" climbs out of the archive"
                + " with ..; refusing a hostile archive");
    }

    @Test
    void absoluteNames() throws IOException {
        for (String name : new String[] {"/etc/passwd", "C:/Windows/evil.dll", "\\\\server\\share"}) {
            TorchZip zip = checkpoint();
            zip.add(name, new byte[1]);
            assertRefused(zip, "zip archive: the entry name \"" + name
                    + "\" is an absolute path; refusing a hostile archive");
        }
    }

    @Test
    void aNameGivenTwice() throws IOException {
        TorchZip zip = checkpoint();
        zip.add("archive/data.pkl", Pickles.call("os", "system", "echo second"));
        assertRefused(zip, "zip archive: the entry name \"archive/data.pkl\" appears twice; readers disagree on"
                + " which one counts");
    }

    @Test
    void tooManyEntries() throws IOException {
        TorchZip zip = checkpoint();
        zip.declaredCount = 4_000_000_000L;
        assertRefused(zip, "zip archive: it declares 4000000000 entries, more than the 200000 tsr reads");
    }

    @Test
    void aNameTooLong() throws IOException {
        TorchZip zip = checkpoint();
        char[] name = new char[2000];
        Arrays.fill(name, 'a');
        zip.add("archive/" + new String(name), new byte[1]);
        assertRefused(zip, "zip archive: entry 7 has a name of 2008 bytes, more than the 1024 tsr accepts");
    }

    @Test
    void aDirectoryOutsideTheFile() throws IOException {
        TorchZip zip = checkpoint();
        zip.declaredDirectoryOffset = 1L << 40;
        assertRefused(zip, "zip archive: its central directory (offset 1099511627776, 366 bytes) lies outside the file");
    }

    @Test
    void anEntryOutsideTheFile() throws IOException {
        TorchZip zip = checkpoint();
        zip.entry("archive/data/1").localOffset = 1L << 33;
        assertRefused(zip, "zip archive: entry \"archive/data/1\" lies outside the archive's data (offset 8589934592,"
                + " 48 bytes)");
    }

    @Test
    void overlappingEntries() throws IOException {
        TorchZip zip = checkpoint();
        zip.entry("archive/data/1").localOffset = 0L; // points into data.pkl's bytes
        assertRefused(zip, "zip archive: entries \"archive/data.pkl\" and \"archive/data/1\" overlap (a zip bomb's trick)");
    }

    @Test
    void aDataPklThatDeclaresABombsRatio() throws IOException {
        byte[] zeros = new byte[20 << 20];
        TorchZip zip = TorchZip.checkpoint("archive", zeros);
        zip.entry("archive/data.pkl").deflate = true;
        Path file = dir.resolve("bomb.ckpt");
        zip.write(file);
        assertThat(java.nio.file.Files.size(file)).isLessThan(100_000);

        assertThatThrownBy(() -> Files.read(file)).isInstanceOfSatisfying(TensorsException.class,
                e -> assertThat(e.getMessage()).startsWith("zip archive: \"archive/data.pkl\" would inflate ")
                        .endsWith(" bytes to 20971520, beyond a ratio of 200:1 (a zip bomb?)"));
    }

    @Test
    void aDataPklThatInflatesBeyondWhatItDeclares() throws IOException {
        TorchZip zip = TorchZip.checkpoint("archive", new byte[20 << 20]);
        zip.entry("archive/data.pkl").deflate = true;
        zip.entry("archive/data.pkl").declaredSize = 1000L;
        assertRefused(zip, "zip archive: \"archive/data.pkl\" inflates beyond the 1000 bytes it declares (a zip bomb?)");
    }

    @Test
    void aDataPklLargerThanTsrReads() throws IOException {
        TorchZip zip = checkpoint();
        zip.entry("archive/data.pkl").declaredSize = 1L << 40;
        zip.entry("archive/data.pkl").deflate = true;
        assertRefused(zip, "zip archive: \"archive/data.pkl\" declares 1099511627776 bytes, more than the 134217728"
                + " tsr reads");
    }

    @Test
    void anArchiveCutShort() throws IOException {
        Path file = dir.resolve("cut.ckpt");
        checkpoint().write(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 100);
        }
        assertRefused(file, "zip archive: no end-of-central-directory record in its last 64 KiB: the file is cut"
                + " short (an interrupted download?) or not a zip");
    }

    @Test
    void anEncryptedDataPkl() throws IOException {
        TorchZip zip = checkpoint();
        zip.entry("archive/data.pkl").flags = 1;
        assertRefused(zip, "zip archive: \"archive/data.pkl\" is encrypted");
    }

    @Test
    void aLocalHeaderNamingAnotherFile() throws IOException {
        TorchZip zip = checkpoint();
        zip.entry("archive/data.pkl").localName = "archive/data.pkX";
        assertRefused(zip, "zip archive: the local header of \"archive/data.pkl\" names another file; refusing a"
                + " hostile archive");
    }

    @Test
    void anUnknownCompressionMethod() throws IOException {
        TorchZip zip = checkpoint();
        zip.entry("archive/data.pkl").method = 12;
        assertRefused(zip, "zip archive: \"archive/data.pkl\" is compressed with method 12; tsr reads stored and"
                + " deflated entries");
    }

    @Test
    void aDamagedDataPkl() throws IOException {
        Path file = dir.resolve("damaged.ckpt");
        checkpoint().write(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(30 + "archive/data.pkl".length() + 100);
            raf.write('Z');
        }
        assertRefused(file, "zip archive: \"archive/data.pkl\" fails its CRC check: the file is damaged");
    }

    @Test
    void aNestedArchiveIsNotFollowed() throws IOException {
        Path inner = dir.resolve("inner.ckpt");
        checkpoint().write(inner);
        TorchZip outer = TorchZip.checkpoint("archive", java.nio.file.Files.readAllBytes(inner));
        Path file = dir.resolve("outer.ckpt");
        outer.write(file);

        assertThatThrownBy(() -> Files.read(file)).isInstanceOfSatisfying(TensorsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT);
            assertThat(e.getMessage()).startsWith("archive/data.pkl: the pickle stream is malformed at byte ");
        });
    }

    @Test
    void aZipWithoutDataPkl() throws IOException {
        TorchZip zip = new TorchZip();
        zip.add("archive/version", "3".getBytes());
        assertRefused(zip, "a zip archive, but not a PyTorch checkpoint: it has no archive/data.pkl (torch.save"
                + " writes NAME/data.pkl, NAME/data/0...)");
    }
}
