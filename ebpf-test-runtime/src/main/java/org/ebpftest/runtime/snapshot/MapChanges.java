package org.ebpftest.runtime.snapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpftest.runtime.linux.maps.MapEntry;
import org.ebpftest.runtime.linux.maps.MapRecord;

/**
 * What changed in a map between two {@link MapSnapshot}s: the keys added, removed, and whose value
 * changed (on any CPU), and the ring buffer or perf event records that arrived. Changes to keys
 * that were there before come in the first snapshot's order, added keys after them in the second's.
 */
public final class MapChanges {
    private static final HexFormat HEX = HexFormat.of();

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

    /** Orders changes by their key bytes, unsigned, as golden files list them. */
    public static final Comparator<Change> BY_KEY = (a, b) -> Arrays.compareUnsigned(a.key(), b.key());

    private final MapSnapshot before;
    private final MapSnapshot after;
    private final List<Change> changes;

    private MapChanges(MapSnapshot before, MapSnapshot after, List<Change> changes) {
        this.before = before;
        this.after = after;
        this.changes = List.copyOf(changes);
    }

    /**
     * Compares the map of {@code snapshot} as it is now with the snapshot.
     *
     * @throws IllegalArgumentException if {@code snapshot} is null
     */
    public static MapChanges since(MapSnapshot snapshot) {
        if (snapshot == null) {
            throw new IllegalArgumentException("snapshot must not be null");
        }
        return between(snapshot, MapSnapshot.of(snapshot.map()));
    }

    /**
     * Compares two snapshots of one map, taken in that order.
     *
     * @throws IllegalArgumentException if they are snapshots of different maps
     */
    public static MapChanges between(MapSnapshot before, MapSnapshot after) {
        MapSnapshot.requireSameMap(before, after);
        Map<String, MapEntry> now = new LinkedHashMap<>();
        for (MapEntry e : after.entries()) {
            now.put(HEX.formatHex(e.key()), e);
        }
        List<Change> changes = new ArrayList<>();
        for (MapEntry was : before.entries()) {
            MapEntry is = now.remove(HEX.formatHex(was.key()));
            if (is == null) {
                changes.add(new Change(Kind.REMOVED, was.key(), was.values(), List.of()));
            } else if (!sameValues(was.values(), is.values())) {
                changes.add(new Change(Kind.CHANGED, was.key(), was.values(), is.values()));
            }
        }
        for (MapEntry added : now.values()) {
            changes.add(new Change(Kind.ADDED, added.key(), List.of(), added.values()));
        }
        return new MapChanges(before, after, changes);
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

    /** The snapshot compared with: the earlier one. */
    public MapSnapshot snapshot() {
        return before;
    }

    /** The later snapshot: the map as it was when compared. */
    public MapSnapshot after() {
        return after;
    }

    /** Every change, as the class comment orders them. */
    public List<Change> changes() {
        return changes;
    }

    /** The changes of one kind, in the class comment's order. */
    public List<Change> changes(Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).toList();
    }

    /** True when no key changed. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The change of one key, if it changed. */
    public Optional<Change> of(byte[] key) {
        return changes.stream().filter(c -> Arrays.equals(c.key(), key)).findFirst();
    }

    /**
     * The ring buffer samples committed between the snapshots. Nothing but user space consumes
     * samples, so those waiting before are still the first ones after.
     */
    public List<byte[]> newRingRecords() {
        return newSince(before.ringRecords(), after.ringRecords());
    }

    /** The perf event records output between the snapshots, as {@link #newRingRecords()} reasons. */
    public List<MapRecord> newPerfRecords() {
        return newSince(before.perfRecords(), after.perfRecords());
    }

    private static <T> List<T> newSince(List<T> was, List<T> is) {
        return is.subList(Math.min(was.size(), is.size()), is.size());
    }

    @Override
    public String toString() {
        return changes.size() + (changes.size() == 1 ? " change" : " changes") + " to " + before.map();
    }
}
