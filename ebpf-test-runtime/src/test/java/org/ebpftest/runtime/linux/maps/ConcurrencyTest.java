package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u32;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Memory;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    @Test
    void spinLockSerialisesReadModifyWriteFromSeveralThreads() throws Exception {
        // given an array value {bpf_spin_lock; u32 pad; u64 counter} mapped into one address space per thread
        BpfMap map = BpfMaps.create(MapDefinition.of("c", MapType.ARRAY, 4, 16, 1).withSpinLockAt(0));
        int threads = 4;
        int rounds = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        Memory first = MapsTestSupport.mapped(map);
        long value = map.lookupAddress(u32(0), 0, 0);
        // when every thread does a non-atomic increment under the lock
        for (int t = 0; t < threads; t++) {
            Memory memory = t == 0 ? first : MapsTestSupport.mapped(map);
            done.add(pool.submit(() -> {
                for (int i = 0; i < rounds; i++) {
                    SpinLocks.lock(memory, value);
                    memory.store64(value + 8, memory.load64(value + 8) + 1);
                    SpinLocks.unlock(memory, value);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        // then no increment was lost
        assertThat(first.load64(value + 8)).isEqualTo((long) threads * rounds);
    }

    @Test
    void parallelHashUpdatesAndDeletesKeepCountConsistent() throws Exception {
        BpfMap map = BpfMaps.create(MapDefinition.of("h", MapType.HASH, 4, 8, 4096));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * 1000;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    map.updateElem(u32(base + i), 0, new byte[8], 0, MapFlags.BPF_NOEXIST, 0);
                }
                for (int i = 0; i < 1000; i += 2) {
                    map.deleteElem(u32(base + i), 0, 0);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(map.size()).isEqualTo(2000);
        assertThat(map.keys()).hasSize(2000);
    }
}
