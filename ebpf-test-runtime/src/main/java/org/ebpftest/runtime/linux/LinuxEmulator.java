package org.ebpftest.runtime.linux;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ebpftest.runtime.coverage.Coverage;
import org.ebpftest.runtime.coverage.CoverageRun;
import org.ebpftest.runtime.linux.buffers.ContextBytes;
import org.ebpftest.runtime.linux.buffers.ContextMemory;
import org.ebpftest.runtime.linux.buffers.MemoryInput;
import org.ebpftest.runtime.linux.buffers.NetfilterInput;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.linux.buffers.SkBuff;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.linux.buffers.SkbPacketLoader;
import org.ebpftest.runtime.linux.buffers.XdpBuff;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.buffers.XdpLayout;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.helpers.HelperRegistry;
import org.ebpftest.runtime.linux.helpers.Kfuncs;
import org.ebpftest.runtime.linux.helpers.LinuxHelper;
import org.ebpftest.runtime.linux.helpers.SizedArguments;
import org.ebpftest.runtime.linux.helpers.SkbSockets;
import org.ebpftest.runtime.linux.net.NetDevice;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Execution;
import org.ebpftest.runtime.vm.Helper;
import org.ebpftest.runtime.vm.JitMode;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Probe;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.TrapException;
import org.ebpftest.runtime.vm.Vm;

/**
 * Runs programs the way Linux's BPF_PROG_TEST_RUN does: builds the context and packet test_run
 * builds for the program type, answers helper calls through its {@link HelperRegistry}s (a
 * replay's, the test's overrides, then the emulated helpers), and returns what test_run returns
 * plus the side effects it recorded.
 *
 * <pre>{@code
 * LinuxEmulator linux = LinuxEmulator.builder().build();
 * RunResult r = linux.run(program, ContextType.XDP, XdpInput.of(frame));
 * assertThat(r.retval()).isEqualTo(XDP_PASS);
 * }</pre>
 *
 * <p>Not thread-safe: the environment is shared between runs; use one emulator per thread.
 */
public final class LinuxEmulator {
    /** Where {@link ContextMemory} of generic runs may be mapped: from the context address ... */
    public static final long CONTEXT_MEMORY_START = Vm.CONTEXT_ADDRESS;
    /** ... up to the map pointers (32 MiB; generic runs map no packet). */
    public static final long CONTEXT_MEMORY_END = Vm.MAP_POINTER_BASE;

    private final LinuxEnvironment environment;
    private final HelperRegistry helpers;
    private final long instructionLimit;
    private final List<Consumer<Vm>> vmSetup;
    private final Map<Integer, Kfuncs.Kfunc> kfuncs;
    private final JitMode jit;
    /** The CPU every run of this emulator is on, or -1 for the environment's {@link LinuxEnvironment#cpu()}. */
    private final int fixedCpu;
    private final Map<ContextType, CachedVm> vms = new EnumMap<>(ContextType.class);
    /** Why runs are refused (the loaded object was closed), or null; shared with the emulators of {@link #onCpu}. */
    private final AtomicReference<String> closed;
    /** VMs whose helpers ask {@link #layer} first; built only for runs inside {@link #withHelpers}. */
    private final Map<ContextType, CachedVm> layeredVms = new EnumMap<>(ContextType.class);
    private HelperRegistry layer;
    /** Told of every instruction of the runs inside {@link #withProbe}; null otherwise. */
    private Probe probe;
    private final RunSlot slot = new RunSlot();
    /** The VM {@link #vmFor} gave the last run, the type and cache it came from. */
    private ContextType lastType;
    private Map<ContextType, CachedVm> lastCache;
    private CachedVm lastVm;
    private final XdpBuff xdpBuff = new XdpBuff();
    /** The record of every XDP run, restarted for each: one emulator makes one run at a time. */
    private KernelRun xdpRun;

    private LinuxEmulator(Builder b) {
        environment = b.environment;
        helpers = b.helpers.copy();
        instructionLimit = b.instructionLimit;
        vmSetup = List.copyOf(b.vmSetup);
        kfuncs = Map.copyOf(b.kfuncs);
        jit = b.jit;
        fixedCpu = -1;
        closed = new AtomicReference<>();
    }

    private LinuxEmulator(LinuxEmulator template, int cpu) {
        environment = template.environment;
        helpers = template.helpers;
        instructionLimit = template.instructionLimit;
        vmSetup = template.vmSetup;
        kfuncs = template.kfuncs;
        jit = template.jit;
        fixedCpu = cpu;
        closed = template.closed;
    }

    /**
     * An emulator that runs as this one does (same environment, same helper registry, so changes
     * to either reach both; same VM setup) but always on virtual CPU {@code cpu}, with VMs of its
     * own: what a thread running next to this emulator's thread uses.
     */
    LinuxEmulator onCpu(int cpu) {
        if (cpu < 0 || cpu >= environment.cpus()) {
            throw new IllegalArgumentException("cpu must be 0 to " + (environment.cpus() - 1) + ", was " + cpu);
        }
        return new LinuxEmulator(this, cpu);
    }

