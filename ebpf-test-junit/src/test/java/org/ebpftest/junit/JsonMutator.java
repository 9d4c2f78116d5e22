package org.ebpftest.junit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;

/**
 * Corrupts a valid JSON input the ways hand-edited and generated files go wrong. Structural
 * mutations work on the tree: a field dropped, duplicated or renamed, a value retyped, a number
 * made huge, negative or fractional, a string emptied or made long, a value swapped with another
 * node, a value buried under deep nesting. Byte-level mutations work on the text: truncation, bit
 * flips, bytes inserted, deleted or repeated. Each mutation is described for the failure report.
 */
final class JsonMutator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] NUMBERS = {"-1", "0", "1", "-2147483648", "2147483647", "4294967295", "4294967296", "-9223372036854775808",
        "9223372036854775807", "18446744073709551615", "18446744073709551616", "99999999999999999999999999999999", "1e300", "-1e300",
        "1.5", "-0.0", "1e-300", "255", "256", "65535", "65536"};
    private static final String[] STRINGS = {"", " ", "-1", "0x", "0xffffffffffffffffff", "zz", "AAAA", "====", "null", "r1", "r9", "xdp",
        "generic", "le", "\u0000", "\u00e9\u00e9", "../../etc/passwd", "a b c"};
    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "\\", "null", "-", "0", "e", "\u0000", "\uffff"};

    private JsonMutator() {
    }

    /** A mutated copy of a valid JSON text; its description is appended to {@code what}. */
    static String mutate(String json, Random random, StringBuilder what) {
        int count = 1 + random.nextInt(3);
        String text = json;
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                what.append("; ");
            }
            if (random.nextInt(4) == 0) {
                text = bytes(text, random, what);
            } else {
                try {
                    text = structure(text, random, what);
                } catch (RuntimeException e) {
                    // Jackson refuses to write a tree nested deeper than it would read; edit the text instead
                    what.append(" (too deep to write) then ");
                    text = bytes(text, random, what);
                }
            }
        }
        return text;
    }

    private static String structure(String json, Random random, StringBuilder what) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // an earlier byte-level mutation broke the text: keep mutating bytes
            return bytes(json, random, what);
        }
        List<Slot> slots = new ArrayList<>();
        collect(root, "$", slots);
        if (slots.isEmpty()) {
            return bytes(json, random, what);
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        JsonNode node = slot.get();
        switch (random.nextInt(9)) {
            case 0 -> {
                slot.remove();
                what.append("drop ").append(abbreviate(slot.path));
            }
            case 1 -> {
                if (slot.parent instanceof ArrayNode a) {
                    a.insert(slot.index, node.deepCopy());
                    what.append("duplicate ").append(abbreviate(slot.path));
                } else {
                    // an object cannot hold a key twice as a tree; write the duplicate into the text
                    String copy = "\"" + slot.key + "\": " + node + ", ";
                    String parentText = slot.parent.toString();
                    String duplicated = parentText.replaceFirst("^\\{", Matcher.quoteReplacement("{" + copy));
                    what.append("duplicate key ").append(abbreviate(slot.path));
                    return root.toString().replace(parentText, duplicated);
                }
            }
            case 2 -> {
                JsonNode other = retype(node, random);
                slot.set(other);
                what.append("retype ").append(abbreviate(slot.path)).append(" to ").append(abbreviate(other.toString()));
            }
            case 3 -> {
                String n = NUMBERS[random.nextInt(NUMBERS.length)];
                slot.set(NODES.numberNode(new BigDecimal(n)));
                what.append("set ").append(abbreviate(slot.path)).append(" to ").append(n);
            }
            case 4 -> {
                String s = random.nextInt(5) == 0 ? "A".repeat(1 << (10 + random.nextInt(8))) : STRINGS[random.nextInt(STRINGS.length)];
                slot.set(NODES.textNode(s));
                what.append("set ").append(abbreviate(slot.path)).append(" to \"").append(abbreviate(s)).append('"');
            }
            case 5 -> {
                Slot other = slots.get(random.nextInt(slots.size()));
                slot.set(other.get().deepCopy());
                what.append("copy ").append(abbreviate(other.path)).append(" over ").append(abbreviate(slot.path));
            }
            case 6 -> {
                int depth = random.nextBoolean() ? 1 + random.nextInt(50) : 900 + random.nextInt(2_000);
                what.append("nest ").append(abbreviate(slot.path)).append(' ').append(depth).append(" arrays deep");
                String marker = "\"__nest__\"";
                slot.set(NODES.textNode("__nest__"));
                return root.toString().replace(marker, "[".repeat(depth) + node + "]".repeat(depth));
            }
            case 7 -> {
                if (node instanceof ObjectNode o && o.size() > 0) {
                    String key = o.fieldNames().next();
                    JsonNode v = o.remove(key);
                    String renamed = random.nextBoolean() ? key.toUpperCase(Locale.ROOT) : key + "x";
                    o.set(renamed, v);
                    what.append("rename ").append(abbreviate(slot.path)).append('.').append(key).append(" to ").append(renamed);
                } else if (node instanceof ArrayNode a) {
                    a.removeAll();
                    what.append("empty ").append(abbreviate(slot.path));
                } else {
                    slot.set(NODES.nullNode());
                    what.append("null ").append(abbreviate(slot.path));
                }
            }
            default -> {
                if (node.isNumber()) {
                    BigInteger v = node.bigIntegerValue();
                    BigInteger changed = random.nextBoolean() ? v.negate().subtract(BigInteger.ONE) : v.shiftLeft(1 + random.nextInt(70));
                    slot.set(NODES.numberNode(changed));
                    what.append("set ").append(abbreviate(slot.path)).append(" from ").append(v).append(" to ").append(changed);
                } else {
                    slot.set(NODES.numberNode(-1));
                    what.append("set ").append(abbreviate(slot.path)).append(" to -1");
                }
            }
        }
        return root.toString();
    }

    private static JsonNode retype(JsonNode node, Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> NODES.textNode(node.isTextual() ? "1" : node.toString());
            case 1 -> NODES.numberNode(node.isNumber() ? 1.5 : 7);
            case 2 -> NODES.booleanNode(true);
            case 3 -> NODES.nullNode();
            case 4 -> NODES.arrayNode().add(node.deepCopy());
            default -> NODES.objectNode().set("value", node.deepCopy());
        };
    }

    private static String bytes(String json, Random random, StringBuilder what) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0) {
            what.append("none");
            return json;
        }
        int at = random.nextInt(b.length);
        switch (random.nextInt(5)) {
            case 0 -> {
                what.append("truncate to ").append(at);
                return new String(b, 0, at, StandardCharsets.UTF_8);
            }
            case 1 -> {
                int bit = random.nextInt(8);
                b[at] ^= (byte) (1 << bit);
                what.append("flip bit ").append(bit).append(" of byte ").append(at);
                return new String(b, StandardCharsets.UTF_8);
            }
            case 2 -> {
                String token = TOKENS[random.nextInt(TOKENS.length)];
                what.append("insert ").append(abbreviate(token)).append(" at ").append(at);
                return new String(b, 0, at, StandardCharsets.UTF_8) + token + new String(b, at, b.length - at, StandardCharsets.UTF_8);
            }
            case 3 -> {
                int n = Math.min(1 + random.nextInt(16), b.length - at);
                what.append("delete ").append(n).append(" bytes at ").append(at);
                return new String(b, 0, at, StandardCharsets.UTF_8) + new String(b, at + n, b.length - at - n, StandardCharsets.UTF_8);
            }
            default -> {
                int n = Math.min(1 + random.nextInt(32), b.length - at);
                String run = new String(b, at, n, StandardCharsets.UTF_8);
                what.append("repeat ").append(n).append(" bytes at ").append(at);
                return new String(b, 0, at + n, StandardCharsets.UTF_8) + run + new String(b, at + n, b.length - at - n, StandardCharsets.UTF_8);
            }
        }
    }

    private static String abbreviate(String s) {
        String oneLine = s.replace("\u0000", "\\0");
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 40) + "...(" + s.length() + " chars)";
    }

    private static void collect(JsonNode node, String path, List<Slot> out) {
        if (node instanceof ObjectNode o) {
            for (Iterator<String> names = o.fieldNames(); names.hasNext();) {
                String key = names.next();
                String p = path + "." + key;
                out.add(new Slot(o, key, -1, p));
                collect(o.get(key), p, out);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String p = path + "[" + i + "]";
                out.add(new Slot(a, null, i, p));
                collect(a.get(i), p, out);
            }
        }
    }

    /** A place in the tree: a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String key, int index, String path) {
        JsonNode get() {
            return parent instanceof ObjectNode o ? o.get(key) : parent.get(index);
        }

        void set(JsonNode value) {
            if (parent instanceof ObjectNode o) {
                o.set(key, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode o) {
                o.remove(key);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }
}
