package io.tensors.engine.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What kind of storage a file is read from, to pick how many files are read from it at once: reading
 * several at once from one spinning disk or a network share is slower than one after another, while
 * an SSD or NVMe drive keeps up with one reader per core.
 *
 * <p>Linux: a file's device number leads to {@code /sys/dev/block/MAJOR:MINOR} (a partition's
 * {@code queue/} is its disk's), whose {@code queue/rotational} tells a spinning disk; the file
 * system's type tells a network share. Anything else, or any doubt, counts as solid state.
 */
final class Storage {
    enum Kind {
        /** A spinning disk: one reader. */
        ROTATING(1),
        /** A network file system: a few readers. */
        NETWORK(4),
        /** SSD, NVMe, memory, or unknown: one reader per core. */
        SOLID(Integer.MAX_VALUE);

        /** How many files are read from one such device at once, at most. */
        final int readers;

        Kind(int readers) {
            this.readers = readers;
        }
    }

    /** A device the scan reads from: its number, and what kind it is. */
    record Device(long id, Kind kind) {}

    static final Set<String> NETWORK_TYPES = Set.of("nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "v9fs", "drvfs",
            "fuse.sshfs", "sshfs", "ceph", "fuse.ceph", "glusterfs", "fuse.glusterfs", "afs", "davfs", "fuse.davfs2",
            "fuse.rclone", "fuse.s3fs", "lustre", "beegfs", "gpfs", "ocfs2", "fuse.juicefs");

    private final Path sysDevBlock;
    /** Looked up by the workers at once. */
    private final Map<Long, Device> devices = new ConcurrentHashMap<>();

    /** @param sysDevBlock {@code /sys/dev/block}, or a stand-in in tests */
    Storage(Path sysDevBlock) {
        this.sysDevBlock = sysDevBlock;
    }

    Storage() {
        this(Path.of("/sys/dev/block"));
    }

    /** @return the device {@code file} is on; one lookup per device */
    Device of(Path file) {
        long id;
        try {
            id = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return new Device(-1, Kind.SOLID);
        }
        return devices.computeIfAbsent(id, k -> new Device(k, kind(k, fileSystemType(file))));
    }

    /** The kind of the device numbered {@code id} (Linux's encoding), holding a file system of {@code type}. */
    Kind kind(long id, String type) {
        if (type != null && NETWORK_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
            return Kind.NETWORK;
        }
        long major = ((id >>> 8) & 0xfff) | ((id >>> 32) & ~0xfffL);
        long minor = (id & 0xff) | ((id >>> 12) & ~0xffL);
        Path device = sysDevBlock.resolve(major + ":" + minor);
        if (virtual(device)) {
            return Kind.SOLID;
        }
        for (Path queue : new Path[] {device.resolve("queue"), device.resolve("../queue")}) {
            try {
                String rotational = Files.readString(queue.resolve("rotational")).trim();
                return rotational.equals("1") ? Kind.ROTATING : Kind.SOLID;
            } catch (IOException | RuntimeException e) {
                // not there (a partition, no such device): try the disk's, then give up
            }
        }
        return Kind.SOLID;
    }

    /**
     * A virtual machine's disk (virtio, Xen) reports rotational=1 whatever the medium behind it, and
     * measured on one it reads faster with a reader per core (409 against 243 MB/s cold): it is not
     * taken for a spinning disk.
     */
    private static boolean virtual(Path device) {
        try {
            String real = device.toRealPath().toString();
            return real.contains("/virtio") || real.contains("/xen") || real.contains("/vbd-");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String fileSystemType(Path file) {
        try {
            return Files.getFileStore(file).type();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