    /** From now on every run, and every callback call, of this emulator and of those made by {@link #onCpu} throws IllegalStateException(why). */
    void close(String why) {
        closed.set(Objects.requireNonNull(why, "why"));
    }

    private void requireOpen() {
        String why = closed.get();
        if (why != null) {
            throw new IllegalStateException(why);
        }
    }

    /** A builder with a fresh default environment and every emulated helper. */
    public static Builder builder() {
        return new Builder();
    }

    /** The environment runs see; change it between runs to control time, randomness and mocks. */
    public LinuxEnvironment environment() {
        return environment;
    }

    /**
     * The helpers this emulator answers calls with, below the environment's overrides. Changes to
     * it take effect from the next run.
     */
    public HelperRegistry helpers() {
        return helpers;
    }

    /**
     * The helper a run of a program of this type calls for {@code id} (a replay aside): the
     * environment's override, else the emulator's helper; a helper that traps when the program type
     * may not call it; empty when neither has it (the call traps as not emulated).
     */
    public Optional<LinuxHelper> helper(HelperId id, ContextType type) {
        HelperRegistry.Entry e = resolve(id);
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(e.types().contains(type) ? e.helper() : unavailable(type, id));
    }

    /** The first of the environment's overrides and the emulator's helpers that registers {@code id}. */
    private HelperRegistry.Entry resolve(HelperId id) {
        HelperRegistry.Entry override = environment.overrides().entry(id);
        return override != null ? override : helpers.entry(id);
    }

    /**
     * Runs a program once, as BPF_PROG_TEST_RUN does for its type: an {@link XdpInput} as
     * {@code bpf_prog_test_run_xdp}, an {@link SkbInput} as {@code bpf_prog_test_run_skb} on the
     * {@code __sk_buff} flavour of {@code type}, raw or laid-out memory on a generic context
     * whatever the type (the helpers available are those of the types without an emulated context).
     *
     * @param type the context the program runs on, {@code LoadedObject.contextType(name)} for a loaded program
     * @throws IllegalArgumentException if a frame input does not fit {@code type}: an XDP input
     *     needs {@link ContextType#XDP}, a socket-buffer input a tc, socket-filter or cgroup-skb type
     * @throws RunRefusedException where the kernel would refuse the run before it starts
     * @throws org.ebpftest.runtime.vm.TrapException when the program faults
     */
    public RunResult run(Program program, ContextType type, RunInput input) {
        return run(program, type, input, 1, null);
    }

    /**
     * Runs a program {@code repeat} times on one input, as BPF_PROG_TEST_RUN with a repeat count
     * does ({@code bpf_test_run}'s loop): the context and packet are built once and nothing is
     * reset between runs, so each run starts from what the one before left (a byte it wrote, the
     * head or tail it moved, a context field such as {@code mark} or {@code cb} it set), while maps
     * keep their contents as always. The result is the last run's: its return value, data_out and
     * ctx_out, and the side effects it recorded. Confirmed against the kernel for XDP, tc and
     * socket filters with {@code bpftool prog run ... repeat N}.
     *
     * @param repeat how many runs; 0 runs once, as test_run does
     * @param printed told, after each run that printed something, of the lines it printed (what
     *     {@link RunResult#printed()} would hold for it); null when nobody needs them
     * @throws IllegalArgumentException if {@code repeat} is negative, or as {@link #run(Program, ContextType, RunInput)}
     * @throws IllegalStateException once the loaded object this emulator belongs to is closed
     * @throws RunRefusedException where the kernel would refuse the run before it starts
     * @throws org.ebpftest.runtime.vm.TrapException when a run faults; no later run happens
     */
    public RunResult run(Program program, ContextType type, RunInput input, int repeat, Consumer<List<PrintedLine>> printed) {
        requireOpen();
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(input, "input");
        if (repeat < 0) {
            throw new IllegalArgumentException("repeat must not be negative, was " + repeat);
        }
        Runs runs = repeat <= 1 && printed == null ? Runs.ONCE : new Runs(Math.max(1, repeat), printed);
        if (input instanceof XdpInput x) {
            if (type != ContextType.XDP) {
                throw new IllegalArgumentException("an XdpInput runs only XDP programs, got " + type);
            }
            return runXdp(program, x, runs);
        }
        if (input instanceof SkbInput s) {
            return runSkb(program, type, s, runs);
        }
        if (input instanceof NetfilterInput n) {
            if (type != ContextType.NETFILTER) {
                throw new IllegalArgumentException("a NetfilterInput runs only netfilter programs, got " + type);
            }
            return runNetfilter(program, n);
        }
        if (type == ContextType.NETFILTER && input instanceof RawInput) {
            // raw bytes would be taken for struct bpf_nf_ctx; laid-out memory (a generic context file) still runs
            throw new IllegalArgumentException("a netfilter program runs on a NetfilterInput (a packet and the hook state) or laid-out memory,"
                    + " not on raw context bytes");
        }
        if (input instanceof RawInput r) {
            return runGeneric(program, r.context(), runs);
        }
        MemoryInput m = (MemoryInput) input;
        return runGeneric(program, m.blocks(), runs, m.registers());
    }

