package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.u32;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Memory;
import org.junit.jupiter.api.Test;

/** Who holds a bpf_spin_lock decides between waiting for it and failing at once. */
class SpinLocksTest {
    private final BpfMap map = BpfMaps.create(MapDefinition.of("c", MapType.ARRAY, 4, 8, 1).withSpinLockAt(0));

    @Test
    void aLockHeldByAnotherRunningHolderIsWaitedForUntilItIsReleased() throws Exception {
        // given holder a, still running, holds the lock
        Memory memory = MapsTestSupport.mapped(map);
        long lock = map.lookupAddress(u32(0), 0, 0);
        SpinLocks.lock(memory, lock, new SpinLocks.Holder(), "pc 3 of a");

        // when holder b asks for it on another thread
        Memory other = MapsTestSupport.mapped(map);
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> SpinLocks.lock(other, lock, new SpinLocks.Holder(), "pc 3 of b"));

        // then b waits while a holds it, and takes it once a releases it
        assertThat(b).isNotDone();
        Thread.sleep(50);
        assertThat(b).isNotDone();
        SpinLocks.unlock(memory, lock);
        b.get(5, TimeUnit.SECONDS);
        assertThat(memory.load32(lock)).isEqualTo(1);
        SpinLocks.unlock(other, lock);
        assertThat(memory.load32(lock)).isZero();
    }

    @Test
    void aLockWhoseHolderEndedFailsAtOnceNamingWhereItWasTaken() {
        // given holder a took the lock and ended
        Memory memory = MapsTestSupport.mapped(map);
        long lock = map.lookupAddress(u32(0), 0, 0);
        SpinLocks.Holder a = new SpinLocks.Holder();
        SpinLocks.lock(memory, lock, a, "pc 3 of a");
        a.end();

        // when b asks for it, then it fails without waiting
        assertThatThrownBy(() -> SpinLocks.lock(memory, lock, new SpinLocks.Holder(), "pc 3 of b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("bpf_spin_lock at 0x" + Long.toHexString(lock) + " is held since pc 3 of a by a run that ended without bpf_spin_unlock,"
                        + " so nothing can release it (the verifier refuses a program that exits holding a lock)");
        SpinLocks.unlock(memory, lock);
    }

    @Test
    void theHostWaitsForAProgramsLockBeforeALockedUpdate() throws Exception {
        // given a running program holds the value's lock
        Memory memory = MapsTestSupport.mapped(map);
        long lock = map.lookupAddress(u32(0), 0, 0);
        SpinLocks.lock(memory, lock, new SpinLocks.Holder(), "pc 3 of a");

        // when the host updates the value with BPF_F_LOCK on another thread
        CompletableFuture<Long> update = CompletableFuture.supplyAsync(() -> map.updateElem(u32(0), 0, new byte[] {0, 0, 0, 0, 7, 0, 0, 0}, 0, MapFlags.BPF_F_LOCK, 0));

        // then it waits for the release, and then writes the value
        Thread.sleep(50);
        assertThat(update).isNotDone();
        SpinLocks.unlock(memory, lock);
        assertThat(update.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(map.lookup(u32(0)).orElseThrow()[4]).isEqualTo((byte) 7);
    }
}
