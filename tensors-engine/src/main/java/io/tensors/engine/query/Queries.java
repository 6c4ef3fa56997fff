package io.tensors.engine.query;

import io.tensors.api.CatalogStats;
import io.tensors.api.DuplicateReport;
import io.tensors.api.ErrorCode;
import io.tensors.api.ImagePrompt;
import io.tensors.api.Identity;
import io.tensors.api.ImageResource;
import io.tensors.api.ListFilter;
import io.tensors.api.LocalFileRow;
import io.tensors.api.OutdatedFile;
import io.tensors.api.TensorsException;
import io.tensors.api.TriggerWords;
import io.tensors.engine.store.CachedVersion;
import io.tensors.engine.store.CatalogStore;
import io.tensors.engine.store.Chunks;
import io.tensors.engine.store.FileMatch;
import io.tensors.engine.store.ImageParam;
import io.tensors.engine.store.ListedFile;
import io.tensors.engine.store.ImageRes;
import io.tensors.engine.store.PromptImage;
import io.tensors.engine.store.SizeBucket;
import io.tensors.engine.store.StateTotals;
import io.tensors.engine.store.StoredWords;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** The catalog's read-only questions: answered from the database alone, never the network. */
public final class Queries {
    /** The shortest hash prefix accepted: shorter ones match too much to mean one file. */
    public static final int MIN_PREFIX = 8;
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");

    private final CatalogStore store;

    public Queries(CatalogStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    public List<LocalFileRow> listFiles(ListFilter f) {
        Objects.requireNonNull(f, "filter");
        return store.read(m -> m.queries().listFiles(blankToNull(f.type()), substring(f.baseModel()), f.linked(),
                f.missing(), f.sort().name(), f.unsafe(), f.unidentified())).stream().map(Queries::row).toList();
    }

    /** @return a LIKE pattern that finds {@code s} anywhere, case-insensitive (ASCII); null for blank */
    public static String substring(String s) {
        String t = blankToNull(s);
        return t == null ? null : "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** A listed row with its effective identity: CivitAI's values where linked, the file's own elsewhere. */
    public static LocalFileRow row(ListedFile f) {
        boolean civitaiWords = "civitai".equals(f.identityWordsSource());
        List<String> words = f.identityWords() == null ? List.of() : f.identityWords();
        Identity identity = new Identity(f.kind(), f.architecture(), f.displayName(), words,
                new Identity.Sources(Identity.Source.of(f.kindSource()), Identity.Source.of(f.architectureSource()),
                        Objects.requireNonNullElse(Identity.Source.of(f.displayNameSource()), Identity.Source.FILE_NAME),
                        words.isEmpty() ? null : civitaiWords ? Identity.Source.CIVITAI : Identity.Source.of(f.identityWordsSource())));
        return new LocalFileRow(f.id(), f.filePath(), f.sha256(), f.fileSize(), f.headerSize(), f.tensorCount(),
                f.missingSince(), f.civitaiModelId(), f.civitaiVersionId(), f.modelName(), f.modelType(), f.versionName(),
                f.baseModel(), f.creator(), f.triggerWords() == null ? List.of() : f.triggerWords(), f.format(), f.safety(),
                identity);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public List<String> triggerWords(String fileOrHash) {
        return triggers(fileOrHash).words();
    }

    /** The linked version's trained words, else the file's own (header trigger phrase, or guessed from its captions). */
    public TriggerWords triggers(String fileOrHash) {
        Objects.requireNonNull(fileOrHash, "fileOrHash");
        String arg = fileOrHash.strip();
        if (arg.isEmpty()) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "give a cataloged file's path or one of its hashes");
        }
        return store.read(m -> {
            var q = m.queries();
            List<FileMatch> matches = q.filesByPath(pathForms(arg));
            if (matches.isEmpty() && HEX.matcher(arg).matches()) {
                if (arg.length() < MIN_PREFIX) {
                    throw new TensorsException(ErrorCode.BAD_INPUT, "'" + arg + "' is not a cataloged file, and a hash prefix needs at least "
                            + MIN_PREFIX + " hex digits");
                }
                matches = q.filesByHashPrefix(arg.toUpperCase(Locale.ROOT));
            }
            if (matches.isEmpty()) {
                throw new TensorsException(ErrorCode.BAD_INPUT, "no cataloged file has the path or a hash '" + arg
                        + "': check it, or run 'tsr db scan DIR' first");
            }
            Set<Long> versions = new LinkedHashSet<>();
            for (FileMatch match : matches) {
                versions.add(match.civitaiVersionId());
            }
            if (versions.size() > 1) {
                Map<Long, String> candidates = new LinkedHashMap<>();
                for (FileMatch match : matches) {
                    candidates.merge(match.id(), match.filePath() + " (" + match.hashType() + " " + match.hashValue() + ")",
                            (a, b) -> a);
                }
                throw new TensorsException(ErrorCode.BAD_INPUT, "'" + arg + "' matches " + candidates.size()
                        + " files of different models: " + String.join(", ", candidates.values())
                        + "; give more of the hash or the path");
            }
            Long version = versions.iterator().next();
            if (version != null) {
                List<String> trained = q.trainedWords(version);
                if (!trained.isEmpty()) {
                    return new TriggerWords(trained, Identity.Source.CIVITAI);
                }
            }
            StoredWords own = q.identityWords(matches.getFirst().id());
            if (own != null && own.words() != null && !own.words().isEmpty()) {
                return new TriggerWords(own.words(), Identity.Source.of(own.source()));
            }
            if (version == null) {
                throw new TensorsException(ErrorCode.FAILED, matches.getFirst().filePath()
                        + " is not linked to a CivitAI version and its header names no trigger words: run 'tsr db link' first");
            }
            return new TriggerWords(List.of(), null);
        });
    }

    /** The argument as given, and as an absolute normalized path and a real path when it is one. */
    private static List<String> pathForms(String arg) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(arg);
        try {
            Path path = Path.of(arg);
            forms.add(path.toAbsolutePath().normalize().toString());
            if (Files.exists(path)) {
                forms.add(path.toRealPath().toString());
            }
        } catch (InvalidPathException | java.io.IOException | SecurityException e) {
            // not a path: only the literal form
        }
        return List.copyOf(forms);
    }

