package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.errno;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.mapped;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u32;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u64;

import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Memory;
import org.junit.jupiter.api.Test;

/** {@code BPF_F_NO_PREALLOC} hashes: value memory allocated with the first elements, kernel limits unchanged. */
class NoPreallocHashTest {

    private static BpfMap hash(MapType type, long maxEntries, int cpus) {
        return BpfMaps.create(MapDefinition.of("lazy", type, 4, 8, maxEntries).withFlags(MapFlags.BPF_F_NO_PREALLOC), cpus);
    }

    private static long put(BpfMap m, int key, long value, long flags) {
        return m.updateElem(u32(key), 0, u64(value), 0, flags, 0);
    }

    @Test
    void allocatesNoValueMemoryUntilTheFirstElement() {
        // given a new no-prealloc hash
        BpfMap m = hash(MapType.HASH, 1 << 20, 1);
        long atCreation = BpfMaps.memoryFootprint(m.definition(), 1);
        assertThat(m.regions()).isEmpty();
        assertThat(m.memoryFootprint()).isEqualTo(atCreation).isEqualTo((1L << 20) * Integer.BYTES);

        // when one element is added, then one chunk of values exists and is counted
        assertThat(put(m, 1, 11, MapFlags.BPF_ANY)).isZero();
        assertThat(m.regions()).hasSize(1);
        assertThat(m.regions().get(0).bytes()).hasSize(1 << 20);
        assertThat(m.memoryFootprint()).isGreaterThan(atCreation + (1 << 20));
    }

    @Test
    void refusesANewKeyPastMaxEntriesWithE2bigButReplacesInAFullMap() {
        // given a full no-prealloc hash of 4 entries
        BpfMap m = hash(MapType.HASH, 4, 2);
        for (int k = 0; k < 4; k++) {
            assertThat(put(m, k, k, MapFlags.BPF_ANY)).isZero();
        }

        // when a new key is added, then -E2BIG; replacing a present key still works
        assertThat(put(m, 9, 9, MapFlags.BPF_ANY)).isEqualTo(-Errno.E2BIG);
        assertThat(put(m, 2, 22, MapFlags.BPF_EXIST)).isZero();
        assertThat(put(m, 3, 33, MapFlags.BPF_ANY)).isZero();
        assertThat(MapsTestSupport.le(m.lookup(u32(2)).orElseThrow())).isEqualTo(22);

        // when one is deleted, then a new key fits again
        assertThat(errno(() -> m.delete(u32(0)))).isZero();
        assertThat(put(m, 9, 9, MapFlags.BPF_NOEXIST)).isZero();
        assertThat(m.size()).isEqualTo(4);
    }

    @Test
    void aReplacementLeavesAnEarlierValuePointerShowingTheOldValue() {
        // given a value pointer taken by a program
        BpfMap m = hash(MapType.HASH, 16, 1);
        assertThat(put(m, 5, 50, MapFlags.BPF_ANY)).isZero();
        Memory memory = mapped(m);
        long before = m.lookupAddress(u32(5), 0, 0);

        // when the element is replaced
        assertThat(put(m, 5, 51, MapFlags.BPF_ANY)).isZero();

        // then the new element lives elsewhere and the old pointer still reads the old value
        long after = m.lookupAddress(u32(5), 0, 0);
        assertThat(after).isNotEqualTo(before);
        assertThat(memory.load64(before)).isEqualTo(50);
        assertThat(memory.load64(after)).isEqualTo(51);
    }

    @Test
    void perCpuHashUpdatesInPlaceAndRefusesPastMaxEntries() {
        // given a no-prealloc per-CPU hash of 2 entries on 4 CPUs
        BpfMap m = hash(MapType.PERCPU_HASH, 2, 4);
        assertThat(m.updateElem(u32(1), 0, u64(10), 0, MapFlags.BPF_ANY, 3)).isZero();
        assertThat(put(m, 2, 20, MapFlags.BPF_ANY)).isZero();
        Memory memory = mapped(m);
        long cpu3 = m.lookupAddress(u32(1), 0, 3);

        // when key 1 is updated on CPU 3 and a third key is added
        assertThat(m.updateElem(u32(1), 0, u64(11), 0, MapFlags.BPF_EXIST, 3)).isZero();
        long third = put(m, 3, 30, MapFlags.BPF_ANY);

        // then the value changed in place, the other CPUs' values are zero, and the map is full
        assertThat(m.lookupAddress(u32(1), 0, 3)).isEqualTo(cpu3);
        assertThat(memory.load64(cpu3)).isEqualTo(11);
        assertThat(MapsTestSupport.le(m.lookupPerCpu(u32(1)).orElseThrow().get(0))).isZero();
        assertThat(third).isEqualTo(-Errno.E2BIG);
    }
}
