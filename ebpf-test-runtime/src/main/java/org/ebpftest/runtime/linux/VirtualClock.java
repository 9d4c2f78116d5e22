package org.ebpftest.runtime.linux;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ebpftest.runtime.EbpfException;

/**
 * The time the emulated kernel reports: a monotonic clock that only moves when the test moves it,
 * and the clocks derived from it ({@code ktime_get_boot_ns}, {@code ktime_get_coarse_ns},
 * {@code ktime_get_tai_ns}, {@code jiffies64}). Starts at 1000 s of uptime, never at 0, so that
 * code treating 0 as "unset" behaves as on a real machine.
 *
 * <p>Timers ({@code bpf_timer}) fire when the clock passes their expiry: {@link #advanceNs} moves
 * time to each expiry in turn, earliest first (timers of equal expiry in the order they were
 * started, as the kernel's timer queue keeps them), and runs the timer's callback there, so a
 * callback that re-arms its timer inside the advance fires again inside it. The setters fire what
 * their jump made due. A timer started at or before the current time fires at the next change,
 * {@code advanceNs(0)} included.
 */
public final class VirtualClock {
    /** The default monotonic time: 1000 s after boot. */
    public static final long DEFAULT_MONOTONIC_NS = 1_000_000_000_000L;
    /** The default wall-clock time: 2023-11-14T22:13:20Z. */
    public static final long DEFAULT_REALTIME_NS = 1_700_000_000_000_000_000L;
    /** The kernel's TAI offset since 2017: TAI runs 37 s ahead of UTC. */
    public static final long TAI_OFFSET_NS = 37_000_000_000L;
    /** The tick rate of the default x86-64 configuration. */
    public static final int DEFAULT_HZ = 250;

    private long monotonicNs = DEFAULT_MONOTONIC_NS;
    private long suspendedNs;
    private long realtimeAtZeroNs = DEFAULT_REALTIME_NS - DEFAULT_MONOTONIC_NS;
    private long stepNs;
    private int hz = DEFAULT_HZ;
    private final List<TimerQueue> timers = new CopyOnWriteArrayList<>();
    private boolean firing;

    /**
     * Timers armed against this clock, such as a loaded object's {@code bpf_timer}s, which the
     * clock fires as time passes.
     */
    public interface TimerQueue {
        /** The monotonic time at which the earliest armed timer expires, or {@link Long#MAX_VALUE} when none is armed. */
        long nextExpiryNs(VirtualClock clock);

        /** Runs the earliest armed timer's callback: the clock has reached its expiry. */
        void fireNext(VirtualClock clock);
    }

    /** The most callbacks one change of the clock runs at one instant before it stops, as a callback re-arming itself with no delay would otherwise never let time move. */
    public static final int MAX_FIRINGS_AT_ONE_INSTANT = 1_000_000;

    /** A clock at the defaults. */
    public VirtualClock() {
    }

    /** {@code bpf_ktime_get_ns}: CLOCK_MONOTONIC, which stops while the machine is suspended. */
    public long monotonicNs() {
        return monotonicNs;
    }

    /** {@code bpf_ktime_get_boot_ns}: CLOCK_BOOTTIME, monotonic plus the time spent suspended. */
    public long bootNs() {
        return monotonicNs + suspendedNs;
    }

    /** CLOCK_REALTIME: the wall-clock time, nanoseconds since the epoch. */
    public long realtimeNs() {
        return realtimeAtZeroNs + bootNs();
    }

    /** {@code bpf_ktime_get_coarse_ns}: the monotonic time as of the last tick. */
    public long coarseNs() {
        long tick = 1_000_000_000L / hz;
        return monotonicNs - Math.floorMod(monotonicNs, tick);
    }

    /** {@code bpf_ktime_get_tai_ns}: CLOCK_TAI, wall-clock time plus the TAI offset. */
    public long taiNs() {
        return realtimeAtZeroNs + bootNs() + TAI_OFFSET_NS;
    }

    /**
     * {@code bpf_jiffies64}: ticks since boot, counted from the kernel's INITIAL_JIFFIES (five
     * minutes before the 32-bit counter wraps) as on a real machine.
     */
    public long jiffies64() {
        long initial = (-300L * hz) & 0xffffffffL;
        return initial + bootNs() / (1_000_000_000L / hz);
    }

