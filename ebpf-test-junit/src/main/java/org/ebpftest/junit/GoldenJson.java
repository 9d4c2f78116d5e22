package org.ebpftest.junit;

import java.util.List;
import java.util.Map;

/**
 * Writes a golden file's JSON: two-space indentation, keys in the order the model gives them, one
 * line per value so that a diff points at what changed. Small objects of plain values, such as
 * {@code {"hex": "01 00 00 00", "btf": "1"}}, and lists of numbers stay on one line. The model is
 * made of {@code Map<String, ?>} (in iteration order), {@code List<?>}, {@code String},
 * {@code Number} and {@code Boolean}; the output depends on nothing else.
 */
final class GoldenJson {
    /** Objects and number lists up to this width, indentation included, are written on one line. */
    private static final int INLINE_WIDTH = 100;

    private GoldenJson() {
    }

    /** The document, ending in a newline. */
    static String write(Object model) {
        StringBuilder out = new StringBuilder();
        value(out, model, 0);
        return out.append('\n').toString();
    }

    private static void value(StringBuilder out, Object v, int indent) {
        if (v instanceof Map<?, ?> map) {
            object(out, map, indent);
        } else if (v instanceof List<?> list) {
            array(out, list, indent);
        } else {
            scalar(out, v);
        }
    }

    private static void object(StringBuilder out, Map<?, ?> map, int indent) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        String inline = inline(map);
        if (inline != null && indent + inline.length() <= INLINE_WIDTH) {
            out.append(inline);
            return;
        }
        out.append("{\n");
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            pad(out, indent + 2);
            string(out, e.getKey().toString());
            out.append(": ");
            value(out, e.getValue(), indent + 2);
            out.append(++i < map.size() ? ",\n" : "\n");
        }
        pad(out, indent);
        out.append('}');
    }

    private static void array(StringBuilder out, List<?> list, int indent) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        if (list.stream().allMatch(e -> e instanceof Number)) {
            String inline = inline(list);
            if (indent + inline.length() <= INLINE_WIDTH) {
                out.append(inline);
                return;
            }
        }
        out.append("[\n");
        for (int i = 0; i < list.size(); i++) {
            pad(out, indent + 2);
            value(out, list.get(i), indent + 2);
            out.append(i + 1 < list.size() ? ",\n" : "\n");
        }
        pad(out, indent);
        out.append(']');
    }

    /** The one-line form of an object of plain values and number lists; null for any other object. */
    private static String inline(Map<?, ?> map) {
        StringBuilder out = new StringBuilder("{");
        String sep = "";
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> || v instanceof List<?> l && !l.stream().allMatch(x -> x instanceof Number)) {
                return null;
            }
            out.append(sep);
            string(out, e.getKey().toString());
            out.append(": ").append(v instanceof List<?> l ? inline(l) : scalarText(v));
            sep = ", ";
        }
        return out.append('}').toString();
    }

    private static String inline(List<?> numbers) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < numbers.size(); i++) {
            out.append(i > 0 ? ", " : "").append(numbers.get(i));
        }
        return out.append(']').toString();
    }

    private static void scalar(StringBuilder out, Object v) {
        out.append(scalarText(v));
    }

    private static String scalarText(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        StringBuilder out = new StringBuilder();
        string(out, v.toString());
        return out.toString();
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void pad(StringBuilder out, int n) {
        out.append(" ".repeat(n));
    }
}
