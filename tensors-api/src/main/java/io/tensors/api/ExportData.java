package io.tensors.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link Exporter} writes: a titled table. Every row has the {@link #columns()} as keys, in
 * that order (snake_case names). A value is null, a {@link String}, a {@link Number}, a
 * {@link Boolean}, or a {@link List} / {@link Map} of those (nested values: JSON formats write them
 * as JSON; the built-in text formats write a list of strings one item per line, such as trigger
 * words, which may hold commas, and other nested values as compact JSON text).
 *
 * @param title what the rows are ("local files", "duplicates"...), never null
 * @param columns the column names in order, never null
 * @param rows the rows, each an ordered map from column name to value, never null
 */
public record ExportData(String title, List<String> columns, List<Map<String, Object>> rows) {
    /**
     * Copies the rows into ordered maps holding exactly the columns, in column order (a key missing
     * from a row becomes null).
     *
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when a row has a key that is not a column
     */
    public ExportData {
        Objects.requireNonNull(title, "title");
        columns = List.copyOf(columns);
        List<Map<String, Object>> copy = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            for (String key : row.keySet()) {
                if (!columns.contains(key)) {
                    throw new IllegalArgumentException("row key '" + key + "' is not a column of " + columns);
                }
            }
            Map<String, Object> ordered = new LinkedHashMap<>();
            for (String column : columns) {
                ordered.put(column, row.get(column));
            }
            copy.add(Collections.unmodifiableMap(ordered));
        }
        rows = Collections.unmodifiableList(copy);
    }
}
