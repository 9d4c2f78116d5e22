package org.ebpftest.assertions;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.ebpftest.assertions.BpfMapAssertTest.COUNTED;
import static org.ebpftest.assertions.BpfMapAssertTest.FLOW_KEY;
import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.Frames.TCP_SYN;

import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.linux.maps.MapDefinition;
import org.ebpftest.runtime.snapshot.MapChanges;
import org.ebpftest.runtime.snapshot.MapSnapshot;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

class MapChangesAssertTest {

    private static final MapCodec<Integer> U32 = MapCodec.int32();
    private static final MapCodec<Long> U64 = MapCodec.int64();

    /** A hash map 10.0.0.1 -> 5, 10.0.0.2 -> 7, 10.0.0.3 -> 9 (keys as little-endian u32). */
    private static BpfMap counters() {
        BpfMap map = BpfMaps.create(MapDefinition.of("counters", MapType.HASH, 4, 8, 16));
        map.put(U32.encode(0x0a000001), U64.encode(5L));
        map.put(U32.encode(0x0a000002), U64.encode(7L));
        map.put(U32.encode(0x0a000003), U64.encode(9L));
        return map;
    }

    /** From {@link #counters()}: .1 changed to 6, .2 removed, .4 added with 1. */
    private static BpfMap changed(BpfMap map) {
        map.put(U32.encode(0x0a000001), U64.encode(6L));
        map.delete(U32.encode(0x0a000002));
        map.put(U32.encode(0x0a000004), U64.encode(1L));
        return map;
    }

    @Test
    void findsAddedRemovedAndChangedKeys() {
        BpfMap map = counters();
        MapSnapshot before = MapSnapshot.of(map);
        changed(map);

        assertThat(map).changedSince(before)
                .added(0x0a000004, U32).removed(0x0a000002, U32).changed(U32.encode(0x0a000001))
                .unchangedExcept(U32.encode(0x0a000001), U32.encode(0x0a000002), U32.encode(0x0a000004));
        assertThat(MapChanges.since(before).changes()).extracting(MapChanges.Change::kind)
                .containsExactly(MapChanges.Kind.CHANGED, MapChanges.Kind.REMOVED, MapChanges.Kind.ADDED);
    }

    @Test
    void printsEveryChangeWhenAnExpectedOneIsMissing() {
        BpfMap map = counters();
        MapSnapshot before = MapSnapshot.of(map);
        changed(map);

        assertThat(Thrown.message(() -> assertThat(map).changedSince(before).added(0x0a000003, U32))).isEqualTo(""
                + "Expecting map \"counters\" to have added key=0300000a since the snapshot but it did not; changes since the snapshot:\n"
                + "  ~ key=0100000a value: 0500000000000000 -> 0600000000000000\n"
                + "  - key=0200000a value=0700000000000000\n"
                + "  + key=0400000a value=0100000000000000");
        assertThat(Thrown.headline(() -> assertThat(map).changedSince(before).removed(0x0a000001, U32)))
                .isEqualTo("Expecting map \"counters\" to have removed key=0100000a since the snapshot but it did not;"
                        + " changes since the snapshot:");
        assertThat(Thrown.message(() -> assertThat(map).changedSince(before).unchangedExcept(U32.encode(0x0a000001))))
                .isEqualTo("Expecting map \"counters\" to have changed only key=0100000a since the snapshot but other keys changed too:\n"
                        + "  - key=0200000a value=0700000000000000\n"
                        + "  + key=0400000a value=0100000000000000");
        assertThat(Thrown.headline(() -> assertThat(map).changedSince(before).hasNoChanges()))
                .isEqualTo("Expecting map \"counters\" to be unchanged since the snapshot but it changed:");
    }

    @Test
    void saysSoWhenNothingChanged() {
        BpfMap map = counters();
        MapSnapshot before = MapSnapshot.of(map);

        assertThat(map).changedSince(before).hasNoChanges().unchangedExcept();
        assertThat(Thrown.message(() -> assertThat(map).changedSince(before).changed(0x0a000001, U32)))
                .isEqualTo("Expecting map \"counters\" to have changed the value of key=0100000a since the snapshot"
                        + " but it did not; nothing changed");
    }

    @Test
    void rendersChangesThroughTheObjectsBtf() {
        LoadedObject object = TestObjects.maps();
        BpfMap flows = object.map("flows");
        object.run("count", XdpInput.of(TCP_SYN));
        MapSnapshot before = MapSnapshot.of(flows);

        object.run("count", XdpInput.of(TCP_SYN));

        assertThat(flows, object).changedSince(before).changed(COUNTED, FLOW_KEY).unchangedExcept(FLOW_KEY.encode(COUNTED));
        assertThat(Thrown.message(() -> assertThat(flows, object).changedSince(before).hasNoChanges())).isEqualTo(""
                + "Expecting map \"flows\" to be unchanged since the snapshot but it changed:\n"
                + "  ~ key={saddr=0, daddr=0, sport=1, dport=0} value: {pkts=0, bytes=0} -> {pkts=1, bytes=54}");
    }

    @Test
    void refusesASnapshotOfAnotherMap() {
        BpfMap map = counters();

        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(map).changedSince(MapSnapshot.of(counters())))
                .withMessage("the snapshot was taken of another map named \"counters\"; take one of this map with MapSnapshot.of(map)");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(map).changedSince(MapSnapshot.of(map)).added(new byte[2]))
                .withMessage("key of map \"counters\" must be 4 bytes but was 2 bytes");
    }
}
