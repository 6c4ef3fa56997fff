package io.tensors.shell;

import io.tensors.api.ExportData;
import io.tensors.api.TensorsException;
import io.tensors.engine.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CivitAI's web addresses of a model, a version and its download, built from TSR_CIVITAI_URL (the
 * site the catalog's data came from), for tables (the name links to the page) and the output for
 * programs ({@code model_url}, {@code version_url}, {@code download_url}).
 *
 * @param site the base URL without a trailing slash, or null when TSR_CIVITAI_URL is not a URL (no links then)
 */
record Links(String site) {
    static Links of(Environment env) {
        try {
            return new Links(Settings.fromEnvironment(env.env(), null).civitaiUrl().toString());
        } catch (TensorsException e) {
            return new Links(null);
        }
    }

    /** @return the model's page, or null when it is not known */
    String model(Long modelId) {
        return site == null || modelId == null ? null : site + "/models/" + modelId;
    }

    /** @return the version's page (the model's page opened on it), or null */
    String version(Long modelId, Long versionId) {
        String model = model(modelId);
        return model == null || versionId == null ? model : model + "?modelVersionId=" + versionId;
    }

    /** @return the version's download (its primary file), or null */
    String download(Long versionId) {
        return site == null || versionId == null ? null : site + "/api/download/models/" + versionId;
    }

    /**
     * @return the rows with {@code model_url}, {@code version_url} and {@code download_url} after the
     *     ids they are built from ({@code modelKey}, {@code versionKey}); null where a row has no id
     */
    ExportData withUrls(ExportData data, String modelKey, String versionKey) {
        if (!data.columns().contains(modelKey)) {
            return data;
        }
        List<String> columns = new ArrayList<>(data.columns());
        columns.addAll(List.of("model_url", "version_url", "download_url"));
        List<Map<String, Object>> rows = new ArrayList<>(data.rows().size());
        for (Map<String, Object> row : data.rows()) {
            Map<String, Object> with = new LinkedHashMap<>(row);
            Long model = id(row.get(modelKey));
            Long version = versionKey == null ? null : id(row.get(versionKey));
            with.put("model_url", model(model));
            with.put("version_url", version == null ? null : version(model, version));
            with.put("download_url", download(version));
            rows.add(with);
        }
        return new ExportData(data.title(), columns, rows);
    }

    private static Long id(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }
}