    /** How many times a run repeats on its input, and who is told of each run's printed lines. */
    private record Runs(int count, Consumer<List<PrintedLine>> printed) {
        /** A single run nobody watches: what almost every run is, without a record to allocate. */
        static final Runs ONCE = new Runs(1, null);
    }

    /**
     * bpf_test_run's loop: runs the program {@code runs.count()} times on the VM as it stands, on
     * the same context and packet; {@code run} records each run in turn (helper calls, printed
     * lines and locks are per run, see {@link KernelRun#nextRun(boolean)}), so that it holds the last
     * one's when this returns the last r0. With {@code args} null the program gets r1 alone, as
     * a context run does, without an array per run; else r1 to r5 from {@code args}.
     */
    private long repeat(Program program, Vm vm, KernelRun run, Runs runs, long r1, long[] args) {
        if (runs.count() > 1) {
            run.nextRun(false);
        }
        for (int i = 1; ; i++) {
            long r0 = execute(run, vm, args == null ? vm.start(program, r1) : vm.start(program, args));
            if (runs.printed() != null && run.hasPrinted()) {
                runs.printed().accept(run.printed());
            }
            if (i >= runs.count()) {
                return r0;
            }
            run.nextRun(i + 1 == runs.count());
        }
    }

    /**
     * Runs an XDP program on a frame, as {@code bpf_prog_test_run_xdp} does: the frame's first
     * 3520 bytes (or {@link XdpInput#linearLength()}) in the linear part, the rest in page-sized
     * fragments. Like test_run, it gives a multi-buffer frame to any XDP program, whether its
     * section declares frags or not (confirmed against the kernel).
     */
    private RunResult runXdp(Program program, XdpInput input, Runs runs) {
        Objects.requireNonNull(program, "program");
        int metaLength = input.metadataLength();
        if ((metaLength & 3) != 0 || metaLength > XdpLayout.MAX_META) {
            throw new RunRefusedException(Errno.EINVAL, "metadata length " + metaLength + " must be a multiple of 4 and at most "
                    + XdpLayout.MAX_META);
        }
        if (input.packetLength() < XdpLayout.ETH_HLEN) {
            throw new RunRefusedException(Errno.EINVAL, "frame of " + input.packetLength() + " bytes after the metadata, shorter than an Ethernet header (14)");
        }
        int size = metaLength + input.packetLength();
        int maxLinear = XdpLayout.FRAME_SIZE - (XdpLayout.HEADROOM - metaLength) - XdpLayout.TAILROOM;
        int requested = input.linearLength() < 0 ? size : metaLength + input.linearLength();
        int linear = Math.min(requested, maxLinear);
        int ingress = 1;
        if (input.ingressIfindex() == 0 && input.rxQueueIndex() != 0) {
            throw new RunRefusedException(Errno.EINVAL, "rx_queue_index " + input.rxQueueIndex() + " needs an ingress_ifindex");
        }
        if (input.ingressIfindex() != 0) {
            NetDevice dev = environment.device(input.ingressIfindex()).orElseThrow(() -> new RunRefusedException(Errno.ENODEV,
                    "no device with ifindex " + input.ingressIfindex() + "; add it with LinuxEnvironment.addDevice"));
            if (input.rxQueueIndex() < 0 || input.rxQueueIndex() >= dev.rxQueues()) {
                throw new RunRefusedException(Errno.EINVAL, "rx_queue_index " + input.rxQueueIndex() + " is not a queue of " + dev.name()
                        + " (" + dev.rxQueues() + " queues)");
            }
            ingress = dev.ifindex();
        }
        int frags = (size - linear + XdpLayout.FRAG_SIZE - 1) / XdpLayout.FRAG_SIZE;
        if (frags > XdpLayout.MAX_FRAGS) {
            throw new RunRefusedException(Errno.ENOMEM, "data_in of " + size + " bytes needs " + frags + " fragments after the " + linear
                    + " bytes of the linear part; test_run allocates at most " + XdpLayout.MAX_FRAGS + " (MAX_SKB_FRAGS) of "
                    + XdpLayout.FRAG_SIZE + " bytes");
        }
        XdpBuff xdp = xdpBuff.load(input, linear, ingress, input.rxQueueIndex());
        KernelRun run = xdpRun == null ? (xdpRun = new KernelRun(environment, ContextType.XDP, xdp, null)) : xdpRun.restart();
        Vm vm = vmFor(run, null);
        vm.memory().remap(xdp.packet, Vm.PACKET_ADDRESS);
        vm.memory().remap(xdp.context, Vm.CONTEXT_ADDRESS);
        long r0 = repeat(program, vm, run, runs, Vm.CONTEXT_ADDRESS, null);
        byte[] out = xdp.dataOut();
        byte[] ctxOut = new byte[XdpLayout.SIZE];
        ContextBytes.putU32(ctxOut, XdpLayout.DATA, xdp.data - xdp.meta);
        ContextBytes.putU32(ctxOut, XdpLayout.DATA_END, xdp.end - xdp.meta);
        ContextBytes.putU32(ctxOut, XdpLayout.INGRESS_IFINDEX, input.ingressIfindex());
        ContextBytes.putU32(ctxOut, XdpLayout.RX_QUEUE_INDEX, input.rxQueueIndex());
        return RunResult.of(ContextType.XDP, r0, vm.execution().instructionCount(), run).packet(out).contextOut(ctxOut)
                .finalContext(Arrays.copyOf(xdp.md, xdp.md.length)).build();
    }

