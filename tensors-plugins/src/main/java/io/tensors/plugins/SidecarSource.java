package io.tensors.plugins;

import io.tensors.api.FileQuery;
import io.tensors.api.LookupResult;
import io.tensors.api.ModelSource;
import io.tensors.api.VersionMatch;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Identifies a file {@code <dir>/<stem>.safetensors} from the metadata other tools leave next to it:
 * {@code <stem>.civitai.info} (Civitai Helper: a by-hash model-version response),
 * {@code <stem>.metadata.json} (ComfyUI LoRA Manager: the version under {@code civitai}) and
 * {@code <stem>.cm-info.json} (Stability Matrix ConnectedModelInfo, converted to CivitAI's shape).
 *
 * <p>Decisions:
 * <ul>
 *   <li>A sidecar whose SHA256 (in {@code files[].hashes}, {@code sha256} or {@code Hashes}) differs
 *       from the queried file's SHA256 describes another file (a copied or stale sidecar): it is
 *       ignored silently, so it can neither link the file wrongly nor block CivitAI. A sidecar
 *       without any SHA256 is trusted.</li>
 *   <li>An empty {@code .civitai.info} ({@code {}}), an empty or null {@code civitai} in a
 *       {@code .metadata.json}, and a {@code .cm-info.json} whose {@code Source} is not Civitai are
 *       the tools' own "not on CivitAI" markers, not damage: they say nothing.</li>
 *   <li>A malformed or unreadable sidecar fails the lookup only when no other sidecar of the file
 *       is valid; sidecars that name different versions give all of them (the engine reports the
 *       ambiguity).</li>
 * </ul>
 */
final class SidecarSource implements ModelSource {
    private static final String SAFETENSORS = ".safetensors";

    @Override
    public String id() {
        return "sidecar";
    }

    @Override
    public boolean remote() {
        return false;
    }

    @Override
    public List<LookupResult> lookup(List<FileQuery> files) {
        return files.stream().map(this::lookup).toList();
    }

    private LookupResult lookup(FileQuery file) {
        Path model;
        try {
            model = Path.of(file.path());
        } catch (InvalidPathException e) {
            return new LookupResult.Failed(file.path() + ": not a usable path to look for sidecar files next to");
        }
        if (model.getFileName() == null) {
            return new LookupResult.NotFound();
        }
        String stem = stem(model.getFileName().toString());
        String querySha256 = CivitaiJson.hashOf(file, "SHA256");
        Map<Long, VersionMatch> versions = new LinkedHashMap<>();
        String firstProblem = null;
        for (SidecarReader.Kind kind : SidecarReader.Kind.values()) {
            Path sidecar = model.resolveSibling(stem + kind.suffix);
            if (!Files.isRegularFile(sidecar)) {
                continue;
            }
            switch (SidecarReader.read(kind, sidecar, model)) {
                case SidecarReader.Reading.Version v when querySha256 != null && !v.sha256().isEmpty()
                        && !v.sha256().contains(querySha256) -> {
                    // describes another file: see the class comment
                }
                case SidecarReader.Reading.Version v -> versions.putIfAbsent(v.versionId(),
                        new VersionMatch(v.modelId(), v.versionId(), CivitaiJson.write(v.json()), "sidecar"));
                case SidecarReader.Reading.Silent silent -> {
                }
                case SidecarReader.Reading.Broken broken -> {
                    if (firstProblem == null) {
                        firstProblem = broken.reason();
                    }
                }
            }
        }
        if (!versions.isEmpty()) {
            return new LookupResult.Found(List.copyOf(versions.values()));
        }
        return firstProblem != null ? new LookupResult.Failed(firstProblem) : new LookupResult.NotFound();
    }

    /** @return the file name without {@code .safetensors} (any case), else without its last extension */
    static String stem(String fileName) {
        if (fileName.toLowerCase(Locale.ROOT).endsWith(SAFETENSORS) && fileName.length() > SAFETENSORS.length()) {
            return fileName.substring(0, fileName.length() - SAFETENSORS.length());
        }
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
