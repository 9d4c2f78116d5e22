package org.ebpftest.runtime.linux.helpers;

import static org.ebpftest.runtime.linux.helpers.HelperId.TIMER_CANCEL;
import static org.ebpftest.runtime.linux.helpers.HelperId.TIMER_INIT;
import static org.ebpftest.runtime.linux.helpers.HelperId.TIMER_SET_CALLBACK;
import static org.ebpftest.runtime.linux.helpers.HelperId.TIMER_START;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.ObjectMaps;
import org.ebpftest.runtime.linux.VirtualClock;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapDefinition;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.TrapException;

/**
 * The timers ({@code struct bpf_timer}) and work queues ({@code struct bpf_wq}) in a loaded
 * object's map values, after kernel/bpf/helpers.c of Linux 6.18: the helpers
 * {@code bpf_timer_init}, {@code bpf_timer_set_callback}, {@code bpf_timer_start} and
 * {@code bpf_timer_cancel}, and the kfuncs {@code bpf_wq_init}, {@code bpf_wq_set_callback_impl}
 * and {@code bpf_wq_start}.
 *
 * <p>As in the kernel, init answers -EINVAL for a clock other than CLOCK_MONOTONIC,
 * CLOCK_REALTIME and CLOCK_BOOTTIME (or flags above the clock bits) and -EBUSY for a timer
 * initialised already; set_callback, start and cancel answer -EINVAL for one never initialised;
 * start answers -EINVAL before a callback is set and for flags other than {@code BPF_F_TIMER_ABS}
 * and {@code BPF_F_TIMER_CPU_PIN}; cancel answers 1 when it disarmed the timer, 0 when it was idle,
 * -EDEADLK from the timer's own callback, and drops the callback, so a start after it answers
 * -EINVAL until a callback is set again. Overwriting or deleting the map value cancels and frees
 * its timer or work queue (the next init answers 0). The maps are held by the loaded object as
 * user space holds them; once the test closes a map ({@code LoadedObject.closeMap}, which a
 * program may still reach through a map of maps), its timers and work queues are cancelled and
 * freed as {@code map_release_uref} frees them, and init answers -EPERM as Linux does for a map
 * that neither user space holds nor bpffs pins. No program here runs in NMI context (-EOPNOTSUPP).
 * Timers and work queues live in any map of the object, inner maps of maps of maps included, and a
 * callback gets the map that holds its timer.
 *
 * <p>A started timer fires when the environment's {@link VirtualClock} passes its expiry (on the
 * timer's clock): the clock calls {@code callback_fn(map, key, value)} in a fresh frame, on the CPU
 * of the program that started it, with the helpers of that program's type, and ignores its return
 * value as the kernel does. An array's key is its index, copied to read-only helper memory as the
 * kernel keeps it on its stack. A callback may re-arm its own timer. The kernel may move a timer
 * started without {@code BPF_F_TIMER_CPU_PIN} to another CPU; here it stays where it was started.
 *
 * <p>Work queues: Linux 6.18 takes a work queue callback only in a sleepable program (of the types
 * run here, a {@code SEC("syscall")} program); {@code bpf_wq_start} queues the work, and the queued
 * callbacks run right after the run that queued them (or the timer callback), in the order queued,
 * as the kernel's workqueue runs them once the test run returns.
 *
 * <p>{@link #close()} cancels and frees them all, as closing the object does.
 *
 * <p>Thread-safe: every operation holds this object's monitor.
 */
public final class AsyncCallbacks implements VirtualClock.TimerQueue {
    /** The work queue kfuncs this class answers. */
    static final Set<String> KFUNCS = Set.of("bpf_wq_init", "bpf_wq_set_callback_impl", "bpf_wq_start");
    /** bpf_timer_start: the expiry is an absolute time on the timer's clock. */
    public static final long BPF_F_TIMER_ABS = 1;
    /** bpf_timer_start: the callback runs on the CPU that started the timer. */
    public static final long BPF_F_TIMER_CPU_PIN = 2;
    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int CLOCK_BOOTTIME = 7;
    private static final int MAX_CLOCKS = 16;
    /** The kernel's KTIME_SEC_MAX seconds in nanoseconds: where ktime_add_safe saturates. */
    private static final long KTIME_SAFE_MAX = Long.MAX_VALUE / 1_000_000_000L * 1_000_000_000L;

    /** How the loaded object calls a callback outside any run: {@code LinuxEmulator.callAsync}. */
    @FunctionalInterface
    public interface Caller {
        /** Calls {@code callback(map, key, value)} of {@code program} in a fresh frame on {@code cpu}; answers its r0. */
        long call(Program program, ContextType type, int cpu, long callback, long map, byte[] key, long value);
    }

