package io.tensors.engine.plugin;

import io.tensors.api.ErrorCode;
import io.tensors.api.ModelFormat;
import io.tensors.api.ModelHeader;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A contributed model format as the engine uses it: id, endings and probe length read once at load,
 * every probe and read run through the plugin's {@link PluginGuard}. A format that throws fails the
 * file it was reading (a {@link TensorsException} FAILED naming the plugin), is reported once and is
 * not asked again in this run; a file that breaks the format's rules (BAD_INPUT) and an
 * {@link IOException} pass through unchanged.
 */
final class GuardedModelFormat implements ModelFormat {
    /** The most first bytes a probe may ask for, as the SPI promises. */
    static final int MAX_PROBE_BYTES = 4096;

    private final ModelFormat delegate;
    private final PluginGuard guard;
    private final String id;
    private final Set<String> endings;
    private final int probeBytes;

    GuardedModelFormat(ModelFormat delegate, PluginGuard guard) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.id = Objects.requireNonNull(guard.call("format id", delegate::id), "format id").toLowerCase(Locale.ROOT);
        Set<String> offered = Objects.requireNonNull(guard.call("format '" + id + "' endings", delegate::endings), "format endings");
        this.endings = offered.stream().map(e -> e.toLowerCase(Locale.ROOT)).map(e -> e.startsWith(".") ? e : "." + e)
                .collect(Collectors.toUnmodifiableSet());
        if (endings.isEmpty()) {
            throw new IllegalArgumentException("format '" + id + "' claims no file-name ending");
        }
        int wanted = guard.call("format '" + id + "' probeBytes", delegate::probeBytes);
        this.probeBytes = Math.clamp(wanted, 1, MAX_PROBE_BYTES);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Set<String> endings() {
        return endings;
    }

    @Override
    public int probeBytes() {
        return probeBytes;
    }

    /** @throws TensorsException FAILED when the plugin throws (the file fails, the plugin is disabled) */
    @Override
    public boolean probe(ByteBuffer first) {
        if (guard.disabled() != null) {
            return false;
        }
        ByteBuffer view = first.asReadOnlyBuffer(); // the plugin can move neither the caller's position nor its bytes
        return guard.call("format '" + id + "' probe", () -> delegate.probe(view));
    }

    @Override
    public ModelHeader read(FileChannel channel, long size) throws IOException {
        if (guard.disabled() != null) {
            throw new TensorsException(ErrorCode.FAILED, guard.disabled());
        }
        Object result = guard.call("format '" + id + "' read", () -> {
            try {
                return Objects.requireNonNull(delegate.read(channel, size), "read returned no header");
            } catch (IOException e) {
                return e;
            } catch (TensorsException e) {
                if (e.code() == ErrorCode.BAD_INPUT) {
                    return e; // the file is at fault, not the plugin
                }
                throw e;
            }
        });
        switch (result) {
            case IOException e -> throw e;
            case TensorsException e -> throw e;
            case ModelHeader header -> {
                if (header.dataStart() < -1 || header.dataStart() > size) {
                    throw new TensorsException(ErrorCode.FAILED, guard.fail("format '" + id + "' read",
                            new IllegalStateException("it gave a data start of " + header.dataStart() + " for a file of " + size + " bytes")));
                }
                return header;
            }
            default -> throw new IllegalStateException("unexpected " + result);
        }
    }

    @Override
    public String toString() {
        return id + " from " + guard.label();
    }
}
