package io.tensors.shell;

import static java.util.Map.entry;

import io.tensors.api.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;
import tools.jackson.databind.json.JsonMapper;

/**
 * The global {@code tsr} of a script: an explicit allow-list of read-only calls on the catalog
 * facade. Results cross into JavaScript as JSON parsed by the script's own {@code JSON.parse}, so a
 * script gets plain arrays and objects (map, filter, JSON.stringify all work) and never a Java
 * object. Nothing here writes, reaches the network or reads a file other than the catalog.
 */
final class TsrBinding implements ProxyObject {
    /** One method a script may call. */
    @FunctionalInterface
    interface Method {
        Object call(Catalog catalog, ReadOnlySql sql, Args args);
    }

    /** The allow-list: adding a facade method for scripts is one line here. */
    static final Map<String, Method> METHODS = Map.ofEntries(
            entry("location", (catalog, sql, a) -> catalog.location().toString()),
            entry("files", (catalog, sql, a) -> catalog.listFiles()),
            entry("sql", (catalog, sql, a) -> sql.query(a.string(0, "query"), a.params(1))));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Supplier<Catalog> catalog;
    private final Supplier<ReadOnlySql> sql;
    private final Value jsonParse;

    /**
     * @param jsonParse the script context's {@code JSON.parse}
     */
    TsrBinding(Supplier<Catalog> catalog, Supplier<ReadOnlySql> sql, Value jsonParse) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.sql = Objects.requireNonNull(sql, "sql");
        this.jsonParse = Objects.requireNonNull(jsonParse, "jsonParse");
    }

    @Override
    public Object getMember(String key) {
        Method method = METHODS.get(key);
        if (method == null) {
            return null;
        }
        return (ProxyExecutable) arguments -> jsonParse.execute(JSON.writeValueAsString(
                method.call(catalog.get(), sql.get(), new Args(key, arguments))));
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
                } else if (v.isNumber()) {
                    out.add(v.asDouble());
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
