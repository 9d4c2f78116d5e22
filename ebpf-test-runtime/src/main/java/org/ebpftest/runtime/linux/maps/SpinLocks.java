package org.ebpftest.runtime.linux.maps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Region;

/**
 * {@code bpf_spin_lock} and {@code bpf_spin_unlock} on the 4-byte lock word inside a map value:
 * the word is taken with a compare-and-set from 0 to 1 on the shared backing array, so runs on
 * several threads (one VM each) exclude each other exactly as CPUs do.
 *
 * <p>The kernel's verifier guarantees every lock is released before a program exits. This VM does
 * not verify, so a lock still held after {@link #TIMEOUT_NANOS} is reported instead of spinning
 * forever.
 */
public final class SpinLocks {
    /** How long {@link #lock} spins before it reports a lock that is never released. */
    public static final long TIMEOUT_NANOS = 5_000_000_000L;

    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private SpinLocks() {
    }

    /** Takes the lock word at a virtual address (the helper {@code bpf_spin_lock}). */
    public static void lock(Memory memory, long address) {
        Region r = lockRegion(memory, address);
        lock(r.bytes(), (int) (address - r.baseAddress()));
    }

    /** Releases the lock word at a virtual address (the helper {@code bpf_spin_unlock}). */
    public static void unlock(Memory memory, long address) {
        Region r = lockRegion(memory, address);
        unlock(r.bytes(), (int) (address - r.baseAddress()));
    }

    private static Region lockRegion(Memory memory, long address) {
        if ((address & 3) != 0) {
            throw new IllegalArgumentException("bpf_spin_lock at " + Long.toHexString(address) + " is not 4-byte aligned");
        }
        return memory.require(address, 4, true);
    }

    /** Takes the lock word at {@code index} of a backing array. */
    public static void lock(byte[] bytes, int index) {
        if (I32.compareAndSet(bytes, index, 0, 1)) {
            return;
        }
        long start = System.nanoTime();
        while (!I32.compareAndSet(bytes, index, 0, 1)) {
            Thread.onSpinWait();
            if (System.nanoTime() - start > TIMEOUT_NANOS) {
                throw new IllegalStateException("bpf_spin_lock still held after " + TIMEOUT_NANOS / 1_000_000_000L
                        + " s: did a program exit without bpf_spin_unlock?");
            }
        }
    }

    /** Releases the lock word at {@code index} of a backing array. */
    public static void unlock(byte[] bytes, int index) {
        I32.setRelease(bytes, index, 0);
    }
}
