package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.errno;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.firstBytes;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.le;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.mapped;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u32;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u64;

import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Memory;
import org.junit.jupiter.api.Test;

class HashMapTest {

    private static BpfMap hash(int key, int value, int max) {
        return BpfMaps.create(MapDefinition.of("h", MapType.HASH, key, value, max).withFlags(MapFlags.BPF_F_ZERO_SEED));
    }

    @Test
    void updateFlagsGiveKernelErrnosConfirmedAgainstKernel() {
        // given a full 4-entry hash (bpftool update x4)
        BpfMap map = hash(4, 8, 4);
        for (int k = 1; k <= 4; k++) {
            byte[] key = u32(k);
            byte[] value = u64(k);
            assertThat(errno(() -> map.update(key, value, MapFlags.BPF_ANY))).isZero();
        }
        // then: full -> E2BIG, NOEXIST on present -> EEXIST, EXIST on absent -> ENOENT,
        // replacing a present key in a full map works, deleting an absent key -> ENOENT
        assertThat(errno(() -> map.update(u32(5), u64(0), MapFlags.BPF_ANY))).isEqualTo(-Errno.E2BIG);
        assertThat(errno(() -> map.update(u32(1), u64(0), MapFlags.BPF_NOEXIST))).isEqualTo(-Errno.EEXIST);
        assertThat(errno(() -> map.update(u32(9), u64(0), MapFlags.BPF_EXIST))).isEqualTo(-Errno.ENOENT);
        assertThat(errno(() -> map.update(u32(2), u64(7), MapFlags.BPF_EXIST))).isZero();
        assertThat(map.delete(u32(9))).isFalse();
        assertThat(errno(() -> map.update(u32(1), u64(0), 3))).isEqualTo(-Errno.EINVAL);
        assertThat(errno(() -> map.update(u32(1), u64(0), MapFlags.BPF_F_LOCK))).isEqualTo(-Errno.EINVAL);
        assertThat(map.size()).isEqualTo(4);
    }

    @Test
    void dumpOrderOfFourKeysMatchesZeroSeededKernelMapConfirmedAgainstKernel() {
        // given keys 1..4 inserted, then key 2 replaced (bpftool dump: 4, 2, 3, 1)
        BpfMap map = hash(4, 8, 4);
        for (int k = 1; k <= 4; k++) {
            map.put(u32(k), u64(k));
        }
        map.update(u32(2), u64(7), MapFlags.BPF_EXIST);
        // then
        assertThat(firstBytes(map)).containsExactly(4, 2, 3, 1);
        assertThat(le(map.lookup(u32(2)).orElseThrow())).isEqualTo(7);
        assertThat(map.nextKey(u32(9)).orElseThrow()).isEqualTo(u32(4));
    }

    @Test
    void dumpOrderOfTwelveKeysWithAReplacementMatchesKernelConfirmedAgainstKernel() {
        // given 16 entries, keys 1..12, key 3 updated again (replacement moves it to its bucket's head)
        BpfMap map = hash(4, 4, 16);
        for (int k = 1; k <= 12; k++) {
            map.put(u32(k), u32(k));
        }
        map.put(u32(3), u32(33));
        // then bpftool -j dump gave this order
        assertThat(firstBytes(map)).containsExactly(10, 4, 5, 7, 2, 1, 8, 12, 11, 9, 6, 3);
    }

    @Test
    void dumpOrderOfOddSizedKeysUsesByteWiseJhashConfirmedAgainstKernel() {
        // given 6-byte keys {k,1,2,3,4,5}
        BpfMap map = hash(6, 4, 8);
        for (int k : new int[] {10, 20, 30, 40, 50, 60}) {
            map.put(new byte[] {(byte) k, 1, 2, 3, 4, 5}, u32(1));
        }
        // then
        assertThat(firstBytes(map)).containsExactly(60, 30, 20, 40, 10, 50);
    }

    @Test
    void dumpOrderOfKeysLongerThanOneJhashBlockConfirmedAgainstKernel() {
        // given 20-byte keys {k, 0 x 18, 9}
        BpfMap map = hash(20, 4, 8);
        for (int k = 1; k <= 7; k++) {
            byte[] key = new byte[20];
            key[0] = (byte) k;
            key[19] = 9;
            map.put(key, u32(1));
        }
        // then
        assertThat(firstBytes(map)).containsExactly(2, 5, 1, 6, 7, 4, 3);
    }

