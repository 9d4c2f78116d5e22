package org.ebpftest.assertions;

import java.util.List;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapEntry;

/**
 * A copy of a map's entries at one moment, taken before a run so that
 * {@code assertThat(map).changedSince(snapshot)} can check what the run changed.
 *
 * <pre>{@code
 * MapSnapshot before = MapSnapshot.of(flows);
 * object.runXdp("xdp_fw", XdpInput.of(frame));
 * assertThat(flows, object).changedSince(before).added(key).unchangedExcept(key);
 * }</pre>
 */
public final class MapSnapshot {

    private final BpfMap map;
    private final List<MapEntry> entries;

    private MapSnapshot(BpfMap map, List<MapEntry> entries) {
        this.map = map;
        this.entries = entries;
    }

    /**
     * Copies every entry of {@code map}, as user space iterating it would see them.
     *
     * @throws IllegalArgumentException if {@code map} is null
     */
    public static MapSnapshot of(BpfMap map) {
        Args.notNull("map", map);
        List<MapEntry> copy = map.entries().stream()
                .map(e -> new MapEntry(e.key().clone(), e.values().stream().map(byte[]::clone).toList()))
                .toList();
        return new MapSnapshot(map, copy);
    }

    /** The map the snapshot was taken of. */
    public BpfMap map() {
        return map;
    }

    /** The entries as they were, in iteration order. */
    public List<MapEntry> entries() {
        return entries;
    }

    /** How many entries the map had. */
    public int size() {
        return entries.size();
    }

    @Override
    public String toString() {
        return "snapshot of " + map + " with " + entries.size() + (entries.size() == 1 ? " entry" : " entries");
    }
}
