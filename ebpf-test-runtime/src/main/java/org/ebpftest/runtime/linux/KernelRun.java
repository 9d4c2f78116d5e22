package org.ebpftest.runtime.linux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.ebpftest.runtime.coverage.RunPath;
import org.ebpftest.runtime.linux.buffers.SkBuff;
import org.ebpftest.runtime.linux.buffers.XdpBuff;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.helpers.LinuxHelper;
import org.ebpftest.runtime.linux.maps.SpinLocks;
import org.ebpftest.runtime.linux.net.Redirect;
import org.ebpftest.runtime.linux.net.TunnelInfo;
import org.ebpftest.runtime.vm.TrapException;
import org.ebpftest.runtime.vm.Vm;

/**
 * One program run as helpers see it: the VM, the environment, the program type and context, and
 * the side effects recorded so far. A {@link LinuxHelper} gets the run it is called from.
 *
 * <p>A record is valid while its run lasts: the emulator may reuse it, cleared, for its next run
 * (it does for XDP runs, which then allocate no record), so a helper must not keep it to read
 * later. {@link #testRun()} tells test runs apart where a record would not.
 */
public final class KernelRun {
    /**
     * The types the result's accessors below return. C2 does not inline a method whose signature
     * names a class that is not loaded yet, and a suite whose programs never redirect, tunnel or
     * record a path would never load these: each of those accessors would stay a real call on
     * every run (about a tenth of an XDP run's time through the emulator). Naming them here loads
     * them with this class.
     */
    private static final List<Class<?>> RESULT_TYPES = List.of(Redirect.class, HelperCallLog.class, TunnelInfo.class, RunPath.class);

    private final LinuxEnvironment environment;
    private final ContextType type;
    private final XdpBuff xdp;
    private final SkBuff skb;
    // Made on the first record (null until then): most runs print nothing and clone nothing, and a
    // run costs less without empty lists to allocate, ask and copy into its result.
    private List<PrintedLine> printed;
    private HelperCallLog calls;
    private List<Redirect> clones;
    /** Made when a helper first takes a lock: most runs take none. */
    private SpinLocks.Holder lockHolder;
    private Vm vm;
    private int scratchDepth;
    private Redirect redirect;
    private TunnelInfo tunnel;
    private boolean tunnelSetByProgram;
    private RunPath path;
    private Map<Class<?>, Object> kfuncState;
    /** False for the runs of a repeat before the last, whose helper calls no result reports. */
    private boolean recordsCalls = true;
    /** What {@link #testRun()} answers, made when first asked for. */
    private Object testRun;

    KernelRun(LinuxEnvironment environment, ContextType type, XdpBuff xdp, SkBuff skb) {
        this.environment = environment;
        this.type = type;
        this.xdp = xdp;
        this.skb = skb;
        this.tunnel = environment.tunnel().orElse(null);
    }

    /**
     * Makes this the record of a new test run on the same context and environment, as if it were
     * new: nothing recorded, the environment's tunnel metadata, a new {@link #testRun()}. The
     * helper-call log goes to the last result, which holds it, and a new one is made on the first
     * call. Saves the emulator a record per run, and the store of a new object into its long-lived
     * state (a G1 write barrier) that each new record costs.
     */
    KernelRun restart() {
        calls = null;
        nextRun(true);
        tunnel = environment.tunnel().orElse(null);
        tunnelSetByProgram = false;
        testRun = null;
        return this;
    }

    /**
     * An object standing for the test run in progress, compared by identity: the same for all the
     * runs of a repeat (which share what test_run allocates once, such as the cgroup storage), a
     * different one for each test run, even where the emulator reuses this record.
     */
    public Object testRun() {
        if (testRun == null) {
            testRun = new Object();
        }
        return testRun;
    }

    void attach(Vm vm) {
        this.vm = vm;
    }

    /** The VM running the program: its memory, its CPU, callbacks and tail calls. */
    public Vm vm() {
        return vm;
    }

    /**
     * State the run's kfuncs keep between calls (the kernel objects a program holds references to),
     * one object of each type, made on first use.
     */
    public <T> T kfuncState(Class<T> type, Supplier<T> create) {
        if (kfuncState == null) {
            kfuncState = new HashMap<>();
        }
        return type.cast(kfuncState.computeIfAbsent(type, t -> create.get()));
    }

    /** The environment the run sees. */
    public LinuxEnvironment environment() {
        return environment;
    }

    /** The type of the running program. */
    public ContextType programType() {
        return type;
    }

    /**
     * A trap at the helper call running now, naming the program, the pc and the source line: what
     * a helper throws when it cannot answer.
     */
    public TrapException trap(TrapException.Kind kind, String detail) {
        return Traps.atCall(vm, kind, detail);
    }

