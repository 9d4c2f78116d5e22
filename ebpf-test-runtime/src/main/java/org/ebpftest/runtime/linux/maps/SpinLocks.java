package org.ebpftest.runtime.linux.maps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Region;

/**
 * {@code bpf_spin_lock} and {@code bpf_spin_unlock} on the 4-byte lock word inside a map value:
 * the word is taken with a compare-and-set from 0 to 1 on the shared backing array, so runs on
 * several threads (one VM each) exclude each other exactly as CPUs do.
 *
 * <p>The kernel's verifier guarantees every lock is released before a program exits and is never
 * taken twice. This VM does not verify, so it remembers who holds each lock: a lock that no running
 * program or host copy can release (taken again by its own holder, held by a run that has ended,
 * or a non-zero word nobody took) fails at once; one held by another thread's run is waited for,
 * and reported after {@link #TIMEOUT_NANOS} instead of spinning forever.
 */
public final class SpinLocks {
    /** How long {@link #lock} spins for a lock another live holder has before it reports it. */
    public static final long TIMEOUT_NANOS = 5_000_000_000L;

    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Who took each lock word that is held now. Lock and unlock change a word only inside this map's compute, so the two agree. */
    private static final Map<Word, Taken> HOLDERS = new ConcurrentHashMap<>();

    /** A lock word: its backing array (compared by identity, as records compare arrays) and index. */
    private record Word(byte[] bytes, int index) {
    }

    private record Taken(Holder holder, String where) {
    }

    /**
     * Who takes locks: one program run, from its start until it ends, or the host copying one
     * value under its lock ({@code BPF_F_LOCK}).
     */
    public static final class Holder {
        private volatile boolean running = true;

        /** A holder that is running. */
        public Holder() {
        }

        /** Marks the holder as ended: a lock it still holds can never be released. */
        public void end() {
            running = false;
        }

        /** False once {@link #end} was called. */
        public boolean running() {
            return running;
        }
    }

    private SpinLocks() {
    }

    /** Takes the lock word at a virtual address for the host, waiting while someone else holds it. */
    public static void lock(Memory memory, long address) {
        lock(memory, address, new Holder(), "the host");
    }

    /**
     * Takes the lock word at a virtual address (the helper {@code bpf_spin_lock}) for a holder;
     * {@code where} says where it is taken, such as {@code pc 7 of counter}.
     *
     * @throws IllegalStateException when no running holder can ever release the lock
     */
    public static void lock(Memory memory, long address, Holder holder, String where) {
        Region r = lockRegion(memory, address);
        lock(r.bytes(), (int) (address - r.baseAddress()), holder, where, "0x" + Long.toHexString(address));
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

    /** Takes the lock word at {@code index} of a backing array for the host. */
    public static void lock(byte[] bytes, int index) {
        lock(bytes, index, new Holder(), "the host", "byte " + index + " of a map's values");
    }

    private static void lock(byte[] bytes, int index, Holder holder, String where, String lockName) {
        Word word = new Word(bytes, index);
        long start = System.nanoTime();
        while (true) {
            Taken[] current = new Taken[1];
            Taken mine = new Taken(holder, where);
            Taken after = HOLDERS.compute(word, (w, taken) -> {
                if (I32.compareAndSet(bytes, index, 0, 1)) {
                    return mine;
                }
                current[0] = taken;
                return taken;
            });
            if (after == mine) {
                return;
            }
            Taken t = current[0];
            String lock = "bpf_spin_lock at " + lockName;
            if (t == null) {
                throw new IllegalStateException(lock + ": the lock word is " + (int) I32.getVolatile(bytes, index)
                        + " but no program took it, so nothing can release it (was it written other than by bpf_spin_lock?)");
            }
            if (t.holder() == holder) {
                throw new IllegalStateException(lock + " is already held by this run since " + t.where()
                        + "; a second bpf_spin_lock before bpf_spin_unlock deadlocks (the verifier refuses the program)");
            }
            if (!t.holder().running()) {
                throw new IllegalStateException(lock + " is held since " + t.where() + " by a run that ended without bpf_spin_unlock,"
                        + " so nothing can release it (the verifier refuses a program that exits holding a lock)");
            }
            Thread.onSpinWait();
            if (System.nanoTime() - start > TIMEOUT_NANOS) {
                throw new IllegalStateException(lock + " still held after " + TIMEOUT_NANOS / 1_000_000_000L
                        + " s by " + t.where() + ", which is still running");
            }
        }
    }

    /** Releases the lock word at {@code index} of a backing array. */
    public static void unlock(byte[] bytes, int index) {
        HOLDERS.compute(new Word(bytes, index), (w, taken) -> {
            I32.setRelease(bytes, index, 0);
            return null;
        });
    }
}
