package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.create;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.errno;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.le;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.mapped;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u32;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u64;

import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Memory;
import org.junit.jupiter.api.Test;

class ArrayMapTest {

    @Test
    void deleteIsEinvalConfirmedAgainstKernel() {
        // given an array (bpftool: "delete failed: Invalid argument")
        BpfMap map = create(MapType.ARRAY, 4, 4, 3);
        // when / then
        assertThat(errno(() -> map.delete(u32(0)))).isEqualTo(-Errno.EINVAL);
        assertThat(map.deleteElem(u32(0), 0, 0)).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void updatePastTheEndIsE2bigAndNoexistIsEexistConfirmedAgainstKernel() {
        // given
        BpfMap map = create(MapType.ARRAY, 4, 4, 3);
        // when / then: kernel said "Argument list too long" and "File exists"
        assertThat(errno(() -> map.update(u32(3), u32(1), MapFlags.BPF_ANY))).isEqualTo(-Errno.E2BIG);
        assertThat(errno(() -> map.update(u32(1), u32(1), MapFlags.BPF_NOEXIST))).isEqualTo(-Errno.EEXIST);
        assertThat(errno(() -> map.update(u32(1), u32(1), MapFlags.BPF_EXIST))).isZero();
        assertThat(errno(() -> map.update(u32(1), u32(1), 8))).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void lockFlagWithoutSpinLockIsEinval() {
        BpfMap map = create(MapType.ARRAY, 4, 8, 1);
        assertThat(errno(() -> map.update(u32(0), u64(1), MapFlags.BPF_F_LOCK))).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void getNextKeyWalksIndexesAndRestartsFromZeroForOutOfRangeKeyConfirmedAgainstKernel() {
        // given
        BpfMap map = create(MapType.ARRAY, 4, 4, 3);
        // then: getnext of key 7 gave 0, of the last key ENOENT
        assertThat(map.nextKey(u32(7)).orElseThrow()).isEqualTo(u32(0));
        assertThat(map.nextKey(u32(2))).isEmpty();
        assertThat(MapsTestSupport.firstBytes(map)).containsExactly(0, 1, 2);
    }

    @Test
    void lookupReturnsStableValueAddressThatProgramsWriteThrough() {
        // given a mapped array
        BpfMap map = create(MapType.ARRAY, 4, 12, 4);
        Memory memory = mapped(map);
        byte[] key = u32(2);
        // when a program looks up and stores through the pointer
        long address = map.lookupAddress(key, 0, 0);
        memory.store64(address, 42);
        // then the host sees it, the stride is 8-aligned and out of range is null
        assertThat(address % 8).isZero();
        assertThat(map.lookupAddress(u32(3), 0, 0) - address).isEqualTo(16);
        assertThat(le(java.util.Arrays.copyOf(map.lookup(key).orElseThrow(), 8))).isEqualTo(42);
        assertThat(map.lookupAddress(u32(4), 0, 0)).isZero();
    }

    @Test
    void perCpuArrayProgramUpdateWritesOnlyCurrentCpu() {
        // given a per-CPU array on 3 CPUs
        BpfMap map = BpfMaps.create(MapDefinition.of("pc", MapType.PERCPU_ARRAY, 4, 8, 2), 3);
        mapped(map);
        // when a program on CPU 1 updates and the host sets another index on every CPU
        map.updateElem(u32(0), 0, u64(7), 0, MapFlags.BPF_ANY, 1);
        map.put(u32(1), u64(5));
        // then
        assertThat(map.lookupPerCpu(u32(0)).orElseThrow()).extracting(MapsTestSupport::le).containsExactly(0L, 7L, 0L);
        assertThat(map.lookupPerCpu(u32(1)).orElseThrow()).extracting(MapsTestSupport::le).containsExactly(5L, 5L, 5L);
        // and one CPU's values are side by side, while two CPUs never share a cache line (nor a pair of them)
        assertThat(map.lookupAddress(u32(1), 0, 1) - map.lookupAddress(u32(0), 0, 1)).isEqualTo(8);
        assertThat(map.lookupAddress(u32(0), 0, 2) - map.lookupAddress(u32(1), 0, 1)).isGreaterThanOrEqualTo(128 + 8);
    }

    @Test
    void forEachVisitsEveryIndexAndCountsTheStoppingOne() {
        // given
        BpfMap map = create(MapType.ARRAY, 4, 4, 5);
        mapped(map);
        List<Long> seen = new ArrayList<>();
        // when the callback stops at index 2
        long n = map.forEachElem(0, 0, (k, off, value) -> {
            seen.add(ArrayIndex.of(k, off));
            return seen.size() == 3 ? 1 : 0;
        });
        // then
        assertThat(n).isEqualTo(3);
        assertThat(seen).containsExactly(0L, 1L, 2L);
        assertThat(map.forEachElem(1, 0, (k, off, v) -> 0)).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void lockedUpdateKeepsSpinLockWordAndHostReadsItAsZero() {
        // given an array whose value has a bpf_spin_lock at offset 0
        BpfMap map = BpfMaps.create(MapDefinition.of("l", MapType.ARRAY, 4, 8, 1).withSpinLockAt(0));
        Memory memory = mapped(map);
        long address = map.lookupAddress(u32(0), 0, 0);
        memory.store32(address, 0);
        // when updating with BPF_F_LOCK a value whose lock bytes are set
        long r = errno(() -> map.update(u32(0), new byte[] {9, 9, 9, 9, 1, 2, 3, 4}, MapFlags.BPF_F_LOCK));
        // then the data changed, the lock word was not copied
        assertThat(r).isZero();
        assertThat(memory.load32(address)).isZero();
        assertThat(map.lookup(u32(0)).orElseThrow()).containsExactly(0, 0, 0, 0, 1, 2, 3, 4);
    }
}
