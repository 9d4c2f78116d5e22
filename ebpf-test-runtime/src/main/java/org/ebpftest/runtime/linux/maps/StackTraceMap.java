package org.ebpftest.runtime.linux.maps;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;

/**
 * {@code BPF_MAP_TYPE_STACK_TRACE}: stacks of instruction addresses stored by id for
 * {@code bpf_get_stackid}. The id is {@code jhash2(ips, 0) & (n_buckets - 1)} with
 * {@code n_buckets = roundup_pow_of_two(max_entries)}, as in {@code stackmap.c}; a different stack
 * already in the bucket is -EEXIST unless {@code BPF_F_REUSE_STACKID} replaces it. The emulator
 * has no real call stacks: the helper adapter passes the frames it wants recorded.
 */
public final class StackTraceMap extends BpfMap {
    private static final long FAST_STACK_CMP = 1 << 9;

    private final long[][] buckets;
    private final int[] hashes;
    private final int depth;

    StackTraceMap(MapDefinition def, int cpus) {
        super(def, cpus);
        int n = Integer.highestOneBit((int) def.maxEntries());
        if (n < def.maxEntries()) {
            n <<= 1;
        }
        this.buckets = new long[n][];
        this.hashes = new int[n];
        this.depth = def.valueSize() / 8;
    }

    /**
     * {@code bpf_get_stackid}: stores a stack and returns its id, or a negative errno.
     *
     * @param ips the frames, innermost first
     * @param flags skip count in the low 8 bits, {@code BPF_F_USER_STACK}, {@code BPF_F_FAST_STACK_CMP},
     *     {@code BPF_F_REUSE_STACKID}
     */
    public synchronized long getStackId(long[] ips, long flags) {
        long known = MapFlags.BPF_F_SKIP_FIELD_MASK | MapFlags.BPF_F_USER_STACK | FAST_STACK_CMP | MapFlags.BPF_F_REUSE_STACKID;
        if ((flags & ~known) != 0) {
            return -Errno.EINVAL;
        }
        int skip = (int) (flags & MapFlags.BPF_F_SKIP_FIELD_MASK);
        if (ips.length <= skip) {
            return -Errno.EFAULT;
        }
        long[] trace = Arrays.copyOfRange(ips, skip, Math.min(ips.length, skip + depth));
        byte[] raw = new byte[trace.length * 8];
        for (int i = 0; i < trace.length; i++) {
            for (int b = 0; b < 8; b++) {
                raw[i * 8 + b] = (byte) (trace[i] >>> (8 * b));
            }
        }
        int hash = JHash.hash(raw, 0, raw.length, 0);
        int id = hash & (buckets.length - 1);
        long[] old = buckets[id];
        if (old != null && hashes[id] == hash && ((flags & FAST_STACK_CMP) != 0 || Arrays.equals(old, trace))) {
            return id;
        }
        if (old != null && (flags & MapFlags.BPF_F_REUSE_STACKID) == 0) {
            return -Errno.EEXIST;
        }
        buckets[id] = trace;
        hashes[id] = hash;
        return id;
    }

    /** The frames stored under an id, or empty when the id holds no stack. */
    public synchronized Optional<long[]> stack(int id) {
        requireOpen();
        return id >= 0 && id < buckets.length && buckets[id] != null ? Optional.of(buckets[id].clone()) : Optional.empty();
    }

    @Override
    public synchronized int size() {
        return (int) Arrays.stream(buckets).filter(b -> b != null).count();
    }

    @Override
    synchronized List<byte[]> hostLookup(byte[] key) {
        long id = ArrayIndex.of(key, 0);
        if (id >= buckets.length || buckets[(int) id] == null) {
            return null;
        }
        byte[] out = new byte[valueSize()];
        long[] t = buckets[(int) id];
        for (int i = 0; i < t.length; i++) {
            for (int b = 0; b < 8; b++) {
                out[i * 8 + b] = (byte) (t[i] >>> (8 * b));
            }
        }
        return List.of(out);
    }

    @Override
    long hostUpdate(byte[] key, List<byte[]> values, long flags) {
        return -Errno.EINVAL;
    }

    @Override
    synchronized long hostDelete(byte[] key) {
        long id = ArrayIndex.of(key, 0);
        if (id >= buckets.length || buckets[(int) id] == null) {
            return -Errno.ENOENT;
        }
        buckets[(int) id] = null;
        return 0;
    }

    @Override
    synchronized long hostNextKey(byte[] key, byte[] out) {
        long id = key == null ? -1 : ArrayIndex.of(key, 0);
        long next = id >= buckets.length || id < 0 || buckets[(int) id] == null ? 0 : id + 1;
        while (next < buckets.length && buckets[(int) next] == null) {
            next++;
        }
        if (next >= buckets.length) {
            return -Errno.ENOENT;
        }
        ArrayIndex.write(next, out, 0);
        return 0;
    }
}
