package org.ebpftest.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.ebpftest.runtime.linux.maps.MapRecord;
import org.ebpftest.runtime.linux.maps.PerfEventArrayMap;
import org.ebpftest.runtime.linux.maps.RecordMap;
import org.ebpftest.runtime.linux.maps.RingBufMap;

/**
 * Carries the records a kernel run wrote to a ring buffer or perf event array into the emulator's
 * map, where the test drains them as it does under the emulator, or under {@code both} compares
 * them with the records the emulator's run wrote.
 *
 * <p>A ring buffer's room follows the test's draining: the kernel's consumer position is moved
 * before each run to the first record the test has not drained yet, so that a ring the test leaves
 * full is full in the kernel too. Perf buffers are consumed as soon as they are read (the kernel
 * drops records only when a CPU's buffer overflows, which it reports as lost).
 */
final class RecordMirror {
    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_LISTED = 10;

    private final RecordMap emulator;
    private final KernelMap kernel;
    /** Ring buffers: the kernel position up to which records were taken. */
    private long seen;
    /** Ring buffers: the kernel positions of the records taken and not yet drained by the test, oldest first. */
    private final Deque<Long> undrained = new ArrayDeque<>();

    RecordMirror(RecordMap emulator, KernelMap kernel) {
        this.emulator = emulator;
        this.kernel = kernel;
        this.seen = emulator instanceof RingBufMap ? kernel.ringBuffer().consumerPosition() : 0;
    }

    /** How many records the emulator's map holds that the test has not drained. */
    int pending() {
        return emulator.pendingRecords().size();
    }

    /** Before a kernel run: frees in the kernel's ring buffer the room of the records the test has drained. */
    void beforeRun() {
        if (!(emulator instanceof RingBufMap)) {
            return;
        }
        int pending = pending();
        while (undrained.size() > pending) {
            undrained.removeFirst();
        }
        kernel.ringBuffer().consumeTo(undrained.isEmpty() ? seen : undrained.peekFirst());
    }

    /** Under {@code kernel}: the records the kernel's run wrote go to the emulator's map. */
    void takeKernelRecords() {
        for (MapRecord r : kernelRecords()) {
            long status = emulator instanceof RingBufMap ring ? ring.output(r.data(), 0, r.data().length, 0)
                    : ((PerfEventArrayMap) emulator).output(r.cpu().getAsInt(), r.cpu().getAsInt(), r.data(), 0, r.data().length);
            if (status != 0) {
                throw new IllegalStateException("record " + HEX.formatHex(r.data()) + " of the kernel's map [" + kernel.name()
                        + "] does not fit the emulator's (error " + status + "): its buffer for the CPU is closed or full");
            }
        }
    }

    /**
     * Under {@code both}: the differences between the records the emulator's run wrote (those
     * after the first {@code pendingBefore}) and the kernel's, one line each.
     */
    List<String> compare(int pendingBefore) {
        List<MapRecord> emu = emulator.pendingRecords();
        emu = emu.subList(Math.min(pendingBefore, emu.size()), emu.size());
        List<MapRecord> ker = kernelRecords();
        List<String> out = new ArrayList<>();
        String what = (emulator instanceof RingBufMap ? "ring buffer [" : "perf event array [") + kernel.name() + "]";
        if (emu.size() != ker.size()) {
            out.add(what + ": emulator wrote " + emu.size() + " records, kernel " + ker.size());
        }
        for (int i = 0; i < Math.max(emu.size(), ker.size()) && out.size() < MAX_LISTED; i++) {
            MapRecord e = i < emu.size() ? emu.get(i) : null;
            MapRecord k = i < ker.size() ? ker.get(i) : null;
            if (e == null || k == null || !same(e, k)) {
                out.add(what + " record " + i + ": emulator " + describe(e) + ", kernel " + describe(k));
            }
        }
        return out;
    }

    /**
     * Whether an emulator record is the kernel's: the same CPU and bytes, where a perf record's
     * kernel copy is padded to {@code roundup(n + 4, 8) - 4} bytes with whatever its ring held.
     */
    private static boolean same(MapRecord emulator, MapRecord kernel) {
        if (!emulator.cpu().equals(kernel.cpu())) {
            return false;
        }
        byte[] e = emulator.data();
        byte[] k = kernel.data();
        if (emulator.cpu().isEmpty()) {
            return Arrays.equals(e, k);
        }
        return k.length == ((e.length + 4 + 7) & ~7) - 4 && Arrays.equals(e, 0, e.length, k, 0, e.length);
    }

    private static String describe(MapRecord r) {
        if (r == null) {
            return "none";
        }
        return (r.cpu().isPresent() ? "cpu" + r.cpu().getAsInt() + " " : "") + HEX.formatHex(r.data());
    }

    /** The records the kernel wrote since the last call, taken (perf buffers consumed; ring positions remembered). */
    private List<MapRecord> kernelRecords() {
        if (!(emulator instanceof RingBufMap)) {
            return kernel.drainRecords();
        }
        RingBufReader.Samples read = kernel.ringBuffer().samplesFrom(seen);
        seen = read.end();
        List<MapRecord> out = new ArrayList<>();
        for (RingBufReader.Sample s : read.samples()) {
            undrained.addLast(s.position());
            out.add(MapRecord.of(s.data()));
        }
        return out;
    }
}
