package org.ebpftest.runtime.linux.maps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.vm.Region;

/**
 * {@code BPF_MAP_TYPE_RINGBUF}, kept as {@code ringbuf.c} keeps it: a data area of
 * {@code max_entries} bytes, records of an 8-byte header ({@code u32 len} with bit 31 "busy" and
 * bit 30 "discarded", {@code u32 pg_off}) and the sample, each rounded up to 8 bytes, and three
 * positions: consumer, producer and pending (the oldest record not yet committed). A reservation
 * fails (NULL, or -EAGAIN for {@code bpf_ringbuf_output}) when the producer would get more than
 * the ring size ahead of the consumer or of the oldest uncommitted record.
 *
 * <p>As in the kernel, whose data pages are mapped twice in a row, a sample is contiguous even
 * where it wraps: the region is twice the ring and a wrapped tail is copied to the ring's start
 * when the record is committed. Reserved samples are zeroed here, where the kernel hands out
 * whatever bytes the ring held. Submits count the consumer wake-ups they would cause
 * ({@link #wakeups()}), honouring {@code BPF_RB_NO_WAKEUP} and {@code BPF_RB_FORCE_WAKEUP}.
 */
public final class RingBufMap extends BpfMap implements RecordMap {
    /** The busy bit of a record header's length. */
    public static final int BUSY_BIT = 1 << 31;
    /** The discard bit of a record header's length. */
    public static final int DISCARD_BIT = 1 << 30;
    /** The header size. */
    public static final int HEADER_SIZE = 8;
    /** Pages of {@code struct bpf_ringbuf} before the data: bookkeeping, consumer and producer pages. */
    private static final int DATA_PAGE_OFFSET = 3;
    private static final long MAX_RECORD_SIZE = 0xffff_ffffL / 4;
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final long mask;
    private final int dataSize;
    private final byte[] data;
    private final Region region;
    private long consumerPos;
    private long producerPos;
    private long pendingPos;
    private long wakeups;
    /** Header indexes of the samples reserved and not yet committed: the only pointers submit and discard take. */
    private final TreeSet<Integer> reserved = new TreeSet<>();

    RingBufMap(MapDefinition def, int cpus) {
        super(def, cpus);
        this.dataSize = (int) def.maxEntries();
        this.mask = dataSize - 1L;
        this.data = new byte[dataSize * 2];
        this.region = new Region("ringbuf " + def.name(), data, true);
    }

    @Override
    public List<Region> regions() {
        return List.of(region);
    }

    /** True when a sample address lies in this ring buffer (to route submit and discard). */
    public boolean owns(long address) {
        return region.baseAddress() != 0 && address >= region.baseAddress() && address < region.baseAddress() + data.length;
    }

    private static long roundUp8(long n) {
        return (n + 7) & ~7L;
    }

    /** {@code bpf_ringbuf_reserve}: the address of a zeroed sample of {@code size} bytes, or 0. */
    public synchronized long reserve(long size, long flags) {
        int sample = reserveIndex(size, flags);
        if (sample < 0) {
            return 0;
        }
        reserved.add(sample - HEADER_SIZE);
        return region.addressOf(sample);
    }

    /** Reserves a sample; the index in {@code data} of its first byte, or -1 when it does not fit. */
    private int reserveIndex(long size, long flags) {
        if (flags != 0 || size < 0 || size > MAX_RECORD_SIZE) {
            return -1;
        }
        long len = roundUp8(size + HEADER_SIZE);
        if (len > dataSize) {
            return -1;
        }
        long prod = producerPos;
        long pend = pendingPos;
        while (pend < prod) {
            int hdrLen = (int) I32.getAcquire(data, (int) (pend & mask));
            if ((hdrLen & BUSY_BIT) != 0) {
                break;
            }
            pend += roundUp8((hdrLen & ~DISCARD_BIT) + HEADER_SIZE);
        }
        pendingPos = pend;
        long next = prod + len;
        if (next - consumerPos > mask || next - pend > mask) {
            return -1;
        }
        int hdr = (int) (prod & mask);
        Arrays.fill(data, hdr + HEADER_SIZE, (int) (hdr + len), (byte) 0);
        I32.set(data, hdr + 4, DATA_PAGE_OFFSET + (hdr >>> 12));
        I32.setRelease(data, hdr, (int) size | BUSY_BIT);
        producerPos = next;
        return hdr + HEADER_SIZE;
    }

    /**
     * {@code bpf_ringbuf_submit}: commits a reserved sample.
     *
     * @throws IllegalArgumentException when the address is not a sample {@link #reserve} returned
     *     and not yet committed (the kernel's verifier refuses such programs)
     */
    public void submit(long sampleAddress, long flags) {
        commit(sampleAddress, flags, false);
    }

    /**
     * {@code bpf_ringbuf_discard}: commits a reserved sample as discarded.
     *
     * @throws IllegalArgumentException as {@link #submit} does
     */
    public void discard(long sampleAddress, long flags) {
        commit(sampleAddress, flags, true);
    }

    private synchronized void commit(long sampleAddress, long flags, boolean discard) {
        long hdr = sampleAddress - region.baseAddress() - HEADER_SIZE;
        if (!owns(sampleAddress) || !reserved.remove((int) hdr)) {
            throw new IllegalArgumentException(notReserved(sampleAddress, hdr));
        }
        commitIndex((int) hdr, flags, discard);
    }

