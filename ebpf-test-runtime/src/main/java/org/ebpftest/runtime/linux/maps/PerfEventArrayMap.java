package org.ebpftest.runtime.linux.maps;

import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;

/**
 * {@code BPF_MAP_TYPE_PERF_EVENT_ARRAY}: one perf buffer per index, which user space opens per
 * CPU. Here the buffers of indexes below the CPU count start open, as libbpf's
 * {@code perf_buffer__new} leaves them; {@link #close} and {@link #open} change that. Output
 * follows {@code bpf_perf_event_output}: flags beyond the index mask are -EINVAL,
 * {@code BPF_F_CURRENT_CPU} picks the running CPU, an index past {@code max_entries} is -E2BIG, a
 * closed index -ENOENT and a buffer of another CPU -EOPNOTSUPP. Records are kept per CPU and in
 * arrival order until drained.
 */
public final class PerfEventArrayMap extends BpfMap implements RecordMap {
    private final boolean[] open;
    private final List<MapRecord> records = new ArrayList<>();

    PerfEventArrayMap(MapDefinition def, int cpus) {
        super(def, cpus);
        this.open = new boolean[(int) def.maxEntries()];
        for (int i = 0; i < Math.min(cpus, open.length); i++) {
            open[i] = true;
        }
    }

    /** Opens the perf buffer at an index (its CPU is the index). */
    public synchronized void open(int index) {
        open[index] = true;
    }

    /** Closes the perf buffer at an index: output to it fails with -ENOENT. */
    public synchronized void close(int index) {
        open[index] = false;
    }

    /** {@code bpf_perf_event_output} from a program on {@code cpu}: 0 or a negative errno. */
    public synchronized long output(long flags, int cpu, byte[] src, int offset, int size) {
        if ((flags & ~MapFlags.BPF_F_INDEX_MASK) != 0) {
            return -Errno.EINVAL;
        }
        long index = flags & MapFlags.BPF_F_INDEX_MASK;
        if (index == MapFlags.BPF_F_CURRENT_CPU) {
            index = cpu;
        }
        if (index >= open.length) {
            return -Errno.E2BIG;
        }
        if (!open[(int) index]) {
            return -Errno.ENOENT;
        }
        if (index != cpu) {
            return -Errno.EOPNOTSUPP;
        }
        byte[] sample = new byte[size];
        System.arraycopy(src, offset, sample, 0, size);
        records.add(MapRecord.onCpu(cpu, sample));
        return 0;
    }

    /** Removes and returns every record with its CPU, in the order they were written. */
    @Override
    public synchronized List<MapRecord> drainRecords() {
        requireOpen();
        List<MapRecord> out = List.copyOf(records);
        records.clear();
        return out;
    }

    @Override
    public synchronized List<MapRecord> pendingRecords() {
        requireOpen();
        return records.stream().map(r -> new MapRecord(r.data().clone(), r.cpu())).toList();
    }

    /** Removes and returns the records of one CPU's buffer. */
    public synchronized List<byte[]> drain(int cpu) {
        requireOpen();
        List<byte[]> out = new ArrayList<>();
        records.removeIf(r -> {
            if (r.cpu().getAsInt() == cpu) {
                out.add(r.data());
                return true;
            }
            return false;
        });
        return out;
    }

    /** Records waiting to be drained. */
    @Override
    public synchronized int size() {
        return records.size();
    }

    @Override
    List<byte[]> hostLookup(byte[] key) {
        throw new MapOperationException(name(), "lookup", Errno.EOPNOTSUPP);
    }

    @Override
    long hostUpdate(byte[] key, List<byte[]> values, long flags) {
        return -Errno.EOPNOTSUPP;
    }

    @Override
    synchronized long hostDelete(byte[] key) {
        long i = (key[0] & 0xffL) | (key[1] & 0xffL) << 8 | (key[2] & 0xffL) << 16 | (key[3] & 0xffL) << 24;
        if (i >= open.length) {
            return -Errno.E2BIG;
        }
        if (!open[(int) i]) {
            return -Errno.ENOENT;
        }
        open[(int) i] = false;
        return 0;
    }

    @Override
    long hostNextKey(byte[] key, byte[] out) {
        return ArrayIndex.next(key, open.length, out);
    }

    @Override
    public List<MapEntry> entries() {
        requireOpen();
        return List.of();
    }

    @Override
    public void clear() {
        drainRecords();
    }
}
