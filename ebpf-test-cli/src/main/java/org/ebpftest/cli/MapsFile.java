package org.ebpftest.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.ebpftest.runtime.elf.MapSpec;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.MapDefinition;
import org.ebpftest.runtime.linux.maps.MapJson;
import org.ebpftest.runtime.linux.maps.MapOperationException;

/**
 * The contents of several maps of an object in one JSON document, keyed by map name as the object
 * declares it (global data as {@code .bss}, {@code .data}, {@code .rodata}); each value is one
 * map in {@link MapJson}'s format.
 */
final class MapsFile {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Maps without keys (queues, stacks, bloom filters, ring buffers, arenas), which {@code --maps-out} leaves out. */
    private static final Set<MapType> KEYLESS = Set.of(MapType.QUEUE, MapType.STACK, MapType.BLOOM_FILTER,
            MapType.RINGBUF, MapType.USER_RINGBUF, MapType.ARENA);

    private MapsFile() {
    }

    /** Parses a document: a JSON object from map name to one map in {@link MapJson}'s format. */
    static JsonNode parse(String file, byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CommandFailure(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CommandFailure(file + ": must be a JSON object from map name to {\"type\": ..., \"entries\": [...]}");
        }
        return root;
    }

    /**
     * Gives the loader the document's values for maps the load freezes ({@code .rodata} and
     * {@code .rodata.*}), as a loader sets {@code const volatile} configuration before loading: once
     * loaded, the kernel refuses to change them. The entries are checked as updates of a scratch
     * copy of the map, with the same messages as any other map's.
     */
    static void readBeforeLoad(ObjectSpec spec, LoadedObject.Loader loader, String file, JsonNode root) {
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            MapSpec m = spec.maps().stream().filter(x -> x.name().equals(field.getKey())).findFirst().orElseThrow(() -> new CommandFailure(
                    file + ": " + spec.fileName() + " has no map \"" + field.getKey() + "\"; its maps are "
                            + String.join(", ", spec.maps().stream().map(MapSpec::name).toList())));
            if (!m.frozen()) {
                continue;
            }
            BpfMap scratch = BpfMaps.create(MapDefinition.of(m.name(), m.type(), m.keySize(), m.valueSize(), m.maxEntries()));
            m.initialData().ifPresent(bytes -> scratch.put(new byte[m.keySize()], bytes));
            try {
                MapJson.read(scratch, field.getValue());
            } catch (IllegalArgumentException | MapOperationException e) {
                throw new CommandFailure(file + ": " + e.getMessage(), e);
            }
            loader.globalAt(m.name(), 0, scratch.lookup(new byte[m.keySize()]).orElseThrow());
        }
    }

    /**
     * Applies the document's entries for every other map to the loaded object, each entry as a
     * {@code BPF_ANY} update.
     */
    static void read(LoadedObject object, String file, JsonNode root) {
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            BpfMap map = object.findMap(field.getKey()).orElseThrow(() -> new CommandFailure(file + ": "
                    + object.spec().fileName() + " has no map \"" + field.getKey() + "\"; its maps are "
                    + String.join(", ", object.maps().keySet())));
            if (object.spec().map(field.getKey()).frozen()) {
                continue;
            }
            try {
                MapJson.read(map, field.getValue());
            } catch (IllegalArgumentException | MapOperationException e) {
                throw new CommandFailure(file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Every keyed map of the object, in the object's order. */
    static byte[] write(LoadedObject object) {
        ObjectNode root = MAPPER.createObjectNode();
        object.maps().forEach((name, map) -> {
            if (!KEYLESS.contains(map.type())) {
                root.set(name, MapJson.write(map));
            }
        });
        try {
            return (MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the maps of " + object.spec().fileName(), e);
        }
    }
}