    /** Sets the monotonic time, then fires the timers that made due. */
    public VirtualClock setMonotonicNs(long ns) {
        this.monotonicNs = ns;
        fireUntil(monotonicNs);
        return this;
    }

    /**
     * Moves every clock forward, firing the timers that expire on the way in expiry order, each
     * with the clocks at its expiry.
     *
     * @throws EbpfException if callbacks keep re-arming timers at one instant
     *     ({@link #MAX_FIRINGS_AT_ONE_INSTANT} times), so time could never move on
     */
    public VirtualClock advanceNs(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("time cannot go backwards, was asked to advance by " + ns + " ns");
        }
        long target = monotonicNs + ns;
        fireUntil(target);
        monotonicNs = Math.max(monotonicNs, target);
        return this;
    }

    /** {@link #advanceNs} by a duration. */
    public VirtualClock advance(Duration duration) {
        return advanceNs(duration.toNanos());
    }

    /** Sets how long the machine has been suspended in total, which boot time counts and monotonic time does not; fires the timers that made due. */
    public VirtualClock setSuspendedNs(long ns) {
        this.suspendedNs = ns;
        fireUntil(monotonicNs);
        return this;
    }

    /** Sets the wall-clock time (nanoseconds since the epoch) as of now; fires the timers that made due. */
    public VirtualClock setRealtimeNs(long ns) {
        this.realtimeAtZeroNs = ns - bootNs();
        fireUntil(monotonicNs);
        return this;
    }

    /** From now on, this clock fires the queue's timers as time passes (once however often it is added). */
    public void addTimerQueue(TimerQueue queue) {
        if (!timers.contains(queue)) {
            timers.add(queue);
        }
    }

    /** The clock no longer fires the queue's timers. */
    public void removeTimerQueue(TimerQueue queue) {
        timers.remove(queue);
    }

    /**
     * Runs, earliest first, every timer expiring at or before monotonic time {@code target},
     * moving the clock to each expiry first. A change of the clock made by a callback (through
     * this clock's setters) moves the clock only: the timers it makes due fire in this loop.
     */
    private void fireUntil(long target) {
        if (firing || timers.isEmpty()) {
            return;
        }
        firing = true;
        try {
            long instant = Long.MIN_VALUE;
            int atInstant = 0;
            while (true) {
                TimerQueue next = null;
                long expiry = Long.MAX_VALUE;
                for (TimerQueue q : timers) {
                    long e = q.nextExpiryNs(this);
                    if (e < expiry) {
                        expiry = e;
                        next = q;
                    }
                }
                if (next == null || expiry > Math.max(target, monotonicNs)) {
                    return;
                }
                monotonicNs = Math.max(monotonicNs, expiry);
                atInstant = monotonicNs == instant ? atInstant + 1 : 0;
                instant = monotonicNs;
                if (atInstant >= MAX_FIRINGS_AT_ONE_INSTANT) {
                    throw new EbpfException("timer callbacks ran " + MAX_FIRINGS_AT_ONE_INSTANT + " times at monotonic time "
                            + monotonicNs + " ns without time moving: a callback keeps re-arming a timer that is already due");
                }
                next.fireNext(this);
            }
        } finally {
            firing = false;
        }
    }

    /** The kernel's tick rate (CONFIG_HZ): jiffies per second. */
    public int hz() {
        return hz;
    }

    /** Sets the kernel's tick rate (CONFIG_HZ), which jiffies and the coarse clock follow. */
    public VirtualClock setHz(int hz) {
        if (hz <= 0 || 1_000_000_000L % hz != 0) {
            throw new IllegalArgumentException("HZ must divide one second, was " + hz);
        }
        this.hz = hz;
        return this;
    }

    /**
     * Makes every clock read advance time by {@code ns} afterwards, so that consecutive reads in one
     * run differ as on a real machine; 0 (the default) keeps time still during a run.
     */
    public VirtualClock setStepPerReadNs(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("step must not be negative, was " + ns);
        }
        this.stepNs = ns;
        return this;
    }

    public void afterRead() {
        monotonicNs += stepNs;
    }
}
