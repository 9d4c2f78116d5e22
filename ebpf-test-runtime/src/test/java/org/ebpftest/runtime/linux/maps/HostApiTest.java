package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u32;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u64;

import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

/** The Java shape of the host path: exceptions carrying the kernel's errno, Optional where absence is an answer. */
class HostApiTest {

    @Test
    void aRefusedUpdateThrowsTheKernelsErrnoNamingTheMapAndTheOperation() {
        // given a full one-entry hash
        BpfMap map = BpfMaps.create(MapDefinition.of("flows", MapType.HASH, 4, 8, 1));
        map.put(u32(1), u64(1));

        // when a second key is added, then E2BIG, as the kernel answers a full hash
        assertThatThrownBy(() -> map.update(u32(2), u64(2), MapFlags.BPF_ANY))
                .isInstanceOfSatisfying(MapOperationException.class, e -> assertThat(e.errno()).isEqualTo(Errno.E2BIG))
                .hasMessage("update on map \"flows\" failed: E2BIG");
    }

    @Test
    void absentKeysAreEmptyAndDeletingThemReturnsFalse() {
        BpfMap map = BpfMaps.create(MapDefinition.of("flows", MapType.HASH, 4, 8, 4));
        map.put(u32(1), u64(5));

        assertThat(map.lookup(u32(9))).isEmpty();
        assertThat(map.lookup(u32(1))).hasValueSatisfying(v -> assertThat(v).containsExactly(5, 0, 0, 0, 0, 0, 0, 0));
        assertThat(map.nextKey(u32(1))).as("the last key has no next").isEmpty();
        assertThat(map.delete(u32(9))).isFalse();
        assertThat(map.delete(u32(1))).isTrue();
    }

    @Test
    void freezingTwiceThrowsEperm() {
        BpfMap map = BpfMaps.create(MapDefinition.of("cfg", MapType.ARRAY, 4, 8, 1));
        map.freeze();

        assertThatThrownBy(map::freeze).isInstanceOf(MapOperationException.class).hasMessage("freeze on map \"cfg\" failed: EPERM");
    }

    @Test
    void ringBuffersAndPerfEventArraysAreRecordMapsAndQueuesAndBloomFiltersAreKeyless() {
        BpfMap ring = BpfMaps.create(MapDefinition.of("events", MapType.RINGBUF, 0, 0, 4096));
        BpfMap perf = BpfMaps.create(MapDefinition.of("samples", MapType.PERF_EVENT_ARRAY, 4, 4, 2), 2);
        BpfMap queue = BpfMaps.create(MapDefinition.of("q", MapType.QUEUE, 0, 4, 2));
        BpfMap bloom = BpfMaps.create(MapDefinition.of("b", MapType.BLOOM_FILTER, 0, 4, 8));
        BpfMap hash = BpfMaps.create(MapDefinition.of("h", MapType.HASH, 4, 4, 2));

        ((RingBufMap) ring).output(new byte[] {1}, 0, 1, 0);
        ((PerfEventArrayMap) perf).output(MapFlags.BPF_F_CURRENT_CPU, 1, new byte[] {2}, 0, 1);
        ((KeylessMap) queue).push(u32(7));
        ((KeylessMap) bloom).push(u32(7));

        assertThat(((RecordMap) ring).drainRecords()).singleElement().satisfies(r -> assertThat(r.cpu()).isEmpty());
        assertThat(((RecordMap) perf).drainRecords()).singleElement().satisfies(r -> assertThat(r.cpu()).hasValue(1));
        assertThat(((QueueStackMap) queue).peek()).hasValueSatisfying(v -> assertThat(v).containsExactly(7, 0, 0, 0));
        assertThat(((BloomFilterMap) bloom).mightContain(u32(7))).isTrue();
        assertThat(hash).isNotInstanceOf(RecordMap.class).isNotInstanceOf(KeylessMap.class);
    }
}
