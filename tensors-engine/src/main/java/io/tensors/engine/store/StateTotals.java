package io.tensors.engine.store;

/** Totals by state. */
public record StateTotals(long files, long bytes, long linked, long linkedBytes, long unlinked, long unlinkedBytes,
        long missing, long missingBytes) {}
