package org.ebpftest.runtime.linux.maps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
 * {@code "value"}, pushed in order. Reading applies each entry as a {@code BPF_ANY} update and
 * fails on the first one the kernel would refuse.
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
            long r;
            if (map instanceof ValueOnlyMap keyless) {
                r = keyless.pushErrno(hex(e.get("value"), at + " \"value\""), MapFlags.BPF_ANY);
            } else {
                byte[] key = hex(e.get("key"), at + " \"key\"");
                if (e.has("values")) {
                    List<byte[]> values = new ArrayList<>();
                    for (JsonNode v : e.get("values")) {
                        values.add(hex(v, at + " \"values\""));
                    }
                    r = map.updatePerCpuErrno(key, values, MapFlags.BPF_ANY);
                } else {
                    r = map.updateErrno(key, hex(e.get("value"), at + " \"value\""), MapFlags.BPF_ANY);
                }
            }
            if (r < 0) {
                throw new MapOperationException(map.name(), "update of " + at.substring(where.length() + 2), (int) -r);
            }
        }
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
