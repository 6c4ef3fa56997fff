package io.tensors.shell;

import io.tensors.api.TerminalText;
import io.tensors.shell.render.Table;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Prints a shell snippet's value: arrays of objects as a table, other values as JSON or text, all
 * made safe for the terminal. One per context, made with it.
 */
final class ResultPrinter {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    /**
     * Turns a result into "J" + JSON or "T" + text inside the context, before the context can go away. Made when the
     * context is, from the intrinsics as they were then, so no snippet's redefinitions change how results print. It
     * also gives BigInt a toJSON, so a script's JSON.stringify writes one as a string of its digits (exact in any JSON
     * reader) instead of throwing; here a BigInt becomes "\0n" + digits (and a string starting with \0 gets "\0s"),
     * which {@link #unmark} turns back into an exact number.
     */
    private static final String RENDER = """
            (() => {
              'use strict';
              const stringify = JSON.stringify, toText = String;
              let rendering = false;
              Object.defineProperty(BigInt.prototype, 'toJSON', {
                value: function toJSON() { return rendering ? this : toText(this); }, writable: true, configurable: true });
              const mark = (k, x) => typeof x === 'bigint' ? '\\u0000n' + x
                  : typeof x === 'string' && x.length > 0 && x[0] === '\\u0000' ? '\\u0000s' + x : x;
              return (v) => {
                if (v === undefined) return null;
                if (typeof v === 'string') return 'T' + v;
                if (typeof v === 'function' || typeof v === 'symbol') return 'T' + toText(v);
                rendering = true;
                try {
                  const j = stringify(v, mark);
                  if (j !== undefined) return 'J' + j;
                } catch (e) {
                  // a cycle, or a toJSON that throws: print it as text
                } finally {
                  rendering = false;
                }
                return 'T' + toText(v);
              };
            })()
            """;

    private final PrintWriter out;
    private final Value render;

    /** Captures the context's intrinsics now, before any snippet runs in it. */
    ResultPrinter(Context context, PrintWriter out) {
        this.out = out;
        this.render = context.eval("js", RENDER);
    }

    /** Prints the value (nothing for undefined); a script error while rendering it is thrown as it comes. */
    void print(Value value) {
        String rendered = render.execute(value).asString();
        if (rendered != null) {
            print(rendered);
        }
    }

    private void print(String rendered) {
        if (rendered.startsWith("T")) {
            out.println(TerminalText.sanitizeLines(rendered.substring(1)));
            return;
        }
        JsonNode node = unmark(JSON.readTree(rendered.substring(1)));
        if (isTable(node)) {
            List<String> headers = new ArrayList<>();
            for (JsonNode row : node) {
                for (String key : row.propertyNames()) {
                    if (!headers.contains(key)) {
                        headers.add(key);
                    }
                }
            }
            List<List<String>> cells = new ArrayList<>();
            for (JsonNode row : node) {
                List<String> line = new ArrayList<>();
                for (String h : headers) {
                    JsonNode cell = row.get(h);
                    line.add(cell == null || cell.isNull() ? "" : cell.isValueNode() ? cell.asString() : cell.toString());
                }
                cells.add(line);
            }
            Table.print(out, headers, cells);
            out.println(node.size() + (node.size() == 1 ? " row" : " rows"));
        } else {
            out.println(TerminalText.sanitizeLines(JSON.writeValueAsString(node)));
        }
    }

    /** Undoes RENDER's marks: "\0n" + digits was a BigInt, "\0s" + text a string that began with \0. */
    private static JsonNode unmark(JsonNode node) {
        if (node.isString() && node.asString().startsWith("\0n")) {
            return JSON.getNodeFactory().numberNode(new BigInteger(node.asString().substring(2)));
        }
        if (node.isString() && node.asString().startsWith("\0s")) {
            return JSON.getNodeFactory().stringNode(node.asString().substring(2));
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, unmark(array.get(i)));
            }
        } else if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                object.set(name, unmark(object.get(name)));
            }
        }
        return node;
    }

    private static boolean isTable(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            return false;
        }
        for (JsonNode row : node) {
            if (!row.isObject() || row.isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
