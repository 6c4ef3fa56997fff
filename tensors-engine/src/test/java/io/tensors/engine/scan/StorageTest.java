package io.tensors.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage kind from a stand-in {@code /sys/dev/block} and the file system's type. */
class StorageTest {
    /** Linux's dev_t of MAJOR:MINOR, as {@code stat} gives it. */
    private static long dev(long major, long minor) {
        return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
    }

    private static void disk(Path sys, String device, String rotational) throws IOException {
        Path queue = Files.createDirectories(sys.resolve(device).resolve("queue"));
        Files.writeString(queue.resolve("rotational"), rotational + "\n");
    }

    @Test
    void aSpinningDiskAnSsdAndAPartitionOfASpinningDisk(@TempDir Path sys) throws IOException {
        disk(sys, "8:0", "1");
        disk(sys, "259:0", "0");
        // a partition has no queue of its own: its disk's is one level up
        Files.createDirectories(sys.resolve("8:0").resolve("sda1"));
        Files.createSymbolicLink(sys.resolve("8:1"), sys.resolve("8:0").resolve("sda1"));
        Storage storage = new Storage(sys);

        assertThat(storage.kind(dev(8, 0), "ext4")).isEqualTo(Storage.Kind.ROTATING);
        assertThat(storage.kind(dev(259, 0), "ext4")).isEqualTo(Storage.Kind.SOLID);
        assertThat(storage.kind(dev(8, 1), "xfs")).isEqualTo(Storage.Kind.ROTATING);
        assertThat(Storage.Kind.ROTATING.readers).isEqualTo(1);
    }

    @Test
    void aVirtualMachinesDiskIsNotTakenForASpinningOneThoughItSaysRotational(@TempDir Path sys) throws IOException {
        // /sys/dev/block/252:0 -> ../../devices/pci0000:00/.../virtio2/block/vda
        Path vda = Files.createDirectories(sys.resolve("devices/pci0000:00/0000:00:05.0/virtio2/block/vda/queue"));
        Files.writeString(vda.resolve("rotational"), "1\n");
        Files.createSymbolicLink(sys.resolve("252:0"), vda.getParent());
        assertThat(new Storage(sys).kind(dev(252, 0), "ext4")).isEqualTo(Storage.Kind.SOLID);
    }

    @Test
    void aNetworkShareByItsFileSystemAndUnknownDevicesAsSolidState(@TempDir Path sys) throws IOException {
        disk(sys, "8:0", "1");
        Storage storage = new Storage(sys);

        assertThat(storage.kind(dev(0, 52), "nfs4")).isEqualTo(Storage.Kind.NETWORK);
        assertThat(storage.kind(dev(0, 60), "cifs")).isEqualTo(Storage.Kind.NETWORK);
        assertThat(storage.kind(dev(0, 61), "9p")).isEqualTo(Storage.Kind.NETWORK); // WSL's Windows drives
        assertThat(storage.kind(dev(0, 30), "tmpfs")).isEqualTo(Storage.Kind.SOLID);
        assertThat(storage.kind(dev(300, 7), "ext4")).isEqualTo(Storage.Kind.SOLID); // no such device
        assertThat(Storage.Kind.NETWORK.readers).isGreaterThan(1).isLessThan(10);
    }

    @Test
    void aRealFileHasADevice(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a.safetensors"), "x");
        Storage.Device device = new Storage().of(file);
        assertThat(device.kind()).isNotNull();
        assertThat(new Storage().of(file).id()).isEqualTo(device.id());
    }
}
