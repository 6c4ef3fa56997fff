package io.tensors.engine.plugin;

import io.tensors.api.FileHasher;
import io.tensors.api.FileLayout;
import io.tensors.api.HashAlgorithm;
import io.tensors.api.IdleCores;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A contributed hash algorithm as the engine uses it: id, type and requirements read once at load,
 * every call run through the plugin's {@link PluginGuard}. When the plugin throws, the failure is
 * reported once and the hash is left out (an empty result) instead of failing the scan.
 */
final class GuardedHashAlgorithm implements HashAlgorithm {
    private final HashAlgorithm delegate;
    private final PluginGuard guard;
    private final String id;
    private final String type;
    private final List<String> requires;

    GuardedHashAlgorithm(HashAlgorithm delegate, PluginGuard guard) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.id = Objects.requireNonNull(guard.call("hash id", delegate::id), "hash id");
        this.type = Objects.requireNonNull(guard.call("hash '" + id + "' type", delegate::type), "hash type");
        this.requires = List.copyOf(guard.call("hash '" + id + "' requires", delegate::requires));
    }

    HashAlgorithm delegate() {
        return delegate;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public List<String> requires() {
        return requires;
    }

    /** @return the plugin's answer; false when it throws or is disabled (the hash is left out, as when its hasher fails) */
    @Override
    public boolean appliesTo(String format) {
        if (guard.disabled() != null) {
            return false;
        }
        try {
            return guard.call("hash '" + id + "' appliesTo", () -> delegate.appliesTo(format));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public FileHasher newHasher(FileLayout layout) {
        return newHasher(layout, IdleCores.NONE);
    }

    @Override
    public FileHasher newHasher(FileLayout layout, IdleCores idle) {
        if (guard.disabled() != null) {
            return new Hasher(null);
        }
        try {
            return new Hasher(guard.call("hash '" + id + "'", () -> delegate.newHasher(layout, idle)));
        } catch (RuntimeException e) {
            return new Hasher(null);
        }
    }

    @Override
    public String toString() {
        return id + " from " + guard.label();
    }

    private final class Hasher implements FileHasher {
        private FileHasher inner;

        Hasher(FileHasher inner) {
            this.inner = inner;
        }

        @Override
        public void update(long offset, ByteBuffer chunk) {
            if (inner == null) {
                return;
            }
            try {
                guard.run("hash '" + id + "'", () -> inner.update(offset, chunk));
            } catch (RuntimeException e) {
                inner = null;
            }
        }

        @Override
        public Optional<String> finish(Map<String, String> required) {
            if (inner == null || guard.disabled() != null) {
                return Optional.empty();
            }
            try {
                Optional<String> value = guard.call("hash '" + id + "'", () -> inner.finish(required));
                return value == null ? Optional.empty() : value;
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
