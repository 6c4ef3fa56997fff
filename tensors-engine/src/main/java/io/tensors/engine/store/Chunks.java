package io.tensors.engine.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Splits long lists into pieces of a bounded size: ids for one IN list, files for one request, models for one transaction. */
public final class Chunks {
    /** Ids per IN list, well under SQLite's bound-variable limit. */
    public static final int IDS_PER_STATEMENT = 500;

    private Chunks() {}

    /** @return {@code items} in pieces of {@value #IDS_PER_STATEMENT}, in order; each piece a copy */
    public static <T> List<List<T>> ofIds(List<T> items) {
        return of(items, IDS_PER_STATEMENT);
    }

    /** @return {@code items} in pieces of at most {@code size}, in order; each piece an unmodifiable copy */
    public static <T> List<List<T>> of(List<T> items, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1");
        }
        List<List<T>> chunks = new ArrayList<>((items.size() + size - 1) / size);
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(Collections.unmodifiableList(new ArrayList<>(items.subList(from, Math.min(items.size(), from + size)))));
        }
        return chunks;
    }
}