    /** Runs a tc, socket-filter or cgroup-skb program on a frame, as {@code bpf_prog_test_run_skb} does. */
    private RunResult runSkb(Program program, ContextType type, SkbInput input, Runs runs) {
        if (!type.isSkb()) {
            throw new IllegalArgumentException("an SkbInput runs only tc, socket-filter and cgroup-skb programs, got " + type);
        }
        int size = input.packet().length;
        if (size < SkbLayout.ETH_HLEN || size > SkbLayout.MAX_PACKET) {
            throw new RunRefusedException(Errno.EINVAL, "data_in is " + size + " bytes; test_run takes 14 to " + SkbLayout.MAX_PACKET);
        }
        NetDevice dev = NetDevice.LOOPBACK;
        if (input.ifindex() > 1) {
            dev = environment.device(input.ifindex()).orElseThrow(() -> new RunRefusedException(Errno.ENODEV,
                    "no device with ifindex " + input.ifindex() + "; add it with LinuxEnvironment.addDevice"));
        } else if (environment.device(1).isPresent()) {
            dev = environment.device(1).get();
        }
        int lenAtStart = type.isTc() ? size : size - SkbLayout.ETH_HLEN;
        if (input.wireLen() != 0 && (Integer.compareUnsigned(input.wireLen(), lenAtStart) < 0
                || Integer.compareUnsigned(input.wireLen(), SkbLayout.GSO_LEGACY_MAX_SIZE) > 0)) {
            throw new RunRefusedException(Errno.EINVAL, "wire_len " + Integer.toUnsignedString(input.wireLen()) + " must lie between len ("
                    + lenAtStart + ") and " + SkbLayout.GSO_LEGACY_MAX_SIZE);
        }
        if (Integer.compareUnsigned(input.gsoSegs(), SkbLayout.GSO_MAX_SEGS) > 0) {
            throw new RunRefusedException(Errno.EINVAL, "gso_segs " + Integer.toUnsignedString(input.gsoSegs()) + " exceeds " + SkbLayout.GSO_MAX_SEGS);
        }
        refuseTruncatedNetworkHeader(input.packet());
        SkBuff skb = new SkBuff(type, input, dev);
        KernelRun run = new KernelRun(environment, type, null, skb);
        Vm vm = vmFor(run, new SkbPacketLoader(skb));
        skb.attach(vm.memory());
        SkbSockets.attach(run, input.socket());
        long r0 = repeat(program, vm, run, runs, Vm.CONTEXT_ADDRESS, null);
        byte[] finalCtx = skb.ctx.clone();
        if (!type.isTc()) {
            skb.reserve(SkbLayout.ETH_HLEN, 0);
            skb.data -= SkbLayout.ETH_HLEN;
            Arrays.fill(skb.buf, skb.data, skb.data + SkbLayout.ETH_HLEN, (byte) 0);
        }
        byte[] out = Arrays.copyOfRange(skb.buf, skb.data, skb.tail);
        byte[] ctxOut = input.withContext() ? skbContextOut(skb.ctx, input) : null;
        return RunResult.of(type, r0, vm.execution().instructionCount(), run).packet(out).contextOut(ctxOut).finalContext(finalCtx).build();
    }

