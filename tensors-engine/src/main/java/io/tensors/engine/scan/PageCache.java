package io.tensors.engine.scan;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The kernel's page cache for the files a scan reads (Linux, through the FFM API): how much of a file
 * is already cached ({@code mincore}), read-ahead for a sequential read and dropping the pages behind
 * it ({@code posix_fadvise}), so scanning terabytes does not evict everything else. A download's
 * writes go to disk behind it the same way ({@code sync_file_range}), so the fsync before the rename
 * finds little left to write.
 *
 * <p>Page-cache advice is per file, not per descriptor: a descriptor of our own serves, and the
 * engine's channel stays as it is. Used only when the module has native access (as {@code tsr} and the
 * tests grant it; checked first, so the JDK prints no warning), on Linux, and unless
 * {@code -Dtensors.pagecache=false}; otherwise every call does nothing and files count as uncached.
 */
public final class PageCache {
    static final String ENABLE_PROPERTY = "tensors.pagecache";
    /** How far behind the read pages are dropped at a time. */
    private static final long DROP_STEP = 8L << 20;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int POSIX_FADV_SEQUENTIAL = 2;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final int PROT_READ = 1;
    private static final int MAP_SHARED = 1;
    private static final int SC_PAGESIZE = 30;
    private static final int SYNC_FILE_RANGE_WAIT_BEFORE = 1;
    private static final int SYNC_FILE_RANGE_WRITE = 2;
    private static final int SYNC_FILE_RANGE_WAIT_AFTER = 4;

    private static final boolean AVAILABLE = probe();

    private PageCache() {}

    static boolean available() {
        return AVAILABLE;
    }

