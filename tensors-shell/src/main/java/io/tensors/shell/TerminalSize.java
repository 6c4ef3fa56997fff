package io.tensors.shell;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The width of the terminal a file descriptor writes to, asked of the kernel (ioctl TIOCGWINSZ
 * through the FFM API): a plain command must not pay for a JLine terminal to learn it. Linux only;
 * 0 wherever the answer is unknown.
 */
final class TerminalSize {
    /** Linux's request number for "get window size"; its struct starts with two unsigned shorts, rows then columns. */
    private static final long TIOCGWINSZ = 0x5413;
    private static volatile MethodHandle ioctl;

    private TerminalSize() {}

    /** @return the columns of the terminal {@code fd} writes to, or 0 when it is not a terminal or the kernel does not say */
    static int columns(int fd) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return 0;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(8);
            int result = (int) handle().invokeExact(fd, TIOCGWINSZ, size);
            return result == 0 ? Short.toUnsignedInt(size.get(ValueLayout.JAVA_SHORT, 2)) : 0;
        } catch (Throwable e) {
            return 0; // no native access granted, or no ioctl: the default width serves
        }
    }

    private static MethodHandle handle() {
        MethodHandle h = ioctl;
        if (h == null) {
            Linker linker = Linker.nativeLinker();
            h = linker.downcallHandle(linker.defaultLookup().find("ioctl").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
                    Linker.Option.firstVariadicArg(2));
            ioctl = h;
        }
        return h;
    }
}
