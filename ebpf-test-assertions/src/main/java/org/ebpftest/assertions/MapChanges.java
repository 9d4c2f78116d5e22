package org.ebpftest.assertions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapEntry;

/**
 * What changed in a map since a {@link MapSnapshot}: the keys added, removed, and whose value
 * changed. Changes to keys that were there before come in the snapshot's order, added keys after
 * them in the map's order.
 */
public final class MapChanges {

    /** How a key changed. */
    public enum Kind {
        /** The key was not in the snapshot and is in the map. */
        ADDED,
        /** The key was in the snapshot and is no longer in the map. */
        REMOVED,
        /** The key is in both with a different value (on any CPU). */
        CHANGED
    }

    /**
     * One changed key.
     *
     * @param kind how it changed
     * @param key the key bytes
     * @param before the value, or one per CPU, in the snapshot; empty for an added key
     * @param after the value, or one per CPU, in the map; empty for a removed key
     */
    public record Change(Kind kind, byte[] key, List<byte[]> before, List<byte[]> after) {
        /** A change; the lists are copied. */
        public Change {
            before = List.copyOf(before);
            after = List.copyOf(after);
        }
    }

    private final MapSnapshot snapshot;
    private final List<Change> changes;

    private MapChanges(MapSnapshot snapshot, List<Change> changes) {
        this.snapshot = snapshot;
        this.changes = List.copyOf(changes);
    }

    /**
     * Compares the map of {@code snapshot} as it is now with the snapshot.
     *
     * @throws IllegalArgumentException if {@code snapshot} is null
     */
    public static MapChanges since(MapSnapshot snapshot) {
        Args.notNull("snapshot", snapshot);
        BpfMap map = snapshot.map();
        Map<String, MapEntry> now = new LinkedHashMap<>();
        for (MapEntry e : map.entries()) {
            now.put(MapTypes.hex(e.key()), e);
        }
        List<Change> changes = new ArrayList<>();
        for (MapEntry was : snapshot.entries()) {
            MapEntry is = now.remove(MapTypes.hex(was.key()));
            if (is == null) {
                changes.add(new Change(Kind.REMOVED, was.key(), was.values(), List.of()));
            } else if (!sameValues(was.values(), is.values())) {
                changes.add(new Change(Kind.CHANGED, was.key(), was.values(), is.values()));
            }
        }
        for (MapEntry added : now.values()) {
            changes.add(new Change(Kind.ADDED, added.key(), List.of(), added.values()));
        }
        return new MapChanges(snapshot, changes);
    }

    private static boolean sameValues(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The snapshot compared with. */
    public MapSnapshot snapshot() {
        return snapshot;
    }

    /** Every change, as the class comment orders them. */
    public List<Change> changes() {
        return changes;
    }

    /** True when nothing changed. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The change of one key, if it changed. */
    public Optional<Change> of(byte[] key) {
        return changes.stream().filter(c -> Arrays.equals(c.key(), key)).findFirst();
    }

    @Override
    public String toString() {
        return changes.size() + (changes.size() == 1 ? " change" : " changes") + " to " + snapshot.map();
    }
}
