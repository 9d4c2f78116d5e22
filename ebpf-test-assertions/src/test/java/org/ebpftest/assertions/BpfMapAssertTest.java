package org.ebpftest.assertions;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.Frames.TCP_SYN;

import java.util.List;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.linux.maps.MapDefinition;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

class BpfMapAssertTest {

    /** {@code struct flow_key} of maps.c as a Java record, laid out the same way. */
    public record FlowKey(int saddr, int daddr, short sport, short dport) {
    }

    static final MapCodec<FlowKey> FLOW_KEY = MapCodec.record(FlowKey.class);
    /** The key {@code count} in maps.o uses: sport 1, the rest 0. */
    static final FlowKey COUNTED = new FlowKey(0, 0, (short) 1, (short) 0);

    private static BpfMap hash() {
        BpfMap map = BpfMaps.create(MapDefinition.of("counters", MapType.HASH, 4, 8, 16));
        map.put(MapCodec.int32().encode(0x0a000001), MapCodec.int64().encode(5L));
        map.put(MapCodec.int32().encode(0x0a000002), MapCodec.int64().encode(7L));
        return map;
    }

    /** maps.o after {@code count} ran twice on a 54-byte frame: the flow is counted once (the first run creates it). */
    private static LoadedObject countedTwice() {
        LoadedObject object = TestObjects.maps();
        object.run("count", XdpInput.of(TCP_SYN));
        object.run("count", XdpInput.of(TCP_SYN));
        return object;
    }

    @Test
    void checksSizeAndKeys() {
        BpfMap map = hash();

        assertThat(map).hasSize(2).isNotEmpty()
                .containsKey(MapCodec.int32().encode(0x0a000001)).containsKey(0x0a000002, MapCodec.int32())
                .doesNotContainKey(3, MapCodec.int32()).doesNotContainKey(new byte[4]);
        assertThat(BpfMaps.create(MapDefinition.of("empty", MapType.HASH, 4, 8, 16))).isEmpty().hasSize(0);
    }

    @Test
    void listsTheEntriesWhenTheSizeOrAKeyIsWrong() {
        BpfMap map = hash();

        assertThat(Thrown.message(() -> assertThat(map).hasSize(1))).isEqualTo(""
                + "Expecting map \"counters\" to have 1 entry but had 2:\n"
                + "  key=0100000a value=0500000000000000\n"
                + "  key=0200000a value=0700000000000000");
        assertThat(Thrown.message(() -> assertThat(map).isEmpty()))
                .startsWith("Expecting map \"counters\" to be empty but had 2 entries:\n  key=0100000a");
        assertThat(Thrown.message(() -> assertThat(map).containsKey(3, MapCodec.int32())))
                .startsWith("Expecting map \"counters\" to contain key=03000000 but it does not; its 2 entries:\n");
        assertThat(Thrown.message(() -> assertThat(map).doesNotContainKey(0x0a000001, MapCodec.int32())))
                .isEqualTo("Expecting map \"counters\" not to contain key=0100000a but it does, with value=0500000000000000");
        assertThat(Thrown.message(() -> assertThat(BpfMaps.create(MapDefinition.of("empty", MapType.HASH, 4, 8, 16))).isNotEmpty()))
                .isEqualTo("Expecting map \"empty\" not to be empty but it was");
    }

    @Test
    void checksAValue() {
        BpfMap map = hash();

        assertThat(map).containsEntry(0x0a000001, MapCodec.int32(), 5L, MapCodec.int64())
                .containsEntry(MapCodec.int32().encode(0x0a000002), MapCodec.int64().encode(7L))
                .value(0x0a000001, MapCodec.int32()).hasSize(8).decodedAs(MapCodec.int64()).isEqualTo(5L);

        assertThat(Thrown.message(() -> assertThat(map).containsEntry(0x0a000001, MapCodec.int32(), 6L, MapCodec.int64())))
                .isEqualTo("Expecting map \"counters\" to contain key=0100000a with value=0600000000000000"
                        + " but its value was: 0500000000000000");
        assertThat(Thrown.headline(() -> assertThat(map).value(9, MapCodec.int32())))
                .isEqualTo("Expecting map \"counters\" to contain key=09000000 but it does not; its 2 entries:");
        assertThat(Thrown.message(() -> assertThat(map).value(0x0a000001, MapCodec.int32()).decodedAs(MapCodec.int64()).isEqualTo(6L)))
                .startsWith("[value of key=0100000a in map \"counters\"] \nexpected: 6L");
    }

