package org.ebpftest.junit;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapEntry;
import org.ebpftest.runtime.linux.maps.MapOperationException;
import org.ebpftest.runtime.linux.maps.KeylessMap;
import org.ebpftest.runtime.linux.maps.MapRecord;
import org.ebpftest.runtime.linux.maps.RecordMap;
import org.ebpftest.runtime.uapi.MapType;

/**
 * The maps of a loaded object at one moment, as a golden file compares them: every entry of the
 * maps user space can list, keyed by their key bytes in hex (which, keys of one map being of one
 * length, sorts them by their bytes, unsigned), and the records waiting in ring buffers and perf
 * event arrays. Taking a snapshot changes nothing: host lookups leave LRU order alone, and records
 * are copied, not consumed.
 */
final class GoldenSnapshot {
    private static final HexFormat HEX = HexFormat.of();

    /** Per map, its entries by key in hex. */
    final Map<String, SortedMap<String, MapEntry>> entries = new LinkedHashMap<>();
    /** Per ring buffer, the committed samples not yet consumed. */
    final Map<String, List<byte[]>> ringRecords = new LinkedHashMap<>();
    /** Per perf event array, the records not yet drained. */
    final Map<String, List<MapRecord>> perfRecords = new LinkedHashMap<>();
    /** Maps whose contents cannot be listed, with the reason. */
    final Map<String, String> notRecorded = new LinkedHashMap<>();

    private GoldenSnapshot() {
    }

    /** The object's maps as they are now, in the object's order. */
    static GoldenSnapshot of(LoadedObject object) {
        GoldenSnapshot snapshot = new GoldenSnapshot();
        for (Map.Entry<String, BpfMap> m : object.maps().entrySet()) {
            String name = m.getKey();
            BpfMap map = m.getValue();
            if (map instanceof RecordMap records && map.type() == MapType.RINGBUF) {
                snapshot.ringRecords.put(name, records.pendingRecords().stream().map(MapRecord::data).toList());
            } else if (map instanceof RecordMap records) {
                snapshot.perfRecords.put(name, records.pendingRecords());
            } else if (map instanceof KeylessMap) {
                snapshot.notRecorded.put(name, map.type() == MapType.BLOOM_FILTER ? "a bloom filter cannot be listed, only queried"
                        : "a " + typeName(map) + " cannot be listed without popping its elements");
            } else {
                snapshot.list(name, map);
            }
        }
        return snapshot;
    }

    private void list(String name, BpfMap map) {
        SortedMap<String, MapEntry> byKey = new TreeMap<>();
        try {
            for (MapEntry e : map.entries()) {
                byKey.put(HEX.formatHex(e.key()), e);
            }
        } catch (MapOperationException | UnsupportedOperationException e) {
            notRecorded.put(name, "listing a " + typeName(map) + " failed: " + e.getMessage());
            return;
        }
        entries.put(name, byKey);
    }

    /** A map type as golden files name it: {@code percpu_hash}. */
    static String typeName(BpfMap map) {
        return map.type().name().toLowerCase(Locale.ROOT);
    }
}
