package org.ebpftest.runtime.linux.maps;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Region;

/**
 * {@code BPF_MAP_TYPE_USER_RINGBUF}: a ring buffer user space writes and programs drain with
 * {@code bpf_user_ringbuf_drain} (kernel/bpf/ringbuf.c). {@link #submit} is libbpf's
 * {@code user_ring_buffer__reserve} followed by {@code __submit}; a record takes its length plus
 * the 8-byte header, rounded up to 8, of the {@code max_entries} bytes of the ring, and is handed to
 * the program in place, at its offset in the ring's memory (which, like the kernel's double
 * mapping, runs on past the end so that a wrapped record stays contiguous).
 */
public final class UserRingBufMap extends BpfMap {
    /** {@code BPF_RINGBUF_HDR_SZ}. */
    static final int HEADER = 8;
    /** The most records one drain consumes ({@code BPF_MAX_USER_RINGBUF_SAMPLES}). */
    public static final int MAX_SAMPLES = 128 * 1024;
    /** {@code DYNPTR_MAX_SIZE}: a record must fit a dynptr. */
    static final int DYNPTR_MAX_SIZE = (1 << 24) - 1;

    private final Region data;
    private final Deque<byte[]> pending = new ArrayDeque<>();
    private long producer;
    private long consumer;
    private boolean busy;

    /** Reads a record at the consumer position: the program's callback answers 0 to go on, anything else to stop. */
    @FunctionalInterface
    public interface SampleVisitor {
        /**
         * Sees one record.
         *
         * @param address where the record's bytes are, in the ring's region
         * @param length its length in bytes
         * @return the callback's return value
         */
        long visit(long address, int length);
    }

    UserRingBufMap(MapDefinition def, int cpus) {
        super(def, cpus);
        data = new Region("map " + def.name() + " (user ring buffer)", new byte[Math.multiplyExact(2, (int) def.maxEntries())], true);
    }

    @Override
    public List<Region> regions() {
        return List.of(data);
    }

    private long capacity() {
        return definition().maxEntries();
    }

    /**
     * Writes a record for programs to drain, as user space does.
     *
     * @throws MapOperationException E2BIG when the record can never fit the ring (or a dynptr),
     *     ENOSPC when the ring has no room for it until programs drain
     */
    public synchronized void submit(byte[] record) {
        requireOpen();
        long total = roundUp8(record.length + HEADER);
        if (total > capacity() || record.length > DYNPTR_MAX_SIZE) {
            throw new MapOperationException(name(), "submit", Errno.E2BIG);
        }
        if (producer - consumer + total > capacity()) {
            throw new MapOperationException(name(), "submit", Errno.ENOSPC);
        }
        pending.addLast(record.clone());
        producer += total;
    }

    /** The records written and not yet drained. */
    public synchronized int pendingRecords() {
        return pending.size();
    }

    /** How many bytes of the ring the waiting records take, headers included. */
    public synchronized long usedBytes() {
        return producer - consumer;
    }

    /**
     * {@code bpf_user_ringbuf_drain}: hands the waiting records, oldest first, to the visitor until
     * one answers non-zero or {@value #MAX_SAMPLES} were handed out, consuming each one handed out.
     *
     * @return the number of records consumed, or {@code -EBUSY} when a drain of this ring is
     *     already running (a callback draining it again)
     */
    public long drain(SampleVisitor visitor) {
        byte[] record;
        synchronized (this) {
            if (busy) {
                return -Errno.EBUSY;
            }
            busy = true;
        }
        long samples = 0;
        try {
            long ret = 0;
            while (samples < MAX_SAMPLES && ret == 0) {
                long at;
                synchronized (this) {
                    record = pending.pollFirst();
                    if (record == null) {
                        break;
                    }
                    at = consumer & (capacity() - 1);
                    byte[] b = data.bytes();
                    int len = record.length;
                    b[(int) at] = (byte) len;
                    b[(int) at + 1] = (byte) (len >>> 8);
                    b[(int) at + 2] = (byte) (len >>> 16);
                    b[(int) at + 3] = (byte) (len >>> 24);
                    System.arraycopy(record, 0, b, (int) at + HEADER, len);
                }
                try {
                    ret = visitor.visit(data.baseAddress() + at + HEADER, record.length);
                } finally {
                    synchronized (this) {
                        consumer += roundUp8(record.length + HEADER);
                    }
                }
                samples++;
            }
            return samples;
        } finally {
            synchronized (this) {
                busy = false;
            }
        }
    }

    private static long roundUp8(long n) {
        return (n + 7) & ~7L;
    }

    @Override
    List<byte[]> hostLookup(byte[] key) {
        throw new MapOperationException(name(), "lookup", Errno.ENOTSUPP);
    }

    @Override
    long hostUpdate(byte[] key, List<byte[]> values, long flags) {
        return -Errno.ENOTSUPP;
    }

    @Override
    long hostDelete(byte[] key) {
        return -Errno.ENOTSUPP;
    }

    @Override
    long hostNextKey(byte[] key, byte[] out) {
        return -Errno.ENOTSUPP;
    }

    @Override
    public synchronized int size() {
        return pending.size();
    }
}