    @Test
    void readsValuesAndFieldsThroughTheObjectsBtf() {
        LoadedObject object = countedTwice();
        BpfMap flows = object.map("flows");

        assertThat(flows, object).hasSize(1).containsKey(COUNTED, FLOW_KEY)
                .value(COUNTED, FLOW_KEY).hasField("pkts", 1).hasField("bytes", 54)
                .field("bytes").isGreaterThan(50);

        assertThat(Thrown.message(() -> assertThat(flows, object).value(COUNTED, FLOW_KEY).hasField("pkts", 2))).isEqualTo(""
                + "Expecting field pkts of value of key={saddr=0, daddr=0, sport=1, dport=0} in map \"flows\" to be: 2 but was: 1\n"
                + "value: {pkts=1, bytes=54}");
        assertThat(Thrown.message(() -> assertThat(flows, object).hasSize(0))).isEqualTo(""
                + "Expecting map \"flows\" to have 0 entries but had 1:\n"
                + "  key={saddr=0, daddr=0, sport=1, dport=0} value={pkts=1, bytes=54}");
    }

    @Test
    void readsGlobalVariablesByName() {
        LoadedObject object = TestObjects.globals();
        object.run("globals", XdpInput.of(RunResultAssertTest.LARGE));

        assertThat(object.map(".bss"), object).value(0, MapCodec.int32())
                .hasField("drops", 1).hasField("totals.pkts", 1).hasField("totals.bytes", 102);
        assertThat(object.map(".data"), object).value(0, MapCodec.int32())
                .hasField("verbose", 1).hasField("limit_hi", 0x1122334455667788L);
    }

    @Test
    void refusesFieldsItCannotRead() {
        LoadedObject object = countedTwice();
        BpfMap flows = object.map("flows");

        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(flows, object).value(COUNTED, FLOW_KEY).hasField("packets", 1))
                .withMessage("struct counters has no field \"packets\"; its fields: [pkts, bytes]");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(flows).value(COUNTED, FLOW_KEY).hasField("pkts", 1))
                .withMessageStartingWith("field(\"pkts\") needs the map's BTF value type;");
        LoadedObject globals = TestObjects.globals();
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(globals.map(".bss"), globals).value(0, MapCodec.int32())
                        .hasField("totals", 1))
                .withMessage("field totals of .bss is struct stats, not an integer; name one of its integer fields");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(hash(), object))
                .withMessage("map \"counters\" is not a map of maps.o; its maps: "
                        + "[inner_a, inner_b, outer, jumps, flows, sizes, pinned_lru, bloom, events, .rodata]");
    }

    @Test
    void refusesKeysOfTheWrongSize() {
        BpfMap map = hash();

        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(map).containsKey(1L, MapCodec.int64()))
                .withMessage("key of map \"counters\" must be 4 bytes but was 8 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(map).containsEntry(new byte[4], new byte[4]))
                .withMessage("value of map \"counters\" must be 8 bytes but was 4 bytes");
    }

    @Test
    void readsTheValuesOfEveryCpu() {
        BpfMap map = BpfMaps.create(MapDefinition.of("pkts", MapType.PERCPU_ARRAY, 4, 8, 2), 3);
        map.updatePerCpu(MapCodec.int32().encode(1), List.of(MapCodec.int64().encode(1L), MapCodec.int64().encode(2L),
                MapCodec.int64().encode(-1L)), 0);

        assertThat(map).perCpuValues(1, MapCodec.int32(), MapCodec.int64()).containsExactly(1L, 2L, -1L);
        assertThat(map).sumOfPerCpuValues(0, MapCodec.int32(), MapCodec.int64()).isZero();
        assertThat(map).sumOfPerCpuValues(MapCodec.int32().encode(1), MapCodec.int64()).isEqualTo(2L);

        BpfMap u32 = BpfMaps.create(MapDefinition.of("u32", MapType.PERCPU_HASH, 4, 4, 2), 2);
        u32.updatePerCpu(new byte[4], List.of(MapCodec.int32().encode(-1), MapCodec.int32().encode(1)), 0);
        assertThat(u32).sumOfPerCpuValues(new byte[4], MapCodec.int32()).isEqualTo(0x1_0000_0000L);

        assertThat(Thrown.message(() -> assertThat(map).sumOfPerCpuValues(1, MapCodec.int32(), MapCodec.int64()).isEqualTo(3L)))
                .startsWith("[sum of per-CPU values of key=01000000 in map \"pkts\"] \nexpected: 3L");
        assertThat(Thrown.headline(() -> assertThat(u32).perCpuValues(1, MapCodec.int32(), MapCodec.int32())))
                .isEqualTo("Expecting map \"u32\" to contain key=01000000 but it does not; its 1 entry:");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(map).value(1, MapCodec.int32()))
                .withMessage("map \"pkts\" is per-CPU; value reads a single value, use perCpuValues or sumOfPerCpuValues");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(map).perCpuValues(1, MapCodec.int32(), MapCodec.int32()))
                .withMessage("the codec decodes 4 bytes but values of map \"pkts\" are 8 bytes");
    }

    @Test
    void sumsTheCountersOfAPerCpuMapOfAnObject() {
        LoadedObject object = countedTwice();

        assertThat(object.map("sizes"), object).sumOfPerCpuValues(0, MapCodec.int32(), MapCodec.int64()).isEqualTo(1L);
    }
}
