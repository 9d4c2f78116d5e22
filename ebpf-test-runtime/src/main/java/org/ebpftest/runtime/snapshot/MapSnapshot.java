package org.ebpftest.runtime.snapshot;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapEntry;
import org.ebpftest.runtime.linux.maps.MapOperationException;
import org.ebpftest.runtime.linux.maps.MapRecord;
import org.ebpftest.runtime.linux.maps.RecordMap;
import org.ebpftest.runtime.uapi.MapType;

/**
 * A copy of one map's contents at one moment, taken before a run so that {@link MapChanges} can
 * tell what the run changed: the entries as user space iterating the map sees them, and for ring
 * buffers and perf event arrays the records waiting to be read. Taking a snapshot changes nothing:
 * host lookups leave LRU order alone, and records are copied, not consumed.
 *
 * <pre>{@code
 * MapSnapshot before = MapSnapshot.of(flows);
 * object.run("xdp_fw", XdpInput.of(frame));
 * MapChanges.since(before).of(key);      // or assertThat(flows, object).changedSince(before)
 * }</pre>
 */
public final class MapSnapshot {
    private final BpfMap map;
    private final List<MapEntry> entries;
    private final List<byte[]> ringRecords;
    private final List<MapRecord> perfRecords;
    private final String notListed;

    private MapSnapshot(BpfMap map, List<MapEntry> entries, List<byte[]> ringRecords, List<MapRecord> perfRecords, String notListed) {
        this.map = map;
        this.entries = entries;
        this.ringRecords = ringRecords;
        this.perfRecords = perfRecords;
        this.notListed = notListed;
    }

    /**
     * Copies the contents of {@code map}. A map whose listing fails keeps no entries and says why
     * in {@link #notListed()}.
     *
     * @throws IllegalArgumentException if {@code map} is null
     */
    public static MapSnapshot of(BpfMap map) {
        if (map == null) {
            throw new IllegalArgumentException("map must not be null");
        }
        List<MapRecord> records = map instanceof RecordMap r ? r.pendingRecords() : List.of();
        boolean ringBuffer = map.type() == MapType.RINGBUF;
        List<byte[]> ring = ringBuffer ? records.stream().map(MapRecord::data).toList() : List.of();
        List<MapRecord> perf = ringBuffer ? List.of() : records;
        List<MapEntry> entries;
        try {
            entries = map.entries().stream()
                    .map(e -> new MapEntry(e.key().clone(), e.values().stream().map(byte[]::clone).toList()))
                    .toList();
        } catch (MapOperationException | UnsupportedOperationException e) {
            return new MapSnapshot(map, List.of(), ring, perf, "listing a " + map.type().displayName() + " failed: " + e.getMessage());
        }
        String notListed = switch (map.type()) {
            case QUEUE, STACK -> "a " + map.type().displayName() + " cannot be listed without popping its elements";
            case BLOOM_FILTER -> "a bloom filter cannot be listed, only queried";
            default -> null;
        };
        return new MapSnapshot(map, entries, ring, perf, notListed);
    }

    /** The map the snapshot was taken of. */
    public BpfMap map() {
        return map;
    }

    /**
     * The entries as they were, in iteration order. For a queue or stack, its elements in the order
     * they would be popped, each with an empty key; none for ring buffers, perf event arrays and
     * bloom filters.
     */
    public List<MapEntry> entries() {
        return entries;
    }

    /** How many entries the snapshot holds. */
    public int size() {
        return entries.size();
    }

    /** For a ring buffer, the committed samples not yet consumed, oldest first; empty for other maps. */
    public List<byte[]> ringRecords() {
        return ringRecords;
    }

    /** For a perf event array, the records not yet drained, oldest first; empty for other maps. */
    public List<MapRecord> perfRecords() {
        return perfRecords;
    }

    /** True for ring buffers and perf event arrays, whose contents are records rather than entries. */
    public boolean holdsRecords() {
        return map instanceof RecordMap;
    }

    /**
     * Why the entries cannot be compared key by key, when they cannot: queues and stacks (listing
     * them would mean popping), bloom filters (they can only be queried), or a listing that failed.
     */
    public Optional<String> notListed() {
        return Optional.ofNullable(notListed);
    }

    @Override
    public String toString() {
        return "snapshot of " + map + " with " + entries.size() + (entries.size() == 1 ? " entry" : " entries");
    }

    /** For {@link MapChanges}: both snapshots are of one map. */
    static void requireSameMap(MapSnapshot before, MapSnapshot after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (before.map != after.map) {
            throw new IllegalArgumentException("the snapshots were taken of different maps, \"" + before.map.name()
                    + "\" and \"" + after.map.name() + "\"");
        }
    }
}
