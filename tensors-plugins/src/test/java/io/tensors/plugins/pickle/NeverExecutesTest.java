package io.tensors.plugins.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tensors.api.ModelHeader;
import io.tensors.api.ModelHeader.Safety;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pickles that create a file when loaded ({@code pickle.loads} of the same bytes creates it: checked
 * by hand with CPython), read through the format as a bare pickle, inside a torch zip and as a
 * legacy file's object. The file must never appear.
 */
class NeverExecutesTest {
    @TempDir
    Path dir;

    private Path canary() {
        return dir.resolve("canary-created-by-unpickling");
    }

    private byte[] openForWriting() {
        return Pickles.call("builtins", "open", canary().toString(), "w");
    }

    private byte[] touchBySystem() {
        return Pickles.call("os", "system", "touch '" + canary() + "'");
    }

    private byte[] touchByStackGlobal() {
        return Pickles.protocol(4).op(0x8c).op(5).text("posix").op(0x94).op(0x8c).op(6).text("system").op(0x94)
                .op(0x93).str("touch '" + canary() + "'").op(0x85).reduce().stop().bytes();
    }

    private void assertNothingRan(ModelHeader header) {
        assertThat(header.safety()).isEqualTo(Safety.DANGEROUS);
        assertThat(canary()).doesNotExist();
    }

    @Test
    void barePicklesAreOnlyRead() throws IOException {
        ModelHeader open = Files.read(dir, "a.pt", openForWriting());
        assertNothingRan(open);
        assertThat(open.imports()).containsExactly("builtins.open");
        assertNothingRan(Files.read(dir, "b.pt", touchBySystem()));
        assertNothingRan(Files.read(dir, "c.pt", touchByStackGlobal()));
    }

    @Test
    void aTorchZipsDataPklIsOnlyRead() throws IOException {
        for (byte[] pkl : new byte[][] {openForWriting(), touchBySystem(), touchByStackGlobal()}) {
            Path file = dir.resolve("model.ckpt");
            TorchZip.checkpoint("archive", pkl).write(file);
            assertNothingRan(Files.read(file));
        }
    }

    @Test
    void aLegacyFilesObjectIsOnlyRead() throws IOException {
        ByteArrayOutputStream legacy = new ByteArrayOutputStream();
        byte[] magic = Pickles.resource("legacy_embedding.pt");
        legacy.write(magic, 0, 15); // the magic-number pickle
        legacy.writeBytes(Pickles.protocol(2).op('M').le(1001, 2).stop().bytes());
        legacy.writeBytes(Pickles.protocol(2).op('}').stop().bytes());
        legacy.writeBytes(openForWriting());
        legacy.writeBytes(Pickles.protocol(2).op(']').stop().bytes());

        ModelHeader header = Files.read(dir, "legacy.pt", legacy.toByteArray());

        assertNothingRan(header);
        assertThat(header.metadata()).containsEntry("pickle.container", "legacy");
    }
}
