package org.ebpftest.runtime.linux;

/**
 * The time the emulated kernel reports: a monotonic clock that only moves when the test moves it,
 * and the clocks derived from it ({@code ktime_get_boot_ns}, {@code ktime_get_coarse_ns},
 * {@code ktime_get_tai_ns}, {@code jiffies64}). Starts at 1000 s of uptime, never at 0, so that
 * code treating 0 as "unset" behaves as on a real machine.
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

    /** Sets the monotonic time. */
    public VirtualClock setMonotonicNs(long ns) {
        this.monotonicNs = ns;
        return this;
    }

    /** Moves every clock forward. */
    public VirtualClock advanceNs(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("time cannot go backwards, was asked to advance by " + ns + " ns");
        }
        monotonicNs += ns;
        return this;
    }

    /** Sets how long the machine has been suspended in total, which boot time counts and monotonic time does not. */
    public VirtualClock setSuspendedNs(long ns) {
        this.suspendedNs = ns;
        return this;
    }

    /** Sets the wall-clock time (nanoseconds since the epoch) as of now. */
    public VirtualClock setRealtimeNs(long ns) {
        this.realtimeAtZeroNs = ns - bootNs();
        return this;
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
