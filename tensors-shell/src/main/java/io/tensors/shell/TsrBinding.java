package io.tensors.shell;

import static java.util.Map.entry;

import io.tensors.api.Catalog;
import io.tensors.api.ListFilter;
import io.tensors.api.SearchQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The global {@code tsr} of a script: an explicit allow-list of read-only calls on the catalog
 * facade. Results cross into JavaScript as JSON parsed by the context's {@code JSON.parse} (taken
 * before any script ran), so a script gets plain arrays and objects (map, filter, JSON.stringify all
 * work) and never a Java object. An integer beyond {@code Number.MAX_SAFE_INTEGER} (an mtime in
 * nanoseconds, a seed) arrives as a BigInt, exact. Nothing here writes, reaches the network or reads
 * a file other than the catalog.
 */
final class TsrBinding implements ProxyObject {
    /** One method a script may call. */
    @FunctionalInterface
    interface Method {
        Object call(Catalog catalog, Args args);
    }

    /** The allow-list: adding a facade method for scripts is one line here. */
    static final Map<String, Method> METHODS = Map.ofEntries(
            entry("location", (catalog, a) -> catalog.location().toString()),
            entry("files", (catalog, a) -> catalog.listFiles(a.listFilter(0))),
            entry("search", (catalog, a) -> catalog.search(a.searchQuery(0))),
            entry("searchFiles", (catalog, a) -> catalog.searchFiles(a.searchQuery(0))),
            entry("triggers", (catalog, a) -> catalog.triggerWords(a.string(0, "file or hash"))),
            entry("prompts", (catalog, a) -> catalog.prompts(a.number(0, "model id"), a.optionalNumber(1), (int) a.optionalNumber(2, 0))),
            entry("duplicates", (catalog, a) -> catalog.duplicates()),
            entry("outdated", (catalog, a) -> catalog.outdated()),
            entry("stats", (catalog, a) -> catalog.stats()),
            entry("sql", (catalog, a) -> catalog.sql(a.string(0, "query"), a.params(1))));

    /** What each method takes, as the shell's completion shows it after {@code tsr.}. */
    static final Map<String, String> SIGNATURES = Map.ofEntries(
            entry("location", "()  the catalog's file"),
            entry("files", "({type, baseModel, linked, missing, unsafe, unidentified, sort: 'name'|'size'|'path'})  local files"),
            entry("search", "(text, {type, baseModel, tag, creator, nsfw, limit})  cached models"),
            entry("searchFiles", "(text, {type, baseModel, tag, creator, nsfw, limit})  local files"),
            entry("triggers", "(fileOrHash)  a file's trigger words"),
            entry("prompts", "(modelId, versionId?, limit?)  example image prompts"),
            entry("duplicates", "()  files with the same SHA256"),
            entry("outdated", "()  files with a newer version"),
            entry("stats", "()  counts by state, type, base model"),
            entry("sql", "(query, params?)  read-only SQL"));

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Larger integers lose digits as a JavaScript number. */
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    /**
     * {@code (json, places)} → the value, with the digit strings at {@code places} turned into BigInt. {@code places} is
     * null for none, else a flat list: for each, its depth, then the keys and indexes down to it. Made when the context
     * is, so a script redefining JSON or BigInt changes nothing here.
     */
    private static final String FROM_JSON = """
            (() => {
              'use strict';
              const parse = JSON.parse, bigInt = BigInt;
              return (json, places) => {
                const value = parse(json);
                if (places === null) return value;
                const list = parse(places);
                for (let i = 0; i < list.length;) {
                  const depth = list[i++];
                  if (depth === 0) return bigInt(value);
                  let holder = value;
                  for (let d = 1; d < depth; d++) holder = holder[list[i++]];
                  const key = list[i++];
                  holder[key] = bigInt(holder[key]);
                }
                return value;
              };
            })()
            """;

    private final Supplier<Catalog> catalog;
    private final Value fromJson;

