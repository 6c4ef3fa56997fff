package io.tensors.engine.plugin;

import io.tensors.api.DownloadReply;
import io.tensors.api.FetchResult;
import io.tensors.api.FileQuery;
import io.tensors.api.LookupResult;
import io.tensors.api.ModelSource;
import io.tensors.api.ModelSourceFactory;
import io.tensors.api.SourceContext;
import java.util.Collections;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A contributed model source as the engine uses it: every call runs through the plugin's
 * {@link PluginGuard}; when the plugin throws, the source answers "could not answer" (a
 * {@link LookupResult.Failed} naming the plugin and its jar) and the other sources go on.
 */
final class GuardedSourceFactory implements ModelSourceFactory {
    private final ModelSourceFactory delegate;
    private final PluginGuard guard;
    private final String id;
    private final boolean remote;
    private final int priority;

    GuardedSourceFactory(ModelSourceFactory delegate, PluginGuard guard) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.id = Objects.requireNonNull(guard.call("source id", delegate::id), "source id");
        this.remote = guard.call("source '" + id + "'", delegate::remote);
        this.priority = guard.call("source '" + id + "'", delegate::priority);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean remote() {
        return remote;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public ModelSource create(SourceContext context) {
        if (guard.disabled() != null) {
            return new Source(null, guard.disabled());
        }
        try {
            return new Source(Objects.requireNonNull(guard.call("source '" + id + "'", () -> delegate.create(context)),
                    "source"), null);
        } catch (RuntimeException e) {
            return new Source(null, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return id + " from " + guard.label();
    }

    private final class Source implements ModelSource {
        private final ModelSource inner;
        private volatile String broken;

        Source(ModelSource inner, String broken) {
            this.inner = inner;
            this.broken = broken;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean remote() {
            return remote;
        }

        @Override
        public List<LookupResult> lookup(List<FileQuery> files) {
            if (broken == null) {
                try {
                    List<LookupResult> results = guard.call("source '" + id + "' lookup", () -> inner.lookup(files));
                    if (results != null && results.size() == files.size()) {
                        return results;
                    }
                    broken = guard.fail("source '" + id + "' lookup", new IllegalStateException(
                            "answered " + (results == null ? "null" : results.size() + " results") + " for " + files.size() + " files"));
                } catch (RuntimeException e) {
                    broken = e.getMessage();
                }
            }
            return Collections.nCopies(files.size(), new LookupResult.Failed(broken));
        }

        @Override
        public FetchResult fetchModel(long modelId) {
            return fetch("fetch", () -> inner.fetchModel(modelId));
        }

        @Override
        public FetchResult fetchVersion(long versionId) {
            return fetch("fetch version", () -> inner.fetchVersion(versionId));
        }

        @Override
        public FetchResult searchModels(Map<String, List<String>> parameters) {
            return fetch("search", () -> inner.searchModels(parameters));
        }

        @Override
        public DownloadReply download(URI url, long from, String ifRange) {
            String call = "source '" + id + "' download";
            if (broken == null) {
                try {
                    DownloadReply reply = guard.call(call, () -> inner.download(url, from, ifRange));
                    if (reply != null) {
                        return reply;
                    }
                    broken = guard.fail(call, new IllegalStateException("answered null"));
                } catch (RuntimeException e) {
                    broken = e.getMessage();
                }
            }
            return new DownloadReply.Failed(broken);
        }

        private FetchResult fetch(String what, java.util.function.Supplier<FetchResult> work) {
            String call = "source '" + id + "' " + what;
            if (broken == null) {
                try {
                    FetchResult result = guard.call(call, work::get);
                    if (result != null) {
                        return result;
                    }
                    broken = guard.fail(call, new IllegalStateException("answered null"));
                } catch (RuntimeException e) {
                    broken = e.getMessage();
                }
            }
            return new FetchResult.Failed(broken);
        }
    }
}
