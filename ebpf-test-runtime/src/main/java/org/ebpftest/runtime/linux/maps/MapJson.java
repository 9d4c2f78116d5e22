package org.ebpftest.runtime.linux.maps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.ebpftest.runtime.uapi.MapFlags;

/**
 * Map contents as JSON, for pre-populating maps and writing them out:
 * <pre>
 * {"type": "hash", "entries": [
 *   {"key": "01000000", "value": "2a00000000000000"},
 *   {"key": "02000000", "values": ["01000000", "02000000"]}    (per-CPU: one value per CPU)
 * ]}
 * </pre>
 * Keys and values are hex strings of the bytes as the program sees them (so little-endian
 * numbers); spaces in them are ignored. Queues, stacks and bloom filters take entries with only a
 * {@code "value"}, pushed in order. A per-CPU map takes either {@code "values"}, exactly one per
 * CPU, or one {@code "value"} that every CPU gets; other maps take only {@code "value"}. Reading
 * applies each entry as a {@code BPF_ANY} update and fails on the first one the kernel would
 * refuse ({@link MapOperationException}); input that does not fit the map (a key or value of the
 * wrong length, text that is not hex, {@code "values"} for a map that is not per-CPU or with the
 * wrong count) is an {@link IllegalArgumentException} naming the map, the entry and the element.
 */
public final class MapJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private MapJson() {
    }

    /** Applies a JSON document's entries to a map. */
    public static void read(BpfMap map, String json) {
        try {
            read(map, MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("contents of map \"" + map.name() + "\" are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Applies a parsed JSON document's entries to a map. */
    public static void read(BpfMap map, JsonNode root) {
        String where = "contents of map \"" + map.name() + "\"";
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(where + " must be a JSON object with \"type\" and \"entries\"");
        }
        JsonNode type = root.get("type");
        if (type != null && !type.asText().equalsIgnoreCase(map.definition().typeName())) {
            throw new IllegalArgumentException(where + " say type \"" + type.asText() + "\" but the map is "
                    + map.definition().typeName());
        }
        JsonNode entries = root.path("entries");
        if (!entries.isArray()) {
            throw new IllegalArgumentException(where + " need an \"entries\" array");
        }
        int i = 0;
        for (JsonNode e : entries) {
            String at = where + ", entry " + i++;
            if (!e.isObject()) {
                throw new IllegalArgumentException(at + " must be a JSON object, was " + e.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            long r;
            if (map instanceof ValueOnlyMap keyless) {
                if (e.has("key") || e.has("values")) {
                    throw new IllegalArgumentException(at + ": a " + map.definition().typeName()
                            + " has no keys and no per-CPU values; give only \"value\"");
                }
                r = keyless.pushErrno(sized(hex(e.get("value"), at + " \"value\""), map.valueSize(), at + " \"value\""), MapFlags.BPF_ANY);
            } else {
                byte[] key = sized(hex(e.get("key"), at + " \"key\""), map.keySize(), at + " \"key\"");
                if (e.has("values") && e.has("value")) {
                    throw new IllegalArgumentException(at + " has both \"value\" and \"values\"; give one");
                }
                if (e.has("values")) {
                    r = map.updatePerCpuErrno(key, perCpuValues(map, e.get("values"), at + " \"values\""), MapFlags.BPF_ANY);
                } else {
                    r = map.updateErrno(key, sized(hex(e.get("value"), at + " \"value\""), map.valueSize(), at + " \"value\""), MapFlags.BPF_ANY);
                }
            }
            if (r < 0) {
                throw new MapOperationException(map.name(), "update of " + at.substring(where.length() + 2), (int) -r);
            }
        }
    }

    /** The "values" of a per-CPU entry: an array of exactly one value per CPU, each value_size bytes. */
    private static List<byte[]> perCpuValues(BpfMap map, JsonNode node, String what) {
        if (!map.isPerCpu()) {
            throw new IllegalArgumentException(what + ": map \"" + map.name() + "\" of type " + map.definition().typeName()
                    + " is not per-CPU; give one \"value\"");
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(what + " must be an array of hex strings, one per CPU");
        }
        if (node.size() != map.cpus()) {
            throw new IllegalArgumentException(what + " has " + node.size() + " values but map \"" + map.name() + "\" has "
                    + map.cpus() + " CPUs; give one value per CPU");
        }
        List<byte[]> values = new ArrayList<>();
        for (int c = 0; c < node.size(); c++) {
            String element = what + "[" + c + "]";
            values.add(sized(hex(node.get(c), element), map.valueSize(), element));
        }
        return values;
    }

    private static byte[] sized(byte[] bytes, int size, String what) {
        if (bytes.length != size) {
            throw new IllegalArgumentException(what + " must be " + size + " bytes (" + 2 * size + " hex digits), was " + bytes.length);
        }
        return bytes;
    }

    private static byte[] hex(JsonNode node, String what) {
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(what + " must be a hex string");
        }
        String text = node.asText().replace(" ", "");
        try {
            return HEX.parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not hex: \"" + node.asText() + "\"", e);
        }
    }

    /** A map's contents in the kernel's iteration order (per-CPU maps as "values"). */
    public static ObjectNode write(BpfMap map) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("type", map.definition().typeName());
        ArrayNode entries = root.putArray("entries");
        boolean keyless = map instanceof KeylessMap;
        for (MapEntry e : map.entries()) {
            ObjectNode o = entries.addObject();
            if (!keyless) {
                o.put("key", HEX.formatHex(e.key()));
            }
            if (map.isPerCpu()) {
                ArrayNode values = o.putArray("values");
                e.values().forEach(v -> values.add(HEX.formatHex(v)));
            } else {
                o.put("value", HEX.formatHex(e.value()));
            }
        }
        return root;
    }

    /** {@link #write} as a pretty-printed string. */
    public static String toJson(BpfMap map) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(write(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise map \"" + map.name() + "\"", e);
        }
    }
}
