package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.le;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u32;

import java.util.List;
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

    @Test
    void perCpuValuesForAPlainArrayAreAnErrorNamingMapAndEntry() {
        // given a plain array on four CPUs, and a document giving it one value per CPU
        BpfMap map = BpfMaps.create(MapDefinition.of("config", MapType.ARRAY, 4, 4, 2), 4);
        String json = "{\"entries\":[{\"key\":\"00000000\",\"values\":[\"01000000\",\"02000000\",\"03000000\",\"04000000\"]}]}";

        // when it is read, then a clear error, not an index out of bounds, and the map is unchanged
        assertThatThrownBy(() -> MapJson.read(map, json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("contents of map \"config\", entry 0 \"values\": map \"config\" of type array is not per-CPU; give one \"value\"");
        assertThat(le(map.lookup(u32(0)).orElseThrow())).isZero();
    }

    @Test
    void everyMalformedElementIsNamedWithItsMapAndEntry() {
        BpfMap pcpu = BpfMaps.create(MapDefinition.of("pc", MapType.PERCPU_HASH, 4, 4, 4), 2);
        String where = "contents of map \"pc\", entry 0 ";
        assertThatThrownBy(() -> MapJson.read(pcpu, "{\"entries\":[{\"key\":\"0100\",\"value\":\"01000000\"}]}"))
                .hasMessage(where + "\"key\" must be 4 bytes (8 hex digits), was 2");
        assertThatThrownBy(() -> MapJson.read(pcpu, "{\"entries\":[{\"key\":\"01000000\",\"value\":\"0100000000\"}]}"))
                .hasMessage(where + "\"value\" must be 4 bytes (8 hex digits), was 5");
        assertThatThrownBy(() -> MapJson.read(pcpu, "{\"entries\":[{\"key\":\"01000000\",\"values\":[\"01000000\"]}]}"))
                .hasMessage(where + "\"values\" has 1 values but map \"pc\" has 2 CPUs; give one value per CPU");
        assertThatThrownBy(() -> MapJson.read(pcpu, "{\"entries\":[{\"key\":\"01000000\",\"values\":[\"01000000\",\"01\"]}]}"))
                .hasMessage(where + "\"values\"[1] must be 4 bytes (8 hex digits), was 1");
        assertThatThrownBy(() -> MapJson.read(pcpu, "{\"entries\":[{\"key\":\"01000000\",\"values\":[\"0100000g\",\"01000000\"]}]}"))
                .hasMessage(where + "\"values\"[0] is not hex: \"0100000g\"");
        assertThatThrownBy(() -> MapJson.read(pcpu, "{\"entries\":[{\"key\":\"01000000\",\"values\":\"01000000\"}]}"))
                .hasMessage(where + "\"values\" must be an array of hex strings, one per CPU");
        assertThatThrownBy(() -> MapJson.read(pcpu, "{\"entries\":[{\"key\":\"01000000\",\"value\":\"01000000\",\"values\":[]}]}"))
                .hasMessage(where + "has both \"value\" and \"values\"; give one");
        assertThatThrownBy(() -> MapJson.read(pcpu, "{\"entries\":[7]}")).hasMessage(where + "must be a JSON object, was number");
        assertThatThrownBy(() -> MapJson.read(pcpu, "{\"entries\":[{\"key\":1,\"value\":\"01000000\"}]}"))
                .hasMessage(where + "\"key\" must be a hex string");
        QueueStackMap q = (QueueStackMap) BpfMaps.create(MapDefinition.of("q", MapType.QUEUE, 0, 4, 4));
        assertThatThrownBy(() -> MapJson.read(q, "{\"entries\":[{\"key\":\"00\",\"value\":\"01000000\"}]}"))
                .hasMessage("contents of map \"q\", entry 0: a queue has no keys and no per-CPU values; give only \"value\"");
        assertThat(pcpu.size()).isZero();
    }

    @Test
    void anArrayIndexPastTheEndIsTheKernelsE2big() {
        BpfMap array = BpfMaps.create(MapDefinition.of("a", MapType.ARRAY, 4, 4, 2));
        assertThatThrownBy(() -> MapJson.read(array, "{\"entries\":[{\"key\":\"ffffffff\",\"value\":\"01000000\"}]}"))
                .isInstanceOf(MapOperationException.class).hasMessage("update of entry 0 on map \"a\" failed: E2BIG");
    }

    @Test
    void perCpuUpdatesOnAMapThatIsNotPerCpuAreRefusedFromTheHostApi() {
        BpfMap array = BpfMaps.create(MapDefinition.of("plain", MapType.ARRAY, 4, 4, 2), 4);
        assertThatThrownBy(() -> array.updatePerCpu(u32(0), List.of(u32(1), u32(2), u32(3), u32(4)), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("map \"plain\" of type array is not per-CPU; it takes one value, not one per CPU");
        BpfMap pcpu = BpfMaps.create(MapDefinition.of("pc", MapType.PERCPU_ARRAY, 4, 4, 2), 4);
        assertThatThrownBy(() -> pcpu.updatePerCpu(u32(0), List.of(u32(1)), 0))
                .hasMessage("map \"pc\" needs 4 values, one per CPU, got 1");
    }
}