    /** Runs a netfilter program on a packet at a hook, as {@code bpf_prog_test_run_nf} does ({@link NetfilterRuns}). */
    private RunResult runNetfilter(Program program, NetfilterInput input) {
        NetDevice lo = environment.device(1).orElse(NetDevice.LOOPBACK);
        NetfilterRuns.Built built = NetfilterRuns.build(input, lo);
        KernelRun run = new KernelRun(environment, ContextType.NETFILTER, null, built.skb());
        Vm vm = vmFor(run, null);
        built.map(vm.memory());
        Execution e = vm.start(program, Vm.CONTEXT_ADDRESS);
        long r0 = execute(run, vm, e);
        return RunResult.of(ContextType.NETFILTER, r0, e.instructionCount(), run).build();
    }

    /**
     * Recent kernels (a 2026 change, also in the stable branches; present in the 6.18 kernel the
     * comparison suite runs on) make test_run refuse an IPv4
     * or IPv6 frame too short to hold its network header, before the program runs (confirmed
     * against the kernel with bpftool prog run: a 14-byte IPv4 frame gives EINVAL).
     */
    private static void refuseTruncatedNetworkHeader(byte[] frame) {
        int ethertype = (frame[12] & 0xff) << 8 | (frame[13] & 0xff);
        int headLength = frame.length - SkbLayout.ETH_HLEN;
        if (ethertype == 0x0800 && headLength < 20) {
            throw new RunRefusedException(Errno.EINVAL, "IPv4 frame with " + headLength + " bytes after the Ethernet header, fewer than an IPv4 header (20)");
        }
        if (ethertype == 0x86dd && headLength < 40) {
            throw new RunRefusedException(Errno.EINVAL, "IPv6 frame with " + headLength + " bytes after the Ethernet header, fewer than an IPv6 header (40)");
        }
    }

    /**
     * ctx_out: test_run's copy of ctx_in with the fields convert_skb_to___skb copies back from the
     * socket buffer written over it. gso_size is not among them, so ctx_out gives it as ctx_in
     * had it (the kernel answers so: gso_size 500 in gives 500 out); every other field ctx_in may
     * set is copied back, and the rest were zero in ctx_in.
     */
    private static byte[] skbContextOut(byte[] c, SkbInput input) {
        byte[] out = new byte[SkbLayout.SIZE];
        ContextBytes.putU32(out, SkbLayout.GSO_SIZE, input.gsoSize());
        int[] words = {SkbLayout.MARK, SkbLayout.PRIORITY, SkbLayout.INGRESS_IFINDEX, SkbLayout.IFINDEX, SkbLayout.WIRE_LEN, SkbLayout.GSO_SEGS};
        for (int off : words) {
            System.arraycopy(c, off, out, off, 4);
        }
        System.arraycopy(c, SkbLayout.CB, out, SkbLayout.CB, SkbLayout.CB_END - SkbLayout.CB);
        System.arraycopy(c, SkbLayout.TSTAMP, out, SkbLayout.TSTAMP, 8);
        System.arraycopy(c, SkbLayout.HWTSTAMP, out, SkbLayout.HWTSTAMP, 8);
        return out;
    }

    /**
     * Runs a program of any other type on raw context memory (mapped writable at
     * {@link Vm#CONTEXT_ADDRESS}, passed in r1); the result's final context is that memory after
     * the run.
     */
    private RunResult runGeneric(Program program, byte[] context, Runs runs) {
        byte[] ctx = context;
        KernelRun run = new KernelRun(environment, ContextType.GENERIC, null, null);
        Vm vm = vmFor(run, null);
        long r1 = 0;
        if (ctx.length > 0) {
            vm.memory().remap(new Region("context", ctx, true), Vm.CONTEXT_ADDRESS);
            r1 = Vm.CONTEXT_ADDRESS;
        }
        long r0 = repeat(program, vm, run, runs, r1, null);
        return RunResult.of(ContextType.GENERIC, r0, vm.execution().instructionCount(), run).finalContext(ctx).build();
    }

    /**
     * Calls an asynchronous callback (a {@code bpf_timer} or {@code bpf_wq} callback) outside any
     * run, as the kernel's timer softirq and workqueue do: {@code callback_fn(map, key, value)} in a
     * fresh frame on the given CPU, with the helpers of the program type that set it. The key is
     * copied into the first level of the helper scratch memory (read-only to the program), as the
     * kernel keeps an array index on its own stack; nested helpers use the levels above.
     *
     * @return the callback's r0, which the kernel ignores (its verifier makes it 0)
     * @throws IllegalStateException if the VM has no helper scratch memory (set up by LoadedObject)
     * @throws org.ebpftest.runtime.vm.TrapException when the callback faults
     */
    public long callAsync(Program program, ContextType type, int cpu, long callback, long map, byte[] key, long value) {
        requireOpen();
        Objects.requireNonNull(program, "program");
        KernelRun run = new KernelRun(environment, type, null, null);
        Vm vm = vmFor(run, null);
        vm.setCpu(cpu);
        Region scratch = vm.memory().regionAt(Vm.SCRATCH_ADDRESS);
        if (scratch == null || scratch.bytes().length < key.length) {
            throw new IllegalStateException("no helper scratch memory for the key of a callback of " + program.name());
        }
        System.arraycopy(key, 0, scratch.bytes(), 0, key.length);
        run.enterScratch();
        Execution e = vm.startFunction(program, callback, map, Vm.SCRATCH_ADDRESS, value);
        return execute(run, vm, e);
    }