    /** One initialised timer or work queue: the kernel's struct bpf_async_cb, keyed by the address of its field. */
    private static final class Async {
        final boolean timer;
        final long address;
        final long mapPointer;
        final byte[] key;
        final long value;
        final int clockId;
        Program program;
        ContextType type;
        long callback;
        int cpu;
        boolean armed;
        long expiry;
        long sequence;
        boolean queued;

        Async(boolean timer, long address, long mapPointer, byte[] key, long value, int clockId) {
            this.timer = timer;
            this.address = address;
            this.mapPointer = mapPointer;
            this.key = key;
            this.value = value;
            this.clockId = clockId;
        }
    }

    private final ObjectMaps maps;
    private final VirtualClock clock;
    private final Caller caller;
    private final Map<Long, Async> byAddress = new HashMap<>();
    private final List<Async> armed = new ArrayList<>();
    private final ArrayDeque<Async> work = new ArrayDeque<>();
    private long sequence;
    /** The timer whose callback is running (the kernel's per-CPU hrtimer_running), or null. */
    private Async running;
    private boolean draining;
    private boolean closed;

    /**
     * The timers and work queues of one loaded object.
     *
     * @param maps the object's maps, which hold them
     * @param clock the clock that fires the timers
     * @param caller how a callback is called outside a run
     */
    public AsyncCallbacks(ObjectMaps maps, VirtualClock clock, Caller caller) {
        this.maps = maps;
        this.clock = clock;
        this.caller = caller;
    }

    /** Registers the bpf_timer helpers, answered against these timers, for every program type (they are among the kernel's base helpers). */
    public void register(HelperRegistry table) {
        table.register(TIMER_INIT, (run, timer, map, flags, r4, r5) -> timerInit(run, timer, map, flags));
        table.register(TIMER_SET_CALLBACK, (run, timer, callback, r3, r4, r5) -> setCallback(run, timer, callback, true));
        table.register(TIMER_START, (run, timer, nsecs, flags, r4, r5) -> timerStart(run, timer, nsecs, flags));
        table.register(TIMER_CANCEL, (run, timer, r2, r3, r4, r5) -> timerCancel(timer));
    }

    /** A kfunc answered against these work queues in place of {@code kfunc}, or {@code kfunc} itself when it is none of them. */
    public Kfuncs.Kfunc bind(Kfuncs.Kfunc kfunc) {
        LinuxHelper f = switch (kfunc.name()) {
            case "bpf_wq_init" -> (run, wq, map, flags, r4, r5) -> (flags & 0xffffffffL) != 0 ? -Errno.EINVAL : init(run, wq, map, 0, false);
            case "bpf_wq_set_callback_impl" -> (run, wq, callback, flags, aux, r5) -> wqSetCallback(run, wq, callback, flags);
            case "bpf_wq_start" -> (run, wq, flags, r3, r4, r5) -> wqStart(run, wq, flags);
            default -> null;
        };
        return f == null ? kfunc : new Kfuncs.Kfunc(kfunc.name(), kfunc.types(), f);
    }

    static void registerKfuncs() {
        Set<ContextType> all = EnumSet.allOf(ContextType.class);
        for (String name : KFUNCS) {
            Kfuncs.register(name, all, (run, r1, r2, r3, r4, r5) -> {
                throw run.trap(TrapException.Kind.UNSUPPORTED, "kfunc " + name + " is answered by the loaded object's work queues,"
                        + " which this emulator was not built with (load the object with LoadedObject)");
            });
        }
    }

    /** How many timers are armed. */
    public synchronized int armedTimers() {
        return armed.size();
    }

    // ---- the helpers ----

    private synchronized long timerInit(KernelRun run, long timer, long map, long flags) {
        int clockId = (int) (flags & (MAX_CLOCKS - 1));
        if (Long.compareUnsigned(flags, MAX_CLOCKS) >= 0 || clockId != CLOCK_MONOTONIC && clockId != CLOCK_REALTIME && clockId != CLOCK_BOOTTIME) {
            return -Errno.EINVAL;
        }
        return init(run, timer, map, clockId, true);
    }

