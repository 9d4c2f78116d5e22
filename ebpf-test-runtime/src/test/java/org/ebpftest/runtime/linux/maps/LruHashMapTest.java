package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.errno;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.mapped;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u32;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

/**
 * LRU eviction pinned against Linux 6.18 on a machine with 2 possible CPUs: each scenario ran as
 * {@code taskset -c 0 bpftool map update ...} (so every operation is on CPU 0, like the host path
 * here), and the surviving keys are what {@code bpftool map dump} listed.
 */
class LruHashMapTest {

    private static BpfMap lru(int max, int flags) {
        return BpfMaps.create(MapDefinition.of("lru", MapType.LRU_HASH, 4, 4, max).withFlags(flags), 2);
    }

    /** Runs operations like "u5" (update key 5), "n5" (update with BPF_NOEXIST), "d5" (delete). */
    private static List<Integer> survivors(BpfMap map, String... ops) {
        for (String op : ops) {
            int k = Integer.parseInt(op.substring(1));
            long flags = op.charAt(0) == 'n' ? MapFlags.BPF_NOEXIST : MapFlags.BPF_ANY;
            if (op.charAt(0) == 'd') {
                map.delete(u32(k));
            } else {
                map.update(u32(k), u32(k), flags);
            }
        }
        List<Integer> out = new ArrayList<>();
        for (byte[] key : map.keys()) {
            out.add((int) ArrayIndex.of(key, 0));
        }
        return out.stream().sorted().toList();
    }

    private static String[] updates(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "u" + i).toArray(String[]::new);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void fillingPastCapacityEvictsOldestTwoConfirmedAgainstKernel() {
        assertThat(survivors(lru(8, 0), updates(1, 10))).containsExactly(3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void replacedKeysSurviveAsReferencedConfirmedAgainstKernel() {
        // updating keys 1 and 2 again marks the new nodes referenced
        assertThat(survivors(lru(8, 0), concat(updates(1, 8), "u1", "u2", "u9", "u10", "u11")))
                .containsExactly(1, 2, 7, 8, 9, 10, 11);
    }

    @Test
    void sixteenEntriesWithTwoReplacementsConfirmedAgainstKernel() {
        assertThat(survivors(lru(16, 0), concat(updates(1, 16), "u3", "u5", "u17", "u18", "u19", "u20", "u21")))
                .containsExactly(3, 5, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21);
    }

    @Test
    void failedNoexistUpdateStillEvictsConfirmedAgainstKernel() {
        // the kernel takes a free node before it checks the flags: n1..n3 fail with EEXIST yet evict key 4
        BpfMap map = lru(8, 0);
        assertThat(errno(() -> map.update(u32(1), u32(1), MapFlags.BPF_NOEXIST))).isZero();
        assertThat(survivors(map, concat(updates(2, 8), "n1", "n2", "n3"))).containsExactly(1, 2, 3, 5, 6, 7, 8);
        assertThat(errno(() -> map.update(u32(1), u32(1), MapFlags.BPF_NOEXIST))).isEqualTo(-Errno.EEXIST);
    }

    @Test
    void perCpuLruListFreesFourAtOnceConfirmedAgainstKernel() {
        // BPF_F_NO_COMMON_LRU: CPU 0 owns 4 of the 8 nodes and evicts four when it runs out
        assertThat(survivors(lru(8, MapFlags.BPF_F_NO_COMMON_LRU), updates(1, 10))).containsExactly(9, 10);
    }

    @Test
    void deletedNodeIsReusedBeforeEvictingConfirmedAgainstKernel() {
        assertThat(survivors(lru(4, 0), "u1", "u2", "u3", "u4", "u5", "d5", "u6", "u7", "u8")).containsExactly(4, 6, 7, 8);
    }

    @Test
    void largeMapEvictsInBatchesOfTargetFreeConfirmedAgainstKernel() {
        // 300 entries, 2 CPUs: target_free = 75, so the first eviction frees keys 1..75 at once
        List<Integer> alive = survivors(lru(300, 0), updates(1, 320));
        List<Integer> missing = IntStream.rangeClosed(1, 320).filter(i -> !alive.contains(i)).boxed().toList();
        assertThat(alive).hasSize(245);
        assertThat(missing).isEqualTo(IntStream.rangeClosed(1, 75).boxed().toList());
    }

    @Test
    void programLookupSetsReferenceBitButHostLookupDoesNot() {
        // given a full 4-entry LRU on one CPU
        BpfMap map = BpfMaps.create(MapDefinition.of("lru", MapType.LRU_HASH, 4, 4, 4), 1);
        mapped(map);
        for (int k = 1; k <= 4; k++) {
            map.put(u32(k), u32(k));
        }
        // when a program looks up key 1 and the host looks up key 2, then two new keys arrive
        assertThat(map.lookupAddress(u32(1), 0, 0)).isNotZero();
        assertThat(map.lookup(u32(2))).isPresent();
        map.put(u32(5), u32(5));
        map.put(u32(6), u32(6));
        // then the referenced key 1 survived and the unreferenced oldest were evicted
        assertThat(map.containsKey(u32(1))).isTrue();
        assertThat(map.containsKey(u32(2))).isFalse();
        assertThat(map.size()).isEqualTo(4);
    }

    @Test
    void lruPercpuUpdatesInPlaceAndExistDoesNotTakeANode() {
        BpfMap map = BpfMaps.create(MapDefinition.of("lp", MapType.LRU_PERCPU_HASH, 4, 8, 2), 2);
        mapped(map);
        assertThat(map.updateElem(u32(1), 0, MapsTestSupport.u64(3), 0, MapFlags.BPF_ANY, 1)).isZero();
        long address = map.lookupAddress(u32(1), 0, 1);
        assertThat(map.updateElem(u32(1), 0, MapsTestSupport.u64(4), 0, MapFlags.BPF_EXIST, 1)).isZero();
        assertThat(map.lookupAddress(u32(1), 0, 1)).isEqualTo(address);
        assertThat(map.lookupPerCpu(u32(1)).orElseThrow()).extracting(MapsTestSupport::le).containsExactly(0L, 4L);
        assertThat(map.updateElem(u32(9), 0, MapsTestSupport.u64(1), 0, MapFlags.BPF_EXIST, 0)).isEqualTo(-Errno.ENOENT);
    }

    @Test
    void keysInLinkOrderListOldestFirstAndAReplacementLast() {
        BpfMap map = lru(8, 0);
        for (int k : new int[] {5, 3, 9}) {
            map.update(u32(k), u32(k), MapFlags.BPF_ANY);
        }

        map.update(u32(5), u32(50), MapFlags.BPF_ANY);

        assertThat(map.keysInLinkOrder()).map(k -> (int) ArrayIndex.of(k, 0)).containsExactly(3, 9, 5);
    }
}
