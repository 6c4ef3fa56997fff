package io.tensors.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tensors.api.ErrorCode;
import io.tensors.api.ImportSummary;
import io.tensors.api.TensorsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code tsr db import}: either era of the original, or another tsr catalog, merged without duplicates. */
class CatalogImportTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(OriginalCatalogs.Era.class)
    void importsEveryRowOfTheOriginalsCatalogIntoAnEmptyOneAndNothingTwice(OriginalCatalogs.Era era) throws Exception {
        Path original = dir.resolve("original.db");
        OriginalCatalogs.write(original, era, dir.resolve("pixel.safetensors"), 2);
        byte[] bytes = Files.readAllBytes(original);
        Map<String, List<Map<String, Object>>> before = OriginalCatalogs.rows(original, OriginalCatalog.TABLES);
        Path db = dir.resolve("models.db");
        try (CatalogStore store = CatalogStore.open(db)) {
            ImportSummary first = CatalogImport.run(store, original);
            assertThat(first.kind()).startsWith("original tsr");
            assertThat(List.of(first.files(), first.filesKnown(), first.models(), first.modelsKnown(), first.versions(), first.hfModels()))
                    .containsExactly(2L, 0L, 4L, 0L, 5L, 2L);
            ImportSummary again = CatalogImport.run(store, original);
            assertThat(List.of(again.files(), again.filesKnown(), again.models(), again.modelsKnown(), again.versions(), again.hfModels()))
                    .containsExactly(0L, 2L, 0L, 4L, 0L, 0L);
        }
        assertThat(Files.readAllBytes(original)).as("the source is only read").isEqualTo(bytes);
        Map<String, List<Map<String, Object>>> after = OriginalCatalogs.rows(db, OriginalCatalog.TABLES);
        for (String table : OriginalCatalog.TABLES) {
            assertThat(after.get(table)).as(table).hasSameSizeAs(before.get(table));
        }
    }

    @Test
    void mergesIntoACatalogThatHasSomeOfTheSameFilesAndModels() throws Exception {
        Path original = dir.resolve("original.db");
        OriginalCatalogs.write(original, OriginalCatalogs.Era.SCHEMA_SQL, dir.resolve("pixel.safetensors"), 3);
        Path other = dir.resolve("other.db"); // a tsr catalog made from a smaller original: 1 extra model fewer
        Path smaller = dir.resolve("smaller.db");
        OriginalCatalogs.write(smaller, OriginalCatalogs.Era.SQLMODEL, dir.resolve("pixel.safetensors"), 1);
        Files.copy(smaller, other);
        CatalogStore.open(other).close(); // migrated in place: now a tsr catalog
        Path db = dir.resolve("models.db");
        Files.copy(other, db);
        try (CatalogStore store = CatalogStore.open(db)) {
            ImportSummary summary = CatalogImport.run(store, original);
            assertThat(List.of(summary.files(), summary.filesKnown(), summary.models(), summary.modelsKnown(), summary.versions()))
                    .containsExactly(0L, 2L, 2L, 3L, 2L);
            ImportSummary tsr = CatalogImport.run(store, other);
            assertThat(tsr.kind()).isEqualTo("tsr");
            assertThat(List.of(tsr.files(), tsr.models(), tsr.versions(), tsr.hfModels())).containsExactly(0L, 0L, 0L, 0L);
            assertThatThrownBy(() -> CatalogImport.run(store, db)).isInstanceOfSatisfying(TensorsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT));
            assertThatThrownBy(() -> CatalogImport.run(store, dir.resolve("nope.db"))).isInstanceOfSatisfying(TensorsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT));
        }
        Map<String, List<Map<String, Object>>> rows = OriginalCatalogs.rows(db, List.of("models", "model_versions", "trained_words"));
        assertThat(rows.get("models")).hasSize(5);
        assertThat(rows.get("model_versions")).hasSize(6);
        assertThat(rows.get("trained_words")).hasSize(7); // 4 of the two models + one per generated model
    }
}
