package org.ebpftest.runtime.snapshot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ebpftest.runtime.linux.LoadedObject;

/**
 * Every map of a loaded object at one moment, one {@link MapSnapshot} each, in the object's order;
 * what a golden file compares before and after a run.
 */
public final class ObjectSnapshot {
    private final Map<String, MapSnapshot> maps;

    private ObjectSnapshot(Map<String, MapSnapshot> maps) {
        this.maps = Collections.unmodifiableMap(maps);
    }

    /**
     * The maps of {@code object} as they are now.
     *
     * @throws IllegalArgumentException if {@code object} is null
     */
    public static ObjectSnapshot of(LoadedObject object) {
        if (object == null) {
            throw new IllegalArgumentException("loaded object must not be null");
        }
        Map<String, MapSnapshot> maps = new LinkedHashMap<>();
        object.maps().forEach((name, map) -> maps.put(name, MapSnapshot.of(map)));
        return new ObjectSnapshot(maps);
    }

    /** The snapshot of each map by name, in the object's order. */
    public Map<String, MapSnapshot> maps() {
        return maps;
    }

    /**
     * The snapshot of one map.
     *
     * @throws IllegalArgumentException naming the maps there are, if there is none by that name
     */
    public MapSnapshot map(String name) {
        MapSnapshot snapshot = maps.get(name);
        if (snapshot == null) {
            throw new IllegalArgumentException("the snapshot has no map \"" + name + "\"; its maps: " + maps.keySet());
        }
        return snapshot;
    }
}