    /** @param context the script's context, before any script ran in it */
    TsrBinding(Supplier<Catalog> catalog, Context context) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.fromJson = context.eval("js", FROM_JSON);
    }

    @Override
    public Object getMember(String key) {
        Method method = METHODS.get(key);
        if (method == null) {
            return null;
        }
        return (ProxyExecutable) arguments -> toScript(method.call(catalog.get(), new Args(key, arguments)));
    }

    /** A facade result as the script's own value: JSON, with the integers JSON.parse would round as BigInt. */
    private Value toScript(Object result) {
        JsonNode tree = JSON.valueToTree(result);
        ArrayNode places = JSON.createArrayNode();
        tree = digitsIfUnsafe(tree, JSON.createArrayNode(), places);
        return fromJson.execute(JSON.writeValueAsString(tree), places.isEmpty() ? null : JSON.writeValueAsString(places));
    }

    /** Replaces each integer beyond Number.MAX_SAFE_INTEGER by a string of its digits, listing where in places. */
    private static JsonNode digitsIfUnsafe(JsonNode node, ArrayNode path, ArrayNode places) {
        if (node.isIntegralNumber()) {
            if (node.canConvertToLong() && node.longValue() <= MAX_SAFE_INTEGER && node.longValue() >= -MAX_SAFE_INTEGER) {
                return node;
            }
            places.add(path.size()).addAll(path);
            return JSON.getNodeFactory().stringNode(node.bigIntegerValue().toString());
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                path.add(i);
                array.set(i, digitsIfUnsafe(array.get(i), path, places));
                path.remove(path.size() - 1);
            }
        } else if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                path.add(name);
                object.set(name, digitsIfUnsafe(object.get(name), path, places));
                path.remove(path.size() - 1);
            }
        }
        return node;
    }

    @Override
    public Object getMemberKeys() {
        return ProxyArray.fromList(new ArrayList<>(METHODS.keySet().stream().sorted().map(k -> (Object) k).toList()));
    }

    @Override
    public boolean hasMember(String key) {
        return METHODS.containsKey(key);
    }

    @Override
    public void putMember(String key, Value value) {
        throw new UnsupportedOperationException("tsr is read-only");
    }

    /** A call's arguments, checked and converted to Java values with messages a script author can act on. */
    record Args(String method, Value[] values) {
        String string(int index, String name) {
            if (index >= values.length || !values[index].isString()) {
                throw new IllegalArgumentException("tsr." + method + ": argument " + (index + 1) + " (" + name + ") must be a string");
            }
            return values[index].asString();
        }

        long number(int index, String name) {
            if (index >= values.length || !values[index].fitsInLong()) {
                throw new IllegalArgumentException("tsr." + method + ": argument " + (index + 1) + " (" + name + ") must be a whole number");
            }
            return values[index].asLong();
        }

        Long optionalNumber(int index) {
            return index >= values.length || values[index].isNull() ? null : number(index, "number");
        }

        long optionalNumber(int index, long otherwise) {
            Long n = optionalNumber(index);
            return n == null ? otherwise : n;
        }

        /** {@code {type, baseModel, linked, missing, unsafe, unidentified, sort: 'name'|'size'|'path'}}, every key optional */
        ListFilter listFilter(int index) {
            Value o = options(index);
            if (o == null) {
                return ListFilter.ALL;
            }
            String sort = text(o, "sort");
            try {
                return new ListFilter(text(o, "type"), text(o, "baseModel"), flag(o, "linked"), flag(o, "missing"),
                        sort == null ? ListFilter.Sort.NAME : ListFilter.Sort.valueOf(sort.toUpperCase(Locale.ROOT)),
                        Boolean.TRUE.equals(flag(o, "unsafe")), Boolean.TRUE.equals(flag(o, "unidentified")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tsr.files: sort must be 'name', 'size' or 'path'");
            }
        }

        /** text, then {@code {type, baseModel, tag, creator, nsfw, limit}}, every key optional */
        SearchQuery searchQuery(int index) {
            String text = string(index, "text");
            Value o = options(index + 1);
            if (o == null) {
                return SearchQuery.of(text);
            }
            Value limit = o.getMember("limit");
            return new SearchQuery(text, text(o, "type"), text(o, "baseModel"), text(o, "tag"), text(o, "creator"), flag(o, "nsfw"),
                    limit == null || limit.isNull() ? SearchQuery.DEFAULT_LIMIT : limit.fitsInInt() ? limit.asInt() : -1);
        }

        private Value options(int index) {
            if (index >= values.length || values[index].isNull()) {
                return null;
            }
            if (!values[index].hasMembers() || values[index].hasArrayElements()) {
                throw new IllegalArgumentException("tsr." + method + ": argument " + (index + 1) + " must be an object of options");
            }
            return values[index];
        }

        private String text(Value options, String key) {
            Value v = options.getMember(key);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isString()) {
                throw new IllegalArgumentException("tsr." + method + ": option " + key + " must be a string");
            }
            return v.asString();
        }

        private Boolean flag(Value options, String key) {
            Value v = options.getMember(key);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isBoolean()) {
                throw new IllegalArgumentException("tsr." + method + ": option " + key + " must be true or false");
            }
            return v.asBoolean();
        }

        /** @return the arguments from {@code from} on, as SQL parameters */
        List<Object> params(int from) {
            List<Object> out = new ArrayList<>();
            for (int i = from; i < values.length; i++) {
                Value v = values[i];
                if (v.isNull()) {
                    out.add(null);
                } else if (v.isBoolean()) {
                    out.add(v.asBoolean());
                } else if (v.fitsInLong()) {
                    out.add(v.asLong());
                } else if (v.isNumber() && v.fitsInDouble()) {
                    out.add(v.asDouble());
                } else if (v.isNumber()) {
                    throw new IllegalArgumentException("tsr." + method + ": parameter " + (i - from + 1)
                            + " does not fit in 64 bits, as SQLite's integers do");
                } else if (v.isString()) {
                    out.add(v.asString());
                } else {
                    throw new IllegalArgumentException("tsr." + method + ": parameter " + (i - from + 1)
                            + " must be a string, number, boolean or null");
                }
            }
            return out;
        }
    }
}
