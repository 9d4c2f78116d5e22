package org.ebpftest.runtime.skeleton;

import java.util.List;
import java.util.Objects;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.linux.maps.MapRecord;
import org.ebpftest.runtime.linux.maps.RecordMap;

/**
 * The records a ring buffer or perf event array holds, decoded as one type. A record longer than the
 * type (perf samples are padded to 8 bytes) is decoded from its start; a shorter one is an error.
 *
 * @param <T> the record type
 */
public final class TypedRecords<T> {
    private final RecordMap map;
    private final MapCodec<T> codec;
    private final String typeName;

    /**
     * Records of {@code map} decoded by {@code codec}; {@code typeName} (the C type, {@code struct event})
     * is what messages call them.
     */
    public TypedRecords(RecordMap map, MapCodec<T> codec, String typeName) {
        this.map = Objects.requireNonNull(map, "map");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.typeName = Objects.requireNonNull(typeName, "typeName");
    }

    /** The underlying map, for the raw records and their CPUs. */
    public RecordMap map() {
        return map;
    }

    /**
     * Consumes the committed records, oldest first, as a user-space reader does.
     *
     * @throws IllegalStateException when a record is shorter than the type
     */
    public List<T> drain() {
        return decode(map.drainRecords());
    }

    /** The records {@link #drain()} would return, without consuming them. */
    public List<T> pending() {
        return decode(map.pendingRecords());
    }

    private List<T> decode(List<MapRecord> records) {
        return records.stream().map(r -> {
            if (r.data().length < codec.size()) {
                throw new IllegalStateException("a record of " + r.data().length + " bytes in " + map.name() + " is shorter than "
                        + typeName + " (" + codec.size() + " bytes)");
            }
            return codec.decode(r.data(), 0);
        }).toList();
    }
}