    /**
     * Runs {@code runs} with the helpers of {@code layer} answering before the environment's
     * overrides and the emulator's helpers, for the runs it makes: how a captured context replays
     * the results a kernel recorded. A helper of the layer may fall back on {@link #helper}. Runs
     * outside this call never see the layer.
     *
     * @throws IllegalStateException if called from inside another {@code withHelpers}
     */
    public <T> T withHelpers(HelperRegistry layer, Supplier<T> runs) {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(runs, "runs");
        if (this.layer != null) {
            throw new IllegalStateException("runs already have a layer of helpers; withHelpers does not nest");
        }
        this.layer = layer;
        try {
            return runs.get();
        } finally {
            this.layer = null;
        }
    }

    /**
     * Runs a program on memory the caller lays out: each block is mapped writable at its address
     * for this run only, and r1 to r5 hold {@code args}. The result's final context is the block r1
     * points into (empty when it points into none); the blocks hold what the program left.
     *
     * @throws IllegalArgumentException if two blocks need the same 1 MiB slot of the address space
     */
    private RunResult runGeneric(Program program, List<ContextMemory> blocks, Runs runs, long... args) {
        KernelRun run = new KernelRun(environment, ContextType.GENERIC, null, null);
        Vm vm = vmFor(run, null);
        Memory memory = vm.memory();
        clearContextMemory(memory);
        List<Region> mapped = new ArrayList<>();
        try {
            for (ContextMemory block : blocks) {
                Region region = new Region(block.name(), block.bytes(), true);
                memory.map(region, block.address());
                mapped.add(region);
            }
            long r0 = repeat(program, vm, run, runs, 0, args);
            byte[] ctx = new byte[0];
            if (args.length > 0) {
                Region r1 = memory.regionAt(args[0]);
                ctx = mapped.contains(r1) ? r1.bytes().clone() : ctx;
            }
            return RunResult.of(ContextType.GENERIC, r0, vm.execution().instructionCount(), run).finalContext(ctx).build();
        } finally {
            mapped.forEach(memory::unmap);
        }
    }

    /**
     * Runs a started program to its end; whatever way it ends, the run is over for the locks it
     * holds. With coverage or path recording on, a probe counts the run and records its path
     * (beside any probe the VM already has, such as a debugger's); with both off, this is one
     * static read.
     */
    private static long execute(KernelRun run, Vm vm, Execution e) {
        CoverageRun probe = Coverage.on() ? Coverage.startRun() : null;
        if (probe != null) {
            return probed(run, vm, e, probe);
        }
        try {
            return e.run();
        } finally {
            run.end();
        }
    }

    private static long probed(KernelRun run, Vm vm, Execution e, CoverageRun probe) {
        Probe previous = vm.probe();
        vm.setProbe(previous == null ? probe : both(probe, previous));
        try {
            return e.run();
        } finally {
            vm.setProbe(previous);
            run.recordPath(probe.finish());
            run.end();
        }
    }

    private static Probe both(Probe first, Probe second) {
        return execution -> {
            first.beforeInstruction(execution);
            second.beforeInstruction(execution);
        };
    }

    /**
     * Runs {@code runs} with {@code probe} told before every instruction of the runs it makes
     * (interpreted, see {@link Probe}): how a debugger watches runs that go through the usual
     * entry, whatever input they take. Runs outside this call are not probed.
     *
     * @throws IllegalStateException if called from inside another {@code withProbe}
     */
    public <T> T withProbe(Probe probe, Supplier<T> runs) {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(runs, "runs");
        if (this.probe != null) {
            throw new IllegalStateException("runs already have a probe; withProbe does not nest");
        }
        this.probe = probe;
        try {
            return runs.get();
        } finally {
            this.probe = null;
            for (Map<ContextType, CachedVm> cache : List.of(vms, layeredVms)) {
                for (CachedVm c : cache.values()) {
                    if (c.vm.probe() instanceof Added added) {
                        c.vm.setProbe(added.own());
                    }
                }
            }
        }
    }

    /** The probe of a VM inside {@link #withProbe}: the VM's own probe (if any) first, then the added one. */
    private record Added(Probe own, Probe added) implements Probe {
        @Override
        public void beforeInstruction(Execution execution) {
            if (own != null) {
                own.beforeInstruction(execution);
            }
            added.beforeInstruction(execution);
        }
    }

