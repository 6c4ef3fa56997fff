package com.example.tensors.html;

import io.tensors.api.ExportData;
import io.tensors.api.Exporter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --format html}: one self-contained HTML page (inline CSS, no script, nothing fetched but
 * the preview images) with a card per model: name and version, type, base model, trigger words,
 * preview image URLs and the local paths of its files. Rows of one model (same model id, else same
 * name) share a card; an unlinked file gets a card of its own. Every text is escaped, and only
 * http(s) URLs become links or images.
 */
final class HtmlExporter implements Exporter {
    @Override
    public String id() {
        return "html";
    }

    @Override
    public String description() {
        return "one self-contained HTML page, a card per model";
    }

    @Override
    public void export(ExportData data, OutputStream out) throws IOException {
        Map<String, Card> cards = new LinkedHashMap<>();
        for (Map<String, Object> row : data.rows()) {
            cards.computeIfAbsent(cardKey(row), k -> new Card()).add(row);
        }
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.write("<meta name=\"referrer\" content=\"no-referrer\">\n");
        w.write("<title>" + escape(data.title()) + " - tsr</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n");
        w.write("<header><h1>" + escape(data.title()) + "</h1><p>" + cards.size() + " models, " + data.rows().size()
                + " files</p></header>\n<main>\n");
        for (Card card : cards.values()) {
            card.write(w);
        }
        w.write("</main>\n</body>\n</html>\n");
        w.flush();
    }

    private static String cardKey(Map<String, Object> row) {
        Object id = first(row, "civitai_model_id", "model_id");
        if (id != null) {
            return "id:" + id;
        }
        Object name = first(row, "model_name", "name");
        if (name != null) {
            return "name:" + name;
        }
        return "file:" + first(row, "file_path", "path", "sha256");
    }

    private static Object first(Map<String, Object> row, String... columns) {
        for (String column : columns) {
            Object value = row.get(column);
            if (value != null && !value.toString().isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** One model: the fields of its first row, the union of its versions, words, images and paths. */
    private static final class Card {
        String name;
        String type;
        String baseModel;
        final Set<String> versions = new LinkedHashSet<>();
        final Set<String> triggers = new LinkedHashSet<>();
        final Set<String> images = new LinkedHashSet<>();
        final Set<String> paths = new LinkedHashSet<>();

        void add(Map<String, Object> row) {
            if (name == null) {
                Object n = first(row, "model_name", "name");
                name = n == null ? null : n.toString();
                type = text(first(row, "model_type", "type"));
                baseModel = text(first(row, "base_model"));
            }
            String version = text(first(row, "version_name"));
            if (version != null) {
                versions.add(version);
            }
            Object words = first(row, "trigger_words", "trained_words");
            for (String word : strings(words)) {
                // a list holds whole words, commas included; only a joined string needs splitting
                for (String part : words instanceof Collection<?> ? new String[] {word} : word.split(",")) {
                    if (!part.isBlank()) {
                        triggers.add(part.strip());
                    }
                }
            }
            for (Map.Entry<String, Object> e : row.entrySet()) {
                String column = e.getKey().toLowerCase(Locale.ROOT);
                if (column.contains("image") || column.contains("preview")) {
                    images.addAll(strings(e.getValue()));
                }
            }
            String path = text(first(row, "file_path", "path"));
            if (path != null) {
                paths.add(path);
            }
        }

        void write(Writer w) throws IOException {
            String title = name != null ? name : paths.isEmpty() ? "(unknown)" : fileName(paths.iterator().next());
            w.write("<article class=\"card\">\n<h2>" + escape(title) + "</h2>\n");
            if (name == null) {
                w.write("<p class=\"unlinked\">not linked to CivitAI</p>\n");
            }
            w.write("<dl>\n");
            field(w, "Type", type);
            field(w, "Base model", baseModel);
            field(w, "Versions", versions.isEmpty() ? null : String.join(", ", versions));
            w.write("</dl>\n");
            if (!triggers.isEmpty()) {
                w.write("<ul class=\"triggers\" aria-label=\"trigger words\">");
                for (String t : triggers) {
                    w.write("<li>" + escape(t) + "</li>");
                }
                w.write("</ul>\n");
            }
            if (!images.isEmpty()) {
                w.write("<ul class=\"previews\" aria-label=\"preview images\">\n");
                for (String url : images) {
                    if (isWebUrl(url)) {
                        w.write("<li><a href=\"" + escape(url) + "\"><img src=\"" + escape(url)
                                + "\" alt=\"preview\" loading=\"lazy\"></a><span>" + escape(url) + "</span></li>\n");
                    } else {
                        w.write("<li><span>" + escape(url) + "</span></li>\n");
                    }
                }
                w.write("</ul>\n");
            }
            w.write("<ul class=\"paths\" aria-label=\"local files\">");
            for (String p : paths) {
                w.write("<li><code>" + escape(p) + "</code></li>");
            }
            w.write("</ul>\n</article>\n");
        }

        private static void field(Writer w, String label, String value) throws IOException {
            if (value != null) {
                w.write("<dt>" + label + "</dt><dd>" + escape(value) + "</dd>\n");
            }
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** A string, a list of strings, or a list of objects with a {@code url}, as strings. */
    private static List<String> strings(Object value) {
        List<String> result = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> map) {
                    Object url = map.get("url");
                    if (url != null) {
                        result.add(url.toString());
                    }
                } else if (item != null) {
                    result.add(item.toString());
                }
            }
        } else if (value instanceof Map<?, ?> map && map.get("url") != null) {
            result.add(map.get("url").toString());
        } else if (value != null && !value.toString().isBlank()) {
            result.add(value.toString());
        }
        return result;
    }

    private static boolean isWebUrl(String url) {
        String lower = url.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }

    /** Escapes text for an element or a double- or single-quoted attribute. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append("&#xFFFD;");
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            :root { color-scheme: light dark; --bg: #f6f7f9; --card: #fff; --fg: #1d2330; --muted: #5b6478; --accent: #3451b2; }
            @media (prefers-color-scheme: dark) { :root { --bg: #14161b; --card: #1e2129; --fg: #e6e8ee; --muted: #9aa3b5; --accent: #8fa8ff; } }
            * { box-sizing: border-box; }
            body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--fg); }
            header { padding: 20px 28px 4px; } header h1 { margin: 0; font-size: 24px; } header p { margin: 4px 0 0; color: var(--muted); }
            main { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); align-items: start; gap: 16px; padding: 16px 28px 28px; }
            .card { background: var(--card); border-radius: 10px; padding: 14px 16px; box-shadow: 0 1px 3px rgba(0,0,0,.12); overflow-wrap: anywhere; }
            .card h2 { margin: 0 0 8px; font-size: 18px; }
            .unlinked { margin: -4px 0 8px; color: var(--muted); font-style: italic; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 8px; }
            dt { color: var(--muted); } dd { margin: 0; }
            ul { list-style: none; margin: 8px 0 0; padding: 0; }
            .triggers li { display: inline-block; margin: 0 6px 6px 0; padding: 1px 8px; border-radius: 999px; background: color-mix(in srgb, var(--accent) 15%, transparent); color: var(--accent); }
            .previews { display: flex; flex-wrap: wrap; gap: 8px; }
            .previews li { width: 96px; font-size: 11px; color: var(--muted); }
            .previews img { display: block; width: 96px; height: 128px; object-fit: cover; border-radius: 6px; background: color-mix(in srgb, var(--muted) 20%, transparent); }
            .previews span { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
            .paths code { font-size: 12px; color: var(--muted); }
            """;
}