    /** __bpf_async_init: -EBUSY when initialised already; the map pointer must name the map whose value holds the field. */
    private synchronized long init(KernelRun run, long address, long map, int clockId, boolean timer) {
        if (byAddress.containsKey(address)) {
            return -Errno.EBUSY;
        }
        String what = timer ? "bpf_timer" : "bpf_wq";
        String call = timer ? "bpf_timer_init" : "kfunc bpf_wq_init";
        BpfMap m = maps.map(run.vm(), map, "r2");
        MapDefinition.KernelField field = m.definition().kernelFields().stream().filter(f -> f.kind().equals(what)).findFirst().orElse(null);
        if (field == null) {
            throw run.trap(TrapException.Kind.INVALID, call + " with map " + m.name() + ", whose value has no " + what
                    + (m.definition().kernelFields().isEmpty() ? " (or no BTF)" : "") + "; the verifier would have refused the program");
        }
        if (!maps.heldByUser(m)) {
            // maps with timers must be held by user space or pinned, else nothing would ever free them
            return -Errno.EPERM;
        }
        long value = address - field.offset();
        byte[] key = keyOf(m, value, run.vm().cpu());
        if (key == null) {
            throw run.trap(TrapException.Kind.INVALID, call + " of " + "0x" + Long.toHexString(address) + ", which is not the " + what + " of an element of map "
                    + m.name() + "; the verifier would have refused the program");
        }
        byAddress.put(address, new Async(timer, address, map, key, value, clockId));
        return 0;
    }

