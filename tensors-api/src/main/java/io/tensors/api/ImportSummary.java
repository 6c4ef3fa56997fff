package io.tensors.api;

/**
 * What {@code tsr db import} brought from another catalog; what the current catalog already had (the same
 * file path, the same CivitAI model or version, the same Hugging Face repo) was kept and not duplicated.
 *
 * @param source the catalog imported from
 * @param kind what it was: {@code tsr}, or the original tsr's {@code schema.sql} or {@code SQLModel} era
 * @param files local files added
 * @param filesKnown local files skipped: their path was cataloged already
 * @param models CivitAI models added
 * @param modelsKnown CivitAI models skipped: cached already
 * @param versions model versions added (of new models, and new versions of known models)
 * @param hfModels Hugging Face models added
 */
public record ImportSummary(String source, String kind, long files, long filesKnown, long models, long modelsKnown,
        long versions, long hfModels) {}
