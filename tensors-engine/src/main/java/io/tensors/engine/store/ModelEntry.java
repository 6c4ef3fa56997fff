package io.tensors.engine.store;

import java.util.List;

/**
 * One model to cache, already normalized: what {@link ModelWriter} writes, whoever read it.
 *
 * @param creator null when the model names none
 * @param versions null when the source did not list them (no evidence that any is gone)
 */
public record ModelEntry(SourceResponse response, ModelRow row, Creator creator, List<String> tags,
        List<VersionEntry> versions) {}