    /**
     * Why an address is not a reserved sample: where it points relative to the nearest reserved
     * sample or committed record, so a pointer moved after {@code bpf_ringbuf_reserve} reads as such.
     */
    private String notReserved(long sampleAddress, long hdr) {
        String address = "0x" + Long.toHexString(sampleAddress);
        if (!owns(sampleAddress)) {
            return address + " is not a sample of ring buffer \"" + name() + "\"";
        }
        long sample = hdr + HEADER_SIZE;
        Integer below = reserved.floor((int) Math.min(hdr, Integer.MAX_VALUE));
        if (below != null) {
            long start = below + HEADER_SIZE;
            long length = (int) I32.getAcquire(data, below.intValue()) & ~(BUSY_BIT | DISCARD_BIT);
            if (sample > start && sample <= start + length) {
                return address + " is " + (sample - start) + " bytes into the sample of ring buffer \"" + name()
                        + "\" reserved at 0x" + Long.toHexString(region.addressOf((int) start))
                        + "; submit and discard take the pointer bpf_ringbuf_reserve returned";
            }
        }
        for (long pos = consumerPos; pos < producerPos; ) {
            int at = (int) (pos & mask);
            int len = (int) I32.getAcquire(data, at);
            if (at == hdr) {
                return "ring buffer \"" + name() + "\" sample at " + address + " was already submitted or discarded";
            }
            pos += roundUp8((len & ~(BUSY_BIT | DISCARD_BIT)) + HEADER_SIZE);
        }
        return address + " is inside ring buffer \"" + name() + "\" but is not a sample reserved from it and not yet "
                + "submitted or discarded; submit and discard take the pointer bpf_ringbuf_reserve returned";
    }

    /** Submits or discards the busy sample whose header is at {@code hdr}. */
    private void commitIndex(int hdr, long flags, boolean discard) {
        int len = (int) I32.getAcquire(data, hdr);
        int end = hdr + (int) roundUp8((len & ~BUSY_BIT) + HEADER_SIZE);
        if (end > dataSize) {
            System.arraycopy(data, dataSize, data, 0, end - dataSize);
        }
        int newLen = len ^ BUSY_BIT;
        if (discard) {
            newLen |= DISCARD_BIT;
        }
        I32.setRelease(data, hdr, newLen);
        long cons = consumerPos & mask;
        if ((flags & MapFlags.BPF_RB_FORCE_WAKEUP) != 0 || (cons == hdr && (flags & MapFlags.BPF_RB_NO_WAKEUP) == 0)) {
            wakeups++;
        }
    }

    /** {@code bpf_ringbuf_output}: copies a sample in; 0, -EINVAL for bad flags or -EAGAIN without room. */
    public long output(byte[] src, int offset, int size, long flags) {
        if ((flags & ~(MapFlags.BPF_RB_NO_WAKEUP | MapFlags.BPF_RB_FORCE_WAKEUP)) != 0) {
            return -Errno.EINVAL;
        }
        synchronized (this) {
            int sample = reserveIndex(size, 0);
            if (sample < 0) {
                return -Errno.EAGAIN;
            }
            if (size > 0) {
                // a zero-size sample copies nothing: its source may be any address a region holds
                System.arraycopy(src, offset, data, sample, size);
            }
            commitIndex(sample - HEADER_SIZE, flags, false);
        }
        return 0;
    }

    /** {@code bpf_ringbuf_query}: available data, ring size, consumer or producer position; 0 for other flags. */
    public synchronized long query(long flags) {
        if (flags == MapFlags.BPF_RB_AVAIL_DATA) {
            return producerPos - consumerPos;
        } else if (flags == MapFlags.BPF_RB_RING_SIZE) {
            return dataSize;
        } else if (flags == MapFlags.BPF_RB_CONS_POS) {
            return consumerPos;
        } else if (flags == MapFlags.BPF_RB_PROD_POS) {
            return producerPos;
        }
        return 0;
    }

    /** The number of consumer wake-ups the submits so far would have caused. */
    public synchronized long wakeups() {
        return wakeups;
    }

    /**
     * Consumes committed records as a user-space consumer (libbpf's {@code ring_buffer__consume})
     * does: returns the samples in order, skips discarded ones, and stops at the first record
     * still being written.
     */
    @Override
    public synchronized List<MapRecord> drainRecords() {
        requireOpen();
        List<MapRecord> out = new ArrayList<>();
        consumerPos = walk(out);
        return out;
    }

    /**
     * The samples {@link #drainRecords()} would return, without consuming them: the consumer
     * position, the wake-up count and every later drain stay as they were.
     */
    @Override
    public synchronized List<MapRecord> pendingRecords() {
        requireOpen();
        List<MapRecord> out = new ArrayList<>();
        walk(out);
        return out;
    }

    /** Reads the committed samples from the consumer position on; returns the position after the last one read. */
    private long walk(List<MapRecord> out) {
        long pos = consumerPos;
        while (pos < producerPos) {
            int hdr = (int) (pos & mask);
            int len = (int) I32.getAcquire(data, hdr);
            if ((len & BUSY_BIT) != 0) {
                break;
            }
            int size = len & ~DISCARD_BIT;
            if ((len & DISCARD_BIT) == 0) {
                byte[] sample = new byte[size];
                int start = hdr + HEADER_SIZE;
                int first = Math.min(size, dataSize - start);
                System.arraycopy(data, start, sample, 0, first);
                // A wrapped sample continues at the ring's start, where commit copied it.
                System.arraycopy(data, 0, sample, first, size - first);
                out.add(MapRecord.of(sample));
            }
            pos += roundUp8(size + HEADER_SIZE);
        }
        return pos;
    }

    /** Ring buffers have no elements to count; this is the bytes not yet consumed. */
    @Override
    public synchronized int size() {
        return (int) (producerPos - consumerPos);
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
    public List<MapEntry> entries() {
        requireOpen();
        return List.of();
    }

    /** Consumes everything committed; positions keep counting, as they do in the kernel. */
    @Override
    public void clear() {
        drainRecords();
    }
}