    /** Records a line printed to the trace pipe. */
    public void print(String message) {
        if (printed == null) {
            printed = new ArrayList<>();
        }
        printed.add(PrintedLine.of(message, environment.task(), vm == null ? environment.cpu() : vm.cpu(), environment.clock().monotonicNs()));
    }

    /** Records the redirect the program asked for; a later redirect replaces an earlier one, as in the kernel. */
    public void redirect(Redirect target) {
        this.redirect = Objects.requireNonNull(target, "target");
    }

    /** Records a copy of the packet sent elsewhere by {@code bpf_clone_redirect}. */
    public void cloneRedirect(Redirect target) {
        if (clones == null) {
            clones = new ArrayList<>();
        }
        clones.add(Objects.requireNonNull(target, "target"));
    }

    /** The tunnel metadata of the packet: the environment's, until the program sets its own. */
    public TunnelInfo tunnel() {
        return tunnel;
    }

    /** True once the program set the packet's tunnel metadata itself (bpf_skb_set_tunnel_key). */
    public boolean tunnelSetByProgram() {
        return tunnelSetByProgram;
    }

    /** Replaces the tunnel metadata with what the program set for transmission. */
    public void setTunnel(TunnelInfo info) {
        this.tunnel = info;
        this.tunnelSetByProgram = true;
    }

    /** The tunnel metadata the program set, or null when it set none. */
    TunnelInfo tunnelSet() {
        return tunnelSetByProgram ? tunnel : null;
    }

    /** An unmodifiable copy of the clones sent so far, for a result that outlives this record. */
    List<Redirect> clonesCopy() {
        return clones == null ? List.of() : List.copyOf(clones);
    }

    public XdpBuff xdp() {
        return xdp;
    }

    public SkBuff skb() {
        return skb;
    }

    Redirect redirectTarget() {
        return redirect;
    }

    /** The lines printed so far (empty, not null, when none). */
    List<PrintedLine> printed() {
        return printed == null ? List.of() : printed;
    }

    /** Whether the run printed a line. */
    boolean hasPrinted() {
        return printed != null;
    }

    /** An unmodifiable copy of the lines printed so far, for a result that outlives this record. */
    List<PrintedLine> printedCopy() {
        return printed == null ? List.of() : List.copyOf(printed);
    }

    /** The helper calls the program made, or null when it made none. */
    HelperCallLog calls() {
        return calls;
    }

    /** Records a helper call the program made: its arguments r1 to r5 and what it returned. */
    void call(HelperId id, long r1, long r2, long r3, long r4, long r5, long r0) {
        if (!recordsCalls) {
            return;
        }
        if (calls == null) {
            calls = new HelperCallLog();
        }
        calls.add(id, r1, r2, r3, r4, r5, r0);
    }

    /** Who takes this run's bpf_spin_locks. */
    public SpinLocks.Holder lockHolder() {
        if (lockHolder == null) {
            lockHolder = new SpinLocks.Holder();
        }
        return lockHolder;
    }

    /** Keeps the path the run took, when it was recorded (null otherwise). */
    void recordPath(RunPath recorded) {
        this.path = recorded;
    }

    /** The path the run took through the C source, or null when it was not recorded. */
    RunPath path() {
        return path;
    }

    /** Marks the run as ended, so that a lock it never released fails at once for the next run. */
    void end() {
        if (lockHolder != null) {
            lockHolder.end();
        }
    }

    /**
     * Makes this the record of the next run of a repeat on the same context, as test_run's loop
     * runs the program again: what the run before recorded (printed lines, helper calls, the
     * redirect and clones, locks, kfunc references, the path) is dropped. The tunnel metadata
     * stays, as it lives on the packet (the kernel keeps the metadata a program set on the skb from
     * run to run), and so does the cgroup storage, which test_run allocates once for all the runs
     * (it is keyed by {@link #testRun()}, which stays). One record for all the runs of a repeat also keeps them from
     * allocating one each.
     *
     * @param last whether this is the last run, the one whose helper calls the result reports:
     *     recording the others' calls would cost every run time for nothing
     */
    void nextRun(boolean last) {
        recordsCalls = last;
        printed = null;
        if (calls != null) {
            calls.clear();
        }
        clones = null;
        lockHolder = null;
        scratchDepth = 0;
        redirect = null;
        path = null;
        kfuncState = null;
    }

    /** Claims the next level of the VM's helper scratch memory (nested map iteration); returns its index. */
    public int enterScratch() {
        return scratchDepth++;
    }

    /** Releases the level claimed last. */
    public void leaveScratch() {
        scratchDepth--;
    }
}