    /** The key of the element whose value is at {@code value}, or null: an array's index, a hash's key. */
    private static byte[] keyOf(BpfMap m, long value, int cpu) {
        if (m.type() == MapType.ARRAY) {
            long first = m.lookupAddress(new byte[4], 0, cpu);
            long stride = (m.valueSize() + 7L) & ~7L;
            long index = first == 0 || value < first ? -1 : (value - first) / stride;
            if (index >= 0 && index < m.maxEntries()) {
                byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) index).array();
                if (m.lookupAddress(key, 0, cpu) == value) {
                    return key;
                }
            }
            return null;
        }
        for (byte[] key : m.keys()) {
            if (m.lookupAddress(key, 0, cpu) == value) {
                return key;
            }
        }
        return null;
    }

    /** __bpf_async_set_callback: -EINVAL when uninitialised; the program calling it owns the callback from now on. */
    private synchronized long setCallback(KernelRun run, long address, long callback, boolean timer) {
        Async a = byAddress.get(address);
        if (a == null || a.timer != timer) {
            return -Errno.EINVAL;
        }
        BpfMap m = maps.mapAt(a.mapPointer);
        if (m != null && !maps.heldByUser(m)) {
            return -Errno.EPERM;
        }
        a.program = run.vm().execution().program();
        a.type = run.programType();
        a.callback = callback;
        return 0;
    }

    private synchronized long timerStart(KernelRun run, long address, long nsecs, long flags) {
        if ((flags & ~(BPF_F_TIMER_ABS | BPF_F_TIMER_CPU_PIN)) != 0) {
            return -Errno.EINVAL;
        }
        Async a = byAddress.get(address);
        if (a == null || !a.timer || a.program == null) {
            return -Errno.EINVAL;
        }
        // hrtimer_start: an absolute time as given (a u64 above KTIME_MAX is in the past); a relative
        // one added to now with ktime_add_safe, which saturates instead of wrapping
        if ((flags & BPF_F_TIMER_ABS) != 0) {
            a.expiry = nsecs;
        } else {
            long now = now(a.clockId);
            long sum = now + nsecs;
            a.expiry = sum < 0 || sum < now || sum < nsecs ? KTIME_SAFE_MAX : sum;
        }
        a.cpu = run.vm().cpu();
        a.sequence = ++sequence;
        if (!a.armed) {
            a.armed = true;
            armed.add(a);
        }
        clock.addTimerQueue(this);
        return 0;
    }

    private synchronized long timerCancel(long address) {
        Async a = byAddress.get(address);
        if (a == null || !a.timer) {
            return -Errno.EINVAL;
        }
        if (running == a) {
            // hrtimer_cancel would wait for the callback that is calling it
            return -Errno.EDEADLK;
        }
        a.program = null;
        a.callback = 0;
        return disarm(a) ? 1 : 0;
    }

    private synchronized long wqSetCallback(KernelRun run, long wq, long callback, long flags) {
        if (run.programType() != ContextType.GENERIC) {
            throw run.trap(TrapException.Kind.HELPER, "kfunc bpf_wq_set_callback_impl: sleepable callback in a program that is not sleepable;"
                    + " Linux 6.18's verifier rejects the program (a " + run.programType().bpftoolName() + " program cannot sleep)");
        }
        if ((flags & 0xffffffffL) != 0) {
            return -Errno.EINVAL;
        }
        return setCallback(run, wq, callback, false);
    }

    /** bpf_wq_start: -EINVAL for flags, an uninitialised work queue or one without a callback; queues the work once. */
    private synchronized long wqStart(KernelRun run, long wq, long flags) {
        if ((flags & 0xffffffffL) != 0) {
            return -Errno.EINVAL;
        }
        Async a = byAddress.get(wq);
        if (a == null || a.timer || a.program == null) {
            return -Errno.EINVAL;
        }
        a.cpu = run.vm().cpu();
        if (!a.queued) {
            a.queued = true;
            work.add(a);
        }
        return 0;
    }

    // ---- time, firing and freeing ----

    private long now(int clockId) {
        return switch (clockId) {
            case CLOCK_REALTIME -> clock.realtimeNs();
            case CLOCK_BOOTTIME -> clock.bootNs();
            default -> clock.monotonicNs();
        };
    }

    /** The monotonic time at which a timer expires: its expiry moved by how far its clock is from the monotonic one. */
    private long deadline(Async a) {
        long offset = now(a.clockId) - clock.monotonicNs();
        long d = a.expiry - offset;
        // saturate where the subtraction overflows
        if (((a.expiry ^ offset) & (a.expiry ^ d)) < 0) {
            return offset > 0 ? Long.MIN_VALUE : Long.MAX_VALUE - 1;
        }
        return Math.min(d, Long.MAX_VALUE - 1);
    }

    private Async earliest() {
        Async best = null;
        long bestDeadline = Long.MAX_VALUE;
        for (Async a : armed) {
            long d = deadline(a);
            if (best == null || d < bestDeadline || d == bestDeadline && a.sequence < best.sequence) {
                best = a;
                bestDeadline = d;
            }
        }
        return best;
    }

    @Override
    public synchronized long nextExpiryNs(VirtualClock c) {
        Async a = earliest();
        return a == null ? Long.MAX_VALUE : deadline(a);
    }

    @Override
    public synchronized void fireNext(VirtualClock c) {
        if (closed) {
            return;
        }
        Async a = earliest();
        if (a == null) {
            return;
        }
        disarm(a);
        if (a.program == null) {
            return;
        }
        Async before = running;
        running = a;
        try {
            caller.call(a.program, a.type, a.cpu, a.callback, a.mapPointer, a.key, a.value);
        } finally {
            running = before;
        }
        runQueuedWork();
    }

    /** Disarms a timer; true when it was armed (hrtimer_cancel's answer). */
    private boolean disarm(Async a) {
        if (!a.armed) {
            return false;
        }
        a.armed = false;
        armed.remove(a);
        if (armed.isEmpty()) {
            clock.removeTimerQueue(this);
        }
        return true;
    }

    /**
     * Runs the work queue callbacks queued so far, in the order queued, as the kernel's workqueue
     * does once the run that queued them returns; work they queue runs in turn.
     *
     * @throws EbpfException if work keeps queueing itself ({@link VirtualClock#MAX_FIRINGS_AT_ONE_INSTANT} callbacks)
     */
    public synchronized void runQueuedWork() {
        if (draining || closed) {
            return;
        }
        draining = true;
        try {
            int runs = 0;
            while (!work.isEmpty()) {
                Async a = work.poll();
                a.queued = false;
                if (a.program == null || byAddress.get(a.address) != a) {
                    continue;
                }
                if (++runs > VirtualClock.MAX_FIRINGS_AT_ONE_INSTANT) {
                    throw new EbpfException("work queue callbacks ran " + VirtualClock.MAX_FIRINGS_AT_ONE_INSTANT
                            + " times after one run: a callback keeps queueing work");
                }
                caller.call(a.program, a.type, a.cpu, a.callback, a.mapPointer, a.key, a.value);
            }
        } finally {
            draining = false;
        }
    }

    /**
     * Cancels and frees the timer or work queue of a value being overwritten or deleted, as
     * bpf_timer_cancel_and_free and bpf_wq_cancel_and_free do: its callback never runs, and the
     * field reads as uninitialised.
     */
    public synchronized void releaseField(MapDefinition.KernelField field, long address) {
        if (!field.kind().equals("bpf_timer") && !field.kind().equals("bpf_wq")) {
            return;
        }
        Async a = byAddress.remove(address);
        if (a != null) {
            free(a);
        }
    }

    /**
     * Cancels and frees every timer and work queue in the values of one map, as the kernel's
     * {@code map_release_uref} does when user space lets go of the map (its last file descriptor
     * closed, its pin removed): their callbacks never run, and init answers -EPERM from now on.
     *
     * @param mapPointer the map's pointer, as programs hold it
     */
    public synchronized void releaseMap(long mapPointer) {
        byAddress.values().removeIf(a -> {
            if (a.mapPointer != mapPointer) {
                return false;
            }
            free(a);
            return true;
        });
    }

    /**
     * Cancels and frees every timer and work queue, as closing the loaded object does: armed
     * timers never fire and queued work never runs, however far the clock moves afterwards.
     */
    public synchronized void close() {
        closed = true;
        for (Async a : List.copyOf(byAddress.values())) {
            free(a);
        }
        byAddress.clear();
        work.clear();
        clock.removeTimerQueue(this);
    }

    private void free(Async a) {
        a.program = null;
        disarm(a);
        if (a.queued) {
            a.queued = false;
            work.remove(a);
        }
    }
}
