package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.le;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u32;

import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

class MapJsonTest {

    @Test
    void readsEntriesAndWritesThemBackInKernelOrder() {
        BpfMap map = BpfMaps.create(MapDefinition.of("h", MapType.HASH, 4, 8, 4));
        MapJson.read(map, """
                {"type": "hash", "entries": [
                  {"key": "01000000", "value": "2a00000000000000"},
                  {"key": "02 00 00 00", "value": "0700000000000000"}]}""");
        assertThat(le(map.lookup(u32(1)).orElseThrow())).isEqualTo(42);
        assertThat(MapJson.write(map).toString())
                .isEqualTo("{\"type\":\"hash\",\"entries\":[{\"key\":\"02000000\",\"value\":\"0700000000000000\"},"
                        + "{\"key\":\"01000000\",\"value\":\"2a00000000000000\"}]}");
    }

    @Test
    void perCpuEntriesTakeOneValuePerCpu() {
        BpfMap map = BpfMaps.create(MapDefinition.of("p", MapType.PERCPU_HASH, 4, 4, 4), 2);
        MapJson.read(map, "{\"type\":\"percpu_hash\",\"entries\":[{\"key\":\"01000000\",\"values\":[\"01000000\",\"02000000\"]}]}");
        assertThat(map.lookupPerCpu(u32(1)).orElseThrow()).extracting(MapsTestSupport::le).containsExactly(1L, 2L);
        assertThat(MapJson.write(map).toString()).contains("\"values\":[\"01000000\",\"02000000\"]");
    }

    @Test
    void queueEntriesArePushedInOrderAndWrittenWithoutKeys() {
        QueueStackMap q = (QueueStackMap) BpfMaps.create(MapDefinition.of("q", MapType.QUEUE, 0, 4, 4));
        MapJson.read(q, "{\"type\":\"queue\",\"entries\":[{\"value\":\"01000000\"},{\"value\":\"02000000\"}]}");
        assertThat(le(q.pop().orElseThrow())).isEqualTo(1);
        assertThat(MapJson.write(q).toString()).isEqualTo("{\"type\":\"queue\",\"entries\":[{\"value\":\"02000000\"}]}");
    }

    @Test
    void wrongTypeBadHexAndKernelRefusalsAreClearErrors() {
        BpfMap map = BpfMaps.create(MapDefinition.of("flows", MapType.HASH, 4, 4, 1));
        assertThatThrownBy(() -> MapJson.read(map, "{\"type\":\"array\",\"entries\":[]}"))
                .hasMessage("contents of map \"flows\" say type \"array\" but the map is hash");
        assertThatThrownBy(() -> MapJson.read(map, "{\"entries\":[{\"key\":\"zz\",\"value\":\"00000000\"}]}"))
                .hasMessage("contents of map \"flows\", entry 0 \"key\" is not hex: \"zz\"");
        assertThatThrownBy(() -> MapJson.read(map, "{\"entries\":[{\"key\":\"01000000\",\"value\":\"00000000\"},"
                + "{\"key\":\"02000000\",\"value\":\"00000000\"}]}"))
                .isInstanceOf(MapOperationException.class)
                .hasMessage("update of entry 1 on map \"flows\" failed: E2BIG");
    }
}
