package io.tensors.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Queries the original tsr's users write against its catalog, run on the original (each era) and on the
 * same catalog migrated: the same rows, column by column (timestamps and the commercial-use list compared in
 * tsr's documented forms).
 */
class OriginalQueriesTest {
    static final List<String> QUERIES = List.of(
            "SELECT * FROM v_local_files_full ORDER BY file_path",
            "SELECT id, file_path, sha256 FROM local_files WHERE civitai_model_id IS NULL ORDER BY id",
            "SELECT file_path, model_name, version_name, base_model, creator, created_at, updated_at FROM v_local_files_full ORDER BY id",
            "SELECT * FROM v_models_with_latest ORDER BY download_count DESC",
            "SELECT name, type, tipped_amount_count, allow_commercial_use FROM models WHERE allow_commercial_use LIKE '%Image%'",
            "SELECT m.name, t.name AS tag FROM models m JOIN model_tags mt ON mt.model_id = m.id JOIN tags t ON t.id = mt.tag_id ORDER BY m.name, t.name",
            "SELECT mv.name, mv.supports_generation, mv.upload_type, mv.usage_control, mv.air FROM model_versions mv ORDER BY mv.civitai_id",
            "SELECT tw.id, tw.word, tw.position FROM trained_words tw JOIN model_versions mv ON tw.version_id = mv.id WHERE mv.civitai_id = 9801 ORDER BY tw.position, tw.id",
            "SELECT mv.civitai_id AS version_id, m.civitai_id AS model_id, m.name AS model_name FROM file_hashes fh"
                    + " JOIN version_files vf ON fh.file_id = vf.id JOIN model_versions mv ON vf.version_id = mv.id"
                    + " JOIN models m ON mv.model_id = m.id WHERE UPPER(fh.hash_value) = UPPER('b7a2a3a6e0')",
            "SELECT id, file_id, hash_type, hash_value FROM file_hashes ORDER BY id",
            "SELECT vi.url, vi.has_positive_prompt, vi.on_site, vi.minor, vi.poi, vi.availability, vi.remix_of_id FROM version_images vi ORDER BY vi.id",
            "SELECT p.id, p.key, p.value FROM image_generation_params p JOIN version_images vi ON vi.id = p.image_id WHERE vi.version_id = 1 ORDER BY p.id",
            "SELECT vi.url, ivm.duration, ivm.has_audio, ivm.size_bytes FROM image_video_metadata ivm JOIN version_images vi ON vi.id = ivm.image_id",
            "SELECT name, type, hash, weight FROM image_resources WHERE weight IS NOT NULL",
            "SELECT * FROM v_hf_models ORDER BY downloads DESC",
            "SELECT repo_id, is_gated, is_private, library_name FROM hf_models WHERE pipeline_tag = 'text-to-image' ORDER BY likes DESC",
            "SELECT hsf.filename, hsf.size_bytes FROM hf_safetensor_files hsf JOIN hf_models hm ON hsf.hf_model_id = hm.id"
                    + " WHERE hm.repo_id = 'stabilityai/stable-diffusion-xl-base-1.0' ORDER BY hsf.filename",
            "SELECT base_model, count(*) AS n FROM model_versions GROUP BY base_model ORDER BY base_model",
            "SELECT lf.file_path, sm.key, sm.value FROM safetensor_metadata sm JOIN local_files lf ON lf.id = sm.local_file_id ORDER BY sm.id",
            "SELECT name, size_kb, fp, is_primary, pickle_scan_result FROM version_files WHERE format = 'SafeTensor' ORDER BY size_kb DESC",
            "SELECT c.username, count(m.id) AS models FROM creators c LEFT JOIN models m ON m.creator_id = c.id GROUP BY c.username ORDER BY c.username",
            "SELECT 'local_files' AS t, count(*) AS n FROM local_files UNION ALL SELECT 'hf_models', count(*) FROM hf_models"
                    + " UNION ALL SELECT 'trained_words', count(*) FROM trained_words");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(OriginalCatalogs.Era.class)
    void typicalQueriesGiveTheSameAnswersAfterTheMigration(OriginalCatalogs.Era era) throws Exception {
        Path db = dir.resolve("models.db");
        OriginalCatalogs.write(db, era, dir.resolve("pixel.safetensors"), 0);
        Path views = dir.resolve("views.db"); // the SQLModel era has no views: its users' view queries are the early era's
        Files.copy(db, views);
        if (era == OriginalCatalogs.Era.SQLMODEL) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + views); Statement s = c.createStatement()) {
                for (String ddl : OriginalCatalogs.SCHEMA_SQL.split(";\\s*\\n")) {
                    if (ddl.strip().startsWith("CREATE VIEW")) {
                        s.executeUpdate(ddl);
                    }
                }
            }
        }
        List<List<Map<String, Object>>> before = run(views);
        CatalogStore.open(db, true).close();
        List<List<Map<String, Object>>> after = run(db);
        for (int i = 0; i < QUERIES.size(); i++) {
            List<Map<String, Object>> expected = before.get(i);
            assertThat(expected).as(QUERIES.get(i)).isNotEmpty();
            List<Map<String, Object>> actual = after.get(i);
            assertThat(actual).as(QUERIES.get(i)).hasSameSizeAs(expected);
            for (int r = 0; r < expected.size(); r++) {
                Map<String, Object> want = OriginalCatalogMigrationTest.project(expected.get(r), expected.get(r).keySet());
                assertThat(OriginalCatalogMigrationTest.project(actual.get(r), want.keySet())).as(QUERIES.get(i)).isEqualTo(want);
            }
        }
    }

    private static List<List<Map<String, Object>>> run(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            List<List<Map<String, Object>>> results = new java.util.ArrayList<>();
            for (String q : QUERIES) {
                results.add(OriginalCatalogs.query(s, q));
            }
            return results;
        }
    }
}
