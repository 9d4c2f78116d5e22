package org.ebpftest.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.linux.maps.MapRecord;

/**
 * The perf buffers behind a perf event array, one per CPU, opened as libbpf's
 * {@code perf_buffer__new} opens them: a {@code PERF_COUNT_SW_BPF_OUTPUT} software event per CPU
 * sampling raw data on every output, its ring mapped into this process, its descriptor stored at
 * the CPU's index of the array. Records are read from each ring's tail to its head and consumed
 * by moving the tail.
 *
 * <p>The kernel pads a raw sample so that the size field and the data end on 8 bytes, and reports
 * the padded size, as libbpf's callback receives it: a record of {@code n} bytes reads as
 * {@code roundup(n + 4, 8) - 4} bytes whose tail is whatever the ring held there.
 */
final class PerfBuffers implements AutoCloseable {
    private static final int PAGE_SIZE = 4096;
    /** Data pages per CPU (a power of two, as perf requires): 64 KiB, room for a test's records. */
    private static final int DATA_PAGES = 16;
    private static final long MMAP_SIZE = (long) PAGE_SIZE * (1 + DATA_PAGES);
    private static final int PERF_TYPE_SOFTWARE = 1;
    private static final int PERF_COUNT_SW_BPF_OUTPUT = 10;
    private static final long PERF_SAMPLE_RAW = 1 << 10;
    private static final int PERF_ATTR_SIZE = 128;
    private static final long PERF_FLAG_FD_CLOEXEC = 1 << 3;
    /** {@code PERF_EVENT_IOC_ENABLE}, {@code _IO('$', 0)}. */
    private static final long PERF_EVENT_IOC_ENABLE = 0x2400;
    private static final int PERF_RECORD_LOST = 2;
    private static final int PERF_RECORD_SAMPLE = 9;
    /** Offsets in {@code struct perf_event_mmap_page}. */
    private static final int DATA_HEAD = 1024;
    private static final int DATA_TAIL = 1032;
    private static final int DATA_OFFSET = 1040;
    private static final int DATA_SIZE = 1048;

    private final String map;
    private final List<Integer> fds = new ArrayList<>();
    private final List<Pointer> rings = new ArrayList<>();
    private long lost;

    private PerfBuffers(String map) {
        this.map = map;
    }

    /**
     * Opens a perf buffer for each CPU below {@code cpus} and stores it in the perf event array.
     *
     * @throws KernelException when the kernel refuses the event, the mapping or the array update
     */
    static PerfBuffers open(KernelMap array, int cpus) {
        PerfBuffers buffers = new PerfBuffers(array.name());
        try {
            for (int cpu = 0; cpu < cpus; cpu++) {
                int fd = buffers.openOn(cpu);
                array.put(u32(cpu), u32(fd));
            }
        } catch (RuntimeException e) {
            buffers.close();
            throw e;
        }
        return buffers;
    }

    private int openOn(int cpu) {
        Memory attr = new Memory(PERF_ATTR_SIZE);
        attr.clear();
        attr.setInt(0, PERF_TYPE_SOFTWARE);
        attr.setInt(4, PERF_ATTR_SIZE);
        attr.setLong(8, PERF_COUNT_SW_BPF_OUTPUT);
        attr.setLong(16, 1);                 // sample_period: every output is a sample
        attr.setLong(24, PERF_SAMPLE_RAW);
        attr.setInt(48, 1);                  // wakeup_events
        int fd;
        try {
            fd = Syscalls.perfEventOpen(attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
        } catch (LastErrorException e) {
            throw new KernelException("perf_event_open of the perf buffer of CPU " + cpu + " for map [" + map + "]: " + e.getMessage(),
                    e.getErrorCode(), e);
        }
        fds.add(fd);
        rings.add(Syscalls.mmap(fd, MMAP_SIZE, Syscalls.PROT_READ | Syscalls.PROT_WRITE, 0, "the perf buffer of CPU " + cpu + " for map [" + map + "]"));
        try {
            Syscalls.libc().ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
        } catch (LastErrorException e) {
            throw new KernelException("PERF_EVENT_IOC_ENABLE of the perf buffer of CPU " + cpu + " for map [" + map + "]: " + e.getMessage(),
                    e.getErrorCode(), e);
        }
        return fd;
    }

    /** Every CPU's samples, CPU by CPU, each CPU's in the order written; {@code consume} moves the tails past them. */
    List<MapRecord> read(boolean consume) {
        List<MapRecord> out = new ArrayList<>();
        for (int cpu = 0; cpu < rings.size(); cpu++) {
            read(cpu, rings.get(cpu), out, consume);
        }
        return out;
    }

    /** Samples the kernel reported lost because a ring was full. */
    long lost() {
        return lost;
    }

    private void read(int cpu, Pointer page, List<MapRecord> out, boolean consume) {
        long head = page.getLong(DATA_HEAD);
        long tail = page.getLong(DATA_TAIL);
        long offset = page.getLong(DATA_OFFSET);
        long size = page.getLong(DATA_SIZE);
        while (tail < head) {
            ByteBuffer header = ByteBuffer.wrap(read(page, offset, size, tail, 8)).order(ByteOrder.nativeOrder());
            int type = header.getInt(0);
            int length = Short.toUnsignedInt(header.getShort(6));
            if (length < 8) {
                throw new KernelException("perf buffer of CPU " + cpu + " for map [" + map + "] holds a record of " + length + " bytes", 0);
            }
            if (type == PERF_RECORD_SAMPLE) {
                byte[] body = read(page, offset, size, tail + 8, length - 8);
                int raw = ByteBuffer.wrap(body).order(ByteOrder.nativeOrder()).getInt(0);
                byte[] data = new byte[Math.min(raw, body.length - 4)];
                System.arraycopy(body, 4, data, 0, data.length);
                out.add(MapRecord.onCpu(cpu, data));
            } else if (type == PERF_RECORD_LOST && consume) {
                lost += ByteBuffer.wrap(read(page, offset, size, tail + 16, 8)).order(ByteOrder.nativeOrder()).getLong(0);
            }
            tail += length;
        }
        if (consume) {
            page.setLong(DATA_TAIL, tail);
        }
    }

    /** {@code n} bytes of a ring at a position, across its end where a record wraps. */
    private static byte[] read(Pointer page, long offset, long size, long position, int n) {
        byte[] out = new byte[n];
        long at = position % size;
        int first = (int) Math.min(n, size - at);
        page.read(offset + at, out, 0, first);
        if (first < n) {
            page.read(offset, out, first, n - first);
        }
        return out;
    }

    @Override
    public void close() {
        rings.forEach(r -> Syscalls.munmap(r, MMAP_SIZE));
        rings.clear();
        fds.forEach(Syscalls::close);
        fds.clear();
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }
}
