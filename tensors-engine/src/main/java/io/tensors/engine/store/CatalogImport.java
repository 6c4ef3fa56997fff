package io.tensors.engine.store;

import io.tensors.api.ErrorCode;
import io.tensors.api.ImportSummary;
import io.tensors.api.TensorsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * {@code tsr db import}: another catalog merged into this one in one transaction. The source is only read:
 * a consistent copy of it ({@code VACUUM INTO}) is brought to this tsr's schema first (the original tsr's
 * catalog by {@link OriginalCatalog}, an older tsr catalog by its migrations), then rows this catalog lacks are
 * added: files by path, models and versions by CivitAI id, Hugging Face models by repo, creators and tags by
 * name. A new row keeps its source id plus an offset (past this catalog's largest), so children follow their
 * parents without a lookup table.
 */
public final class CatalogImport {
    private CatalogImport() {}

    public static ImportSummary run(CatalogStore target, Path source) {
        Path from = source.toAbsolutePath().normalize();
        if (!Files.isRegularFile(from)) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "db import: no catalog at " + from + "; name a catalog file");
        }
        try {
            if (Files.isSameFile(from, target.file())) {
                throw new TensorsException(ErrorCode.BAD_INPUT, "db import: " + from + " is the current catalog; name another one");
            }
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.BAD_INPUT, "db import: cannot read " + from + ": " + e.getMessage());
        }
        String kind;
        try (Connection c = new SQLiteConfig().createConnection(CatalogFile.readOnlyUrl(from))) {
            OriginalCatalog.Era era = OriginalCatalog.recognise(c);
            kind = era == OriginalCatalog.Era.SCHEMA_SQL ? "original tsr (schema.sql era)"
                    : era == OriginalCatalog.Era.SQLMODEL ? "original tsr (SQLModel era)" : null;
        } catch (SQLException e) {
            throw CatalogErrors.translate(from, e);
        }
        if (kind == null) {
            int version = CatalogFile.check(from); // refuses what is not a tsr catalog
            kind = version == 0 ? "empty" : "tsr";
            if (version == 0) {
                return new ImportSummary(from.toString(), kind, 0, 0, 0, 0, 0, 0);
            }
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tsr-import");
            Path copy = dir.resolve("source.db");
            try (Connection c = new SQLiteConfig().createConnection(CatalogFile.readOnlyUrl(from)); Statement s = c.createStatement()) {
                s.executeUpdate("VACUUM INTO '" + copy.toString().replace("'", "''") + "'");
            }
            if (kind.startsWith("original")) {
                OriginalCatalog.migrateCopy(copy);
            } else {
                CatalogStore.open(copy, true).close();
            }
            String label = kind;
            return target.inTransactionWith(copy, c -> merge(c, from, label));
        } catch (IOException e) {
            throw new TensorsException(ErrorCode.FAILED, "db import: cannot make a temporary copy of " + from + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw CatalogErrors.translate(from, e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static ImportSummary merge(Connection c, Path from, String kind) throws SQLException {
        long filesBefore = count(c, "main.local_files");
        long srcFiles = count(c, "src.local_files");
        long modelsBefore = count(c, "main.models");
        long srcModels = count(c, "src.models");
        long versionsBefore = count(c, "main.model_versions");
        long hfBefore = count(c, "main.hf_models");
        Map<String, Long> off = new java.util.HashMap<>();
        for (String t : List.of("local_files", "models", "model_versions", "version_files", "version_images", "hf_models")) {
            off.put(t, max(c, "main." + t));
        }
        String newVersions = "(SELECT id FROM src.model_versions WHERE civitai_id NOT IN (SELECT civitai_id FROM main.model_versions))";
        String newImages = "(SELECT id FROM src.version_images WHERE version_id IN " + newVersions + ")";
        String newFiles = "(SELECT id FROM src.local_files WHERE file_path NOT IN (SELECT file_path FROM main.local_files))";
        String newHf = "(SELECT id FROM src.hf_models WHERE repo_id NOT IN (SELECT repo_id FROM main.hf_models))";
        // order matters: the "new" subqueries look at main before each insert; children are copied before
        // their parents would count as known, so each child table is decided by its parent's source rows
        List<String> sql = new ArrayList<>();
        sql.add(copy(c, "creators", Map.of("id", "NULL"), "username NOT IN (SELECT username FROM main.creators)"));
        sql.add(copy(c, "tags", Map.of("id", "NULL"), "name NOT IN (SELECT name FROM main.tags)"));
        // children of new versions and files first (the "new" sets are still computable from main)
        sql.add(copy(c, "trained_words", Map.of("id", "NULL", "version_id", "version_id + " + off.get("model_versions")),
                "version_id IN " + newVersions));
        sql.add(copy(c, "version_files", Map.of("id", "id + " + off.get("version_files"),
                "version_id", "version_id + " + off.get("model_versions")), "version_id IN " + newVersions));
        sql.add(copy(c, "file_hashes", Map.of("id", "NULL", "file_id", "file_id + " + off.get("version_files")),
                "file_id IN (SELECT id FROM src.version_files WHERE version_id IN " + newVersions + ")"));
        sql.add(copy(c, "image_generation_params", Map.of("id", "NULL", "image_id", "image_id + " + off.get("version_images")),
                "image_id IN " + newImages));
        sql.add(copy(c, "image_resources", Map.of("id", "NULL", "image_id", "image_id + " + off.get("version_images")),
                "image_id IN " + newImages));
        sql.add(copy(c, "image_video_metadata", Map.of("id", "NULL", "image_id", "image_id + " + off.get("version_images")),
                "image_id IN " + newImages));
        sql.add(copy(c, "version_images", Map.of("id", "id + " + off.get("version_images"),
                "version_id", "version_id + " + off.get("model_versions")), "version_id IN " + newVersions));
        sql.add(copy(c, "local_file_hashes", Map.of("local_file_id", "local_file_id + " + off.get("local_files")),
                "local_file_id IN " + newFiles));
        sql.add(copy(c, "safetensor_metadata", Map.of("id", "NULL", "local_file_id", "local_file_id + " + off.get("local_files")),
                "local_file_id IN " + newFiles));
        sql.add(copy(c, "local_files", Map.of("id", "id + " + off.get("local_files")),
                "file_path NOT IN (SELECT file_path FROM main.local_files)"));
        sql.add(copy(c, "hf_model_tags", Map.of("hf_model_id", "hf_model_id + " + off.get("hf_models")), "hf_model_id IN " + newHf));
        sql.add(copy(c, "hf_safetensor_files", Map.of("id", "NULL", "hf_model_id", "hf_model_id + " + off.get("hf_models")),
                "hf_model_id IN " + newHf));
        sql.add(copy(c, "hf_models", Map.of("id", "id + " + off.get("hf_models")), "id IN " + newHf));
        // models: new ones keep src id + offset, creators by name
        String creator = "(SELECT mc.id FROM main.creators mc JOIN src.creators sc ON sc.username = mc.username WHERE sc.id = s.creator_id)";
        sql.add("CREATE TEMP TABLE import_new_models AS SELECT id, civitai_id FROM src.models"
                + " WHERE civitai_id NOT IN (SELECT civitai_id FROM main.models)");
        sql.add(copy(c, "models", Map.of("id", "id + " + off.get("models"), "creator_id", creator, "search_rowid", "NULL"),
                "id IN (SELECT id FROM temp.import_new_models)"));
        sql.add("INSERT INTO main.model_tags (model_id, tag_id) SELECT s.model_id + " + off.get("models") + ", mt.id"
                + " FROM src.model_tags s JOIN src.tags st ON st.id = s.tag_id JOIN main.tags mt ON mt.name = st.name"
                + " WHERE s.model_id IN (SELECT id FROM temp.import_new_models)");
        // versions: of new models, and new versions of models this catalog had
        sql.add(copy(c, "model_versions", Map.of("id", "id + " + off.get("model_versions"),
                "model_id", "(SELECT mm.id FROM main.models mm JOIN src.models sm ON sm.civitai_id = mm.civitai_id WHERE sm.id = s.model_id)"),
                "civitai_id NOT IN (SELECT civitai_id FROM main.model_versions)"));
        sql.add("DROP TABLE temp.import_new_models");
        sql.add("INSERT OR IGNORE INTO main.source_responses (source, resource, status, body, fetched_at)"
                + " SELECT source, resource, status, body, fetched_at FROM src.source_responses");
        sql.add("INSERT OR IGNORE INTO main.hash_lookup_misses SELECT * FROM src.hash_lookup_misses");
        try (Statement s = c.createStatement()) {
            for (String q : sql) {
                s.executeUpdate(q);
            }
        }
        SearchIndex.rebuild(c);
        long files = count(c, "main.local_files") - filesBefore;
        long models = count(c, "main.models") - modelsBefore;
        return new ImportSummary(from.toString(), kind, files, srcFiles - files, models, srcModels - models,
                count(c, "main.model_versions") - versionsBefore, count(c, "main.hf_models") - hfBefore);
    }

    /** INSERT INTO main.T (every column) SELECT (each column, or its override) FROM src.T s WHERE where. */
    private static String copy(Connection c, String table, Map<String, String> overrides, String where) throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT name FROM pragma_table_info(?, 'main')")) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String value = overrides.getOrDefault(name, "s.\"" + name + "\"");
                    if (!value.equals("NULL")) {
                        names.add("\"" + name + "\"");
                        values.add(value.startsWith("(") || value.startsWith("s.") ? value : "s." + value);
                    }
                }
            }
        }
        return "INSERT INTO main." + table + " (" + String.join(", ", names) + ") SELECT " + String.join(", ", values)
                + " FROM src." + table + " s WHERE " + where;
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static long max(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM " + table)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