    /**
     * @return the fraction of the file's pages in the page cache, 0 to 1; 0 when it cannot be told
     */
    static double cachedFraction(Path file, long size) {
        if (!AVAILABLE || size <= 0) {
            return 0;
        }
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) Lib.OPEN.invokeExact(arena.allocateFrom(file.toAbsolutePath().toString()), O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0) {
                return 0;
            }
            try {
                MemorySegment map = (MemorySegment) Lib.MMAP.invokeExact(MemorySegment.NULL, size, PROT_READ, MAP_SHARED, fd, 0L);
                if (map.address() == -1L) {
                    return 0;
                }
                try {
                    long pages = (size + Lib.PAGE - 1) / Lib.PAGE;
                    MemorySegment vector = arena.allocate(pages);
                    if ((int) Lib.MINCORE.invokeExact(map, size, vector) != 0) {
                        return 0;
                    }
                    long resident = 0;
                    for (long i = 0; i < pages; i++) {
                        resident += vector.get(ValueLayout.JAVA_BYTE, i) & 1;
                    }
                    return (double) resident / pages;
                } finally {
                    int ignored = (int) Lib.MUNMAP.invokeExact(map, size);
                }
            } finally {
                int ignored = (int) Lib.CLOSE.invokeExact(fd);
            }
        } catch (Throwable t) {
            return 0; // advice only: never fail a read over it
        }
    }

    /**
     * Advises a sequential read of the file and drops its pages behind the read; {@link #NONE} when
     * that is not available or the file cannot be opened.
     */
    static Dropper dropBehind(Path file) {
        if (!AVAILABLE) {
            return NONE;
        }
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) Lib.OPEN.invokeExact(arena.allocateFrom(file.toAbsolutePath().toString()), O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0) {
                return NONE;
            }
            int ignored = (int) Lib.FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_SEQUENTIAL);
            return new Dropper(fd);
        } catch (Throwable t) {
            return NONE;
        }
    }

    /** Drops pages behind a sequential read from offset 0; told each chunk's length as it is read. */
    static class Dropper implements AutoCloseable {
        private final int fd;
        private long read;
        private long dropped;

        private Dropper(int fd) {
            this.fd = fd;
        }

        void advance(long bytes) {
            read += bytes;
            if (fd >= 0 && read - dropped >= DROP_STEP) {
                drop();
            }
        }

        private void drop() {
            try {
                int ignored = (int) Lib.FADVISE.invokeExact(fd, dropped, read - dropped, POSIX_FADV_DONTNEED);
            } catch (Throwable t) {
                // advice only
            }
            dropped = read;
        }

        @Override
        public void close() {
            if (fd < 0) {
                return;
            }
            drop();
            try {
                int ignored = (int) Lib.CLOSE.invokeExact(fd);
            } catch (Throwable t) {
                // nothing to do: the descriptor was only ever read
            }
        }
    }

    /** Does nothing. */
    static final Dropper NONE = new Dropper(-1);

    /**
     * Writes a file being written sequentially to disk behind the writer and drops the written pages;
     * {@link WriteBehind#NONE}'s calls do nothing when that is not available.
     */
    public static WriteBehind writeBehind(Path file) {
        if (!AVAILABLE) {
            return WriteBehind.NONE;
        }
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) Lib.OPEN.invokeExact(arena.allocateFrom(file.toAbsolutePath().toString()), O_RDONLY | O_CLOEXEC, 0);
            return fd < 0 ? WriteBehind.NONE : new WriteBehind(fd);
        } catch (Throwable t) {
            return WriteBehind.NONE;
        }
    }

    /**
     * Told how far a file was written from its start: each step is sent to disk at once, and the step
     * before it, written by then unless the disk is slower than the writer, is waited for and dropped
     * from the page cache (the pattern the kernel's developers give for streaming writes).
     */
    public static final class WriteBehind implements AutoCloseable {
        static final WriteBehind NONE = new WriteBehind(-1);
        private final int fd;
        /** Bytes handed to the disk so far, and bytes waited for and dropped. */
        private long started;
        private long dropped;

        private WriteBehind(int fd) {
            this.fd = fd;
        }

        public void written(long end) {
            if (fd < 0 || end - started < DROP_STEP) {
                return;
            }
            try {
                int ignored = (int) Lib.SYNC_FILE_RANGE.invokeExact(fd, started, end - started, SYNC_FILE_RANGE_WRITE);
                if (started > dropped) {
                    ignored = (int) Lib.SYNC_FILE_RANGE.invokeExact(fd, dropped, started - dropped,
                            SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
                    ignored = (int) Lib.FADVISE.invokeExact(fd, dropped, started - dropped, POSIX_FADV_DONTNEED);
                    dropped = started;
                }
            } catch (Throwable t) {
                // advice only: the fsync before the rename still writes everything
            }
            started = end;
        }

        /** The file was truncated to {@code size}: steps start again from there. */
        public void truncated(long size) {
            started = Math.min(started, size);
            dropped = Math.min(dropped, size);
        }

        @Override
        public void close() {
            if (fd >= 0) {
                try {
                    int ignored = (int) Lib.CLOSE.invokeExact(fd);
                } catch (Throwable t) {
                    // nothing to do: the descriptor was only used for advice
                }
            }
        }
    }

    private static boolean probe() {
        if ("false".equalsIgnoreCase(System.getProperty(ENABLE_PROPERTY))
                || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                || !PageCache.class.getModule().isNativeAccessEnabled()) {
            return false;
        }
        try {
            return Lib.PAGE > 0;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** libc's functions; initialized only once native access was found enabled. */
    private static final class Lib {
        static final MethodHandle OPEN;
        static final MethodHandle CLOSE;
        static final MethodHandle FADVISE;
        static final MethodHandle MMAP;
        static final MethodHandle MUNMAP;
        static final MethodHandle MINCORE;
        static final MethodHandle SYNC_FILE_RANGE;
        static final long PAGE;

        static {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            ValueLayout ptr = ValueLayout.ADDRESS;
            ValueLayout i32 = ValueLayout.JAVA_INT;
            ValueLayout i64 = ValueLayout.JAVA_LONG;
            // open is variadic: its mode is the first variadic argument
            OPEN = linker.downcallHandle(find(libc, "open"), FunctionDescriptor.of(i32, ptr, i32, i32),
                    Linker.Option.firstVariadicArg(2));
            CLOSE = linker.downcallHandle(find(libc, "close"), FunctionDescriptor.of(i32, i32));
            FADVISE = linker.downcallHandle(find(libc, "posix_fadvise"), FunctionDescriptor.of(i32, i32, i64, i64, i32));
            MMAP = linker.downcallHandle(find(libc, "mmap"), FunctionDescriptor.of(ptr, ptr, i64, i32, i32, i32, i64));
            MUNMAP = linker.downcallHandle(find(libc, "munmap"), FunctionDescriptor.of(i32, ptr, i64));
            MINCORE = linker.downcallHandle(find(libc, "mincore"), FunctionDescriptor.of(i32, ptr, i64, ptr));
            SYNC_FILE_RANGE = linker.downcallHandle(find(libc, "sync_file_range"), FunctionDescriptor.of(i32, i32, i64, i64, i32));
            MethodHandle sysconf = linker.downcallHandle(find(libc, "sysconf"), FunctionDescriptor.of(i64, i32));
            try {
                PAGE = (long) sysconf.invokeExact(SC_PAGESIZE);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        private Lib() {}

        private static MemorySegment find(SymbolLookup lookup, String name) {
            return lookup.find(name).orElseThrow(() -> new IllegalStateException("libc lacks " + name));
        }
    }
}