    /** Unmaps whatever an earlier generic run left between the context address and the map pointers. */
    private static void clearContextMemory(Memory memory) {
        for (long a = CONTEXT_MEMORY_START; a < CONTEXT_MEMORY_END; a += 1L << Memory.SLOT_SHIFT) {
            Region r = memory.regionAt(a);
            if (r != null) {
                memory.unmap(r);
            }
        }
    }

    /**
     * The VM for a run: built once per context type (helper availability depends on it) and reused
     * while the registries stay the same, so a run costs no VM construction. Helpers are bound to
     * {@code slot}, which holds the run in progress.
     */
    private Vm vmFor(KernelRun run, SkbPacketLoader loader) {
        ContextType type = run.programType();
        Map<ContextType, CachedVm> cache = layer == null ? vms : layeredVms;
        long version = (long) environment.overrides().version() << 32 | helpers.version() & 0xffffffffL;
        // Run after run of one type takes the VM the last run took: no map lookup. The rest lives
        // in methods of their own so that this one stays small enough for the JIT to inline into
        // the run methods (C2 inlines a hot method of at most 325 bytes of bytecode).
        CachedVm cached = type == lastType && cache == lastCache && lastVm.version == version ? lastVm : cachedVm(type, cache, version);
        // Stores of the same reference skipped: under G1 each reference store into this
        // long-lived object costs a write barrier, and runs rarely change the record (XDP runs
        // reuse theirs), the loader or the layer.
        if (slot.run != run) {
            slot.run = run;
        }
        if (slot.loader != loader) {
            slot.loader = loader;
        }
        if (slot.layer != layer) {
            slot.layer = layer;
        }
        run.attach(cached.vm);
        cached.vm.setCpu(fixedCpu >= 0 ? fixedCpu : environment.cpu());
        if (probe != null) {
            addProbe(cached.vm);
        }
        return cached.vm;
    }

    /** The VM of a context type from the cache, built when missing or made for other registries; remembered as the last one. */
    private CachedVm cachedVm(ContextType type, Map<ContextType, CachedVm> cache, long version) {
        CachedVm cached = cache.get(type);
        if (cached == null || cached.version != version) {
            cached = new CachedVm(buildVm(type, layer != null), version);
            cache.put(type, cached);
        }
        lastType = type;
        lastCache = cache;
        lastVm = cached;
        return cached;
    }

    /** Adds the emulator's probe to a VM's, once. */
    private void addProbe(Vm vm) {
        if (!(vm.probe() instanceof Added a && a.added() == probe)) {
            vm.setProbe(new Added(vm.probe(), probe));
        }
    }

    /**
     * Builds now the VM that runs on this context take, if it is not built yet (the first such run
     * builds it otherwise), and returns it.
     */
    Vm prepare(ContextType type) {
        long version = (long) environment.overrides().version() << 32 | helpers.version() & 0xffffffffL;
        CachedVm cached = vms.get(type);
        if (cached == null || cached.version != version) {
            cached = new CachedVm(buildVm(type, false), version);
            vms.put(type, cached);
        }
        return cached.vm;
    }

    private Vm buildVm(ContextType type, boolean layered) {
        Vm.Builder b = Vm.builder().instructionLimit(instructionLimit);
        if (jit != null) {
            b.jit(jit);
        }
        for (HelperId id : HelperId.values()) {
            Helper ordinary = bind(slot, type, id, resolve(id));
            b.helper(id.id(), layered ? layered(slot, type, id, ordinary) : ordinary);
        }
        kfuncs.forEach((btfId, kfunc) -> b.kernelFunction(btfId, bindKfunc(slot, type, kfunc)));
        if (type.isSkb()) {
            b.legacyPacketLoader((vm, ctx, offset, size) -> slot.loader.load(vm, ctx, offset, size));
        }
        Vm vm = b.build();
        for (Consumer<Vm> setup : vmSetup) {
            setup.accept(vm);
        }
        return vm;
    }

    /** The run a reused VM's helpers answer for. */
    private static final class RunSlot {
        KernelRun run;
        SkbPacketLoader loader;
        HelperRegistry layer;
    }

    private record CachedVm(Vm vm, long version) {
    }

    /**
     * How a VM calls a registered helper: its (pointer, size) arguments checked, the call recorded
     * on the run. A helper no registry has traps as not emulated, one the program type may not
     * call traps as the verifier's refusal.
     */
    private static Helper bind(RunSlot slot, ContextType type, HelperId id, HelperRegistry.Entry entry) {
        if (entry == null) {
            String missing = id.describe() + " is not emulated; provide it with LinuxEnvironment.override";
            return (vm, r1, r2, r3, r4, r5) -> {
                throw Traps.atCall(vm, TrapException.Kind.UNSUPPORTED, missing);
            };
        }
        if (!entry.types().contains(type)) {
            LinuxHelper refusal = unavailable(type, id);
            return (vm, r1, r2, r3, r4, r5) -> refusal.call(slot.run, r1, r2, r3, r4, r5);
        }
        return called(slot, id, entry.helper());
    }