    @Test
    void replacingAnElementLeavesEarlierPointerOnOldValue() {
        // given a value pointer from a lookup
        BpfMap map = hash(4, 8, 2);
        Memory memory = mapped(map);
        map.put(u32(1), u64(100));
        long before = map.lookupAddress(u32(1), 0, 0);
        // when the element is replaced
        map.updateElem(u32(1), 0, u64(200), 0, MapFlags.BPF_ANY, 0);
        long after = map.lookupAddress(u32(1), 0, 0);
        // then, as in the kernel (a new element replaces the old), the old pointer still reads the old value
        assertThat(after).isNotEqualTo(before);
        assertThat(memory.load64(before)).isEqualTo(100);
        assertThat(memory.load64(after)).isEqualTo(200);
    }

    @Test
    void deleteKeepsOtherValuesInPlaceAndReusedSlotStartsZeroed() {
        // given two elements, the first value's padding dirtied through its pointer
        BpfMap map = hash(4, 4, 2);
        Memory memory = mapped(map);
        map.put(u32(1), u32(11));
        map.put(u32(2), u32(22));
        long first = map.lookupAddress(u32(1), 0, 0);
        long second = map.lookupAddress(u32(2), 0, 0);
        memory.store64(first, -1L);
        // when the first is deleted and a new key takes its slot
        map.delete(u32(1));
        map.put(u32(3), u32(33));
        // then the second did not move and the reused slot has no stale padding
        assertThat(map.lookupAddress(u32(2), 0, 0)).isEqualTo(second);
        long third = map.lookupAddress(u32(3), 0, 0);
        assertThat(third).isEqualTo(first);
        assertThat(memory.load64(third)).isEqualTo(33);
    }

    @Test
    void perCpuHashProgramUpdateZeroesOtherCpusOfNewElement() {
        // given a per-CPU hash on 2 CPUs
        BpfMap map = BpfMaps.create(MapDefinition.of("p", MapType.PERCPU_HASH, 4, 8, 4), 2);
        Memory memory = mapped(map);
        // when a program on CPU 1 inserts, then CPU 0 updates in place
        assertThat(map.updateElem(u32(1), 0, u64(5), 0, MapFlags.BPF_NOEXIST, 1)).isZero();
        long cpu0 = map.lookupAddress(u32(1), 0, 0);
        assertThat(map.updateElem(u32(1), 0, u64(6), 0, MapFlags.BPF_EXIST, 0)).isZero();
        // then each CPU has its own value, updated in place
        assertThat(map.lookupPerCpu(u32(1)).orElseThrow()).extracting(MapsTestSupport::le).containsExactly(6L, 5L);
        assertThat(map.lookupAddress(u32(1), 0, 0)).isEqualTo(cpu0);
        assertThat(memory.load64(map.lookupAddress(u32(1), 0, 1))).isEqualTo(5);
        assertThat(map.updateElem(u32(1), 0, u64(6), 0, MapFlags.BPF_F_LOCK, 0)).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void forEachVisitsInBucketOrderAndSurvivesDeletingTheVisitedElement() {
        // given
        BpfMap map = hash(4, 4, 16);
        mapped(map);
        for (int k = 1; k <= 12; k++) {
            map.put(u32(k), u32(k));
        }
        java.util.List<Integer> seen = new java.util.ArrayList<>();
        // when the callback deletes every element it sees
        long n = map.forEachElem(0, 0, (key, off, value) -> {
            seen.add(key[off] & 0xff);
            map.deleteElem(java.util.Arrays.copyOfRange(key, off, off + 4), 0, 0);
            return 0;
        });
        // then
        assertThat(n).isEqualTo(12);
        assertThat(seen).containsExactly(10, 4, 5, 7, 2, 1, 8, 12, 11, 9, 6, 3);
        assertThat(map.size()).isZero();
    }

    @Test
    void lockedUpdateOfPresentElementWritesInPlace() {
        // given a hash whose value holds a spin lock at offset 4
        BpfMap map = BpfMaps.create(MapDefinition.of("l", MapType.HASH, 4, 8, 2).withSpinLockAt(4));
        Memory memory = mapped(map);
        map.put(u32(1), u64(1));
        long address = map.lookupAddress(u32(1), 0, 0);
        // when
        long r = map.updateElem(u32(1), 0, u64(0x0000_0000_0000_0009L), 0, MapFlags.BPF_F_LOCK, 0);
        // then the same slot holds the new data; absent key with BPF_F_LOCK inserts normally
        assertThat(r).isZero();
        assertThat(map.lookupAddress(u32(1), 0, 0)).isEqualTo(address);
        assertThat(memory.load32(address)).isEqualTo(9);
        assertThat(map.updateElem(u32(2), 0, u64(3), 0, MapFlags.BPF_F_LOCK | MapFlags.BPF_NOEXIST, 0)).isZero();
    }
}