    public List<ImagePrompt> prompts(long modelId, Long versionId, int limit) {
        return store.read(m -> {
            var q = m.queries();
            Long model = q.cachedModel(modelId);
            if (model == null) {
                throw new TensorsException(ErrorCode.FAILED, "model " + modelId
                        + " is not in the cache: run 'tsr db cache " + modelId + "' first");
            }
            Long versionRow = null;
            if (versionId != null) {
                List<CachedVersion> versions = q.cachedVersions(model);
                for (CachedVersion v : versions) {
                    if (v.civitaiId() == versionId) {
                        versionRow = v.id();
                    }
                }
                if (versionRow == null) {
                    throw new TensorsException(ErrorCode.BAD_INPUT, "version " + versionId + " is not a cached version of model "
                            + modelId + "; its versions are " + String.join(", ",
                            versions.stream().map(v -> v.civitaiId() + " (" + v.name() + ")").toList()));
                }
            }
            List<PromptImage> images = q.promptImages(model, versionRow, limit);
            Map<Long, Map<String, String>> params = new HashMap<>();
            Map<Long, List<ImageResource>> resources = new HashMap<>();
            List<Long> ids = images.stream().map(PromptImage::id).toList();
            for (List<Long> chunk : Chunks.ofIds(ids)) {
                for (ImageParam p : q.imageParams(chunk)) {
                    params.computeIfAbsent(p.imageId(), k -> new HashMap<>()).put(p.key(), p.value());
                }
                for (ImageRes r : q.imageResources(chunk)) {
                    resources.computeIfAbsent(r.imageId(), k -> new ArrayList<>())
                            .add(new ImageResource(r.name(), r.type(), r.weight(), r.hash()));
                }
            }
            List<ImagePrompt> prompts = new ArrayList<>(images.size());
            for (PromptImage image : images) {
                Map<String, String> p = params.getOrDefault(image.id(), Map.of());
                String size = p.get("Size");
                if (size == null && image.width() != null && image.height() != null) {
                    size = image.width() + "x" + image.height();
                }
                prompts.add(new ImagePrompt(image.versionId(), image.versionName(), image.url(), p.get("prompt"),
                        p.get("negativePrompt"), p.get("sampler"), decimal(p.get("cfgScale")), whole(p.get("steps")),
                        whole(p.get("seed")), size, resources.getOrDefault(image.id(), List.of())));
            }
            return prompts;
        });
    }

    static Double decimal(String s) {
        if (s == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(s.strip());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Long whole(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            try {
                java.math.BigDecimal d = new java.math.BigDecimal(t);
                return d.stripTrailingZeros().scale() <= 0 ? d.longValueExact() : null;
            } catch (NumberFormatException | ArithmeticException e2) {
                return null;
            }
        }
    }

    public DuplicateReport duplicates() {
        return Duplicates.find(store.read(m -> m.queries().dupeCandidates()));
    }

    /** @param site the CivitAI base URL without a trailing slash: the newer versions' pages are built from it */
    public List<OutdatedFile> outdated(java.net.URI site) {
        return store.read(m -> m.queries().outdated(site.toString()));
    }

    public CatalogStats stats() {
        return store.read(m -> {
            var q = m.queries();
            StateTotals t = q.stateTotals();
            return new CatalogStats(new CatalogStats.Bucket("files on disk", t.files(), t.bytes()),
                    List.of(new CatalogStats.Bucket("linked", t.linked(), t.linkedBytes()),
                            new CatalogStats.Bucket("unlinked", t.unlinked(), t.unlinkedBytes()),
                            new CatalogStats.Bucket("missing", t.missing(), t.missingBytes())),
                    buckets(q.bytesByType()), buckets(q.bytesByBaseModel()), buckets(q.bytesByFormat()));
        });
    }

    private static List<CatalogStats.Bucket> buckets(List<SizeBucket> rows) {
        return rows.stream().map(b -> new CatalogStats.Bucket(b.name(), b.files(), b.bytes())).toList();
    }
}