    private static Helper called(RunSlot slot, HelperId id, LinuxHelper helper) {
        return new Called(slot, id, helper, SizedArguments.takesSizedArguments(id));
    }

    /**
     * A registered helper as the VM calls it: its (pointer, size) arguments checked where it takes
     * any (decided once, as most take none), the call recorded on the run. A class rather than a
     * lambda, so that the call is one method for the JVM to compile, not a lambda's and the body's.
     */
    private static final class Called implements Helper {
        private final RunSlot slot;
        private final HelperId id;
        private final LinuxHelper helper;
        private final boolean sized;

        Called(RunSlot slot, HelperId id, LinuxHelper helper, boolean sized) {
            this.slot = slot;
            this.id = id;
            this.helper = helper;
            this.sized = sized;
        }

        @Override
        public long call(Vm vm, long r1, long r2, long r3, long r4, long r5) {
            KernelRun run = slot.run;
            if (sized) {
                SizedArguments.check(run, id, r1, r2, r3, r4, r5);
            }
            long r0 = helper.call(run, r1, r2, r3, r4, r5);
            run.call(id, r1, r2, r3, r4, r5, r0);
            return r0;
        }
    }

    /** How a VM calls an emulated kfunc: a program type the kernel does not offer it to traps as the verifier's refusal. */
    private static Helper bindKfunc(RunSlot slot, ContextType type, Kfuncs.Kfunc kfunc) {
        if (!kfunc.types().contains(type)) {
            String refusal = "kfunc " + kfunc.name() + " is not available to " + type.bpftoolName() + " programs; the verifier would reject the program";
            return (vm, r1, r2, r3, r4, r5) -> {
                throw Traps.atCall(vm, TrapException.Kind.UNSUPPORTED, refusal);
            };
        }
        return (vm, r1, r2, r3, r4, r5) -> kfunc.function().call(slot.run, r1, r2, r3, r4, r5);
    }

    /** A helper of a VM for runs inside {@link #withHelpers}: the layer's helper if it has one, else the ordinary one. */
    private static Helper layered(RunSlot slot, ContextType type, HelperId id, Helper ordinary) {
        return (vm, r1, r2, r3, r4, r5) -> {
            HelperRegistry.Entry e = slot.layer.entry(id);
            Helper h = e == null ? ordinary : bind(slot, type, id, e);
            return h.call(vm, r1, r2, r3, r4, r5);
        };
    }

    private static LinuxHelper unavailable(ContextType type, HelperId id) {
        return (run, r1, r2, r3, r4, r5) -> {
            throw Traps.atCall(run.vm(), TrapException.Kind.UNSUPPORTED, id.describe() + " is not available to "
                    + type.bpftoolName() + " programs; the verifier would reject the program");
        };
    }

    /** Configures a {@link LinuxEmulator}. */
    public static final class Builder {
        private LinuxEnvironment environment = new LinuxEnvironment();
        private final HelperRegistry helpers = HelperRegistry.emulated();
        private long instructionLimit = Vm.DEFAULT_INSTRUCTION_LIMIT;
        private final List<Consumer<Vm>> vmSetup = new ArrayList<>();
        private final Map<Integer, Kfuncs.Kfunc> kfuncs = new HashMap<>();
        private JitMode jit;

        private Builder() {
        }

        /**
         * Whether runs execute programs compiled to JVM bytecode; unset, the system property
         * {@value JitMode#PROPERTY} decides. Results are the same either way.
         */
        public Builder jit(JitMode mode) {
            this.jit = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Binds an emulated kfunc to the BTF id (the extern's index in the object) programs call it by. */
        public Builder kernelFunction(int btfId, Kfuncs.Kfunc kfunc) {
            kfuncs.put(btfId, Objects.requireNonNull(kfunc, "kfunc"));
            return this;
        }

        /** The environment to run in (by default a fresh one). */
        public Builder environment(LinuxEnvironment env) {
            this.environment = Objects.requireNonNull(env, "env");
            return this;
        }

        /**
         * Adds (or replaces) the helpers registered in {@code registry} on top of the emulated ones:
         * how map helpers and tail calls are plugged in.
         */
        public Builder helpers(HelperRegistry registry) {
            helpers.putAll(registry);
            return this;
        }

        /** The most instructions one run may execute. */
        public Builder instructionLimit(long limit) {
            this.instructionLimit = limit;
            return this;
        }

        /** Work to do on each new VM before the program starts, such as mapping map and global-data regions. */
        public Builder vmSetup(Consumer<Vm> setup) {
            vmSetup.add(Objects.requireNonNull(setup, "setup"));
            return this;
        }

        /** Builds the emulator. */
        public LinuxEmulator build() {
            return new LinuxEmulator(this);
        }
    }
}
