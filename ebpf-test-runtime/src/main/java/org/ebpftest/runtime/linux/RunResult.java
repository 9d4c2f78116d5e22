package org.ebpftest.runtime.linux;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ebpftest.runtime.coverage.RunPath;
import org.ebpftest.runtime.linux.buffers.ContextBytes;
import org.ebpftest.runtime.linux.helpers.HelperCall;
import org.ebpftest.runtime.linux.net.Redirect;
import org.ebpftest.runtime.linux.net.TunnelInfo;

/**
 * What one test run produced: what BPF_PROG_TEST_RUN reports (return value, data_out, ctx_out)
 * and the side effects the emulator recorded on top (printed lines, the redirect, helper calls).
 */
public final class RunResult {
    private static final byte[] NO_BYTES = new byte[0];

    private final ContextType contextType;
    private final long returnValue;
    private final byte[] packet;
    private final byte[] contextOut;
    private final byte[] finalContext;
    private final long instructions;
    private final List<PrintedLine> printed;
    private final Redirect redirect;
    /** The run's helper calls (null for none), made into {@link #helperCalls} when first asked for. */
    private final HelperCallLog callLog;
    private volatile List<HelperCall> helperCalls;
    private final List<Redirect> clones;
    private final TunnelInfo tunnel;
    private final RunPath path;
    /** False for a kernel test run, which reports no printed lines, redirect, helper calls, tunnel or instruction count. */
    private final boolean recorded;

    private RunResult(Builder b) {
        this.recorded = b.recorded;
        this.contextType = b.contextType;
        this.returnValue = b.returnValue;
        this.packet = b.packet;
        this.contextOut = b.contextOut;
        this.finalContext = b.finalContext;
        this.instructions = b.instructions;
        this.printed = b.run.printedCopy();
        this.redirect = b.run.redirectTarget();
        this.callLog = b.run.calls();
        this.clones = b.run.clonesCopy();
        this.tunnel = b.run.tunnelSet();
        this.path = b.run.path();
    }

    /**
     * A result as BPF_PROG_TEST_RUN reports it and nothing more: what a run in the real kernel gives,
     * so that the kernel backend returns the type the emulator returns. The kernel reports only the
     * low 32 bits of r0, so {@link #returnValue()} is {@code retval} zero-extended; the final
     * context is ctx_out (empty when the run had none). It has no printed lines, redirect, helper
     * calls, tunnel or instruction count: asking for them throws {@link NotRecordedException}
     * ({@link #recordsSideEffects()} is false).
     *
     * @param dataOut test_run's data_out
     * @param ctxOut test_run's ctx_out, or null when the run passed no context
     */
    public static RunResult ofTestRun(ContextType contextType, int retval, byte[] dataOut, byte[] ctxOut) {
        Objects.requireNonNull(dataOut, "dataOut");
        byte[] ctx = ctxOut == null ? null : ctxOut.clone();
        // a run that recorded nothing: the kernel reports no printed lines, calls or redirects
        KernelRun nothing = new KernelRun(new LinuxEnvironment(), contextType, null, null);
        Builder b = of(contextType, retval & 0xffffffffL, 0, nothing).packet(dataOut.clone()).contextOut(ctx)
                .finalContext(ctx == null ? new byte[0] : ctx);
        b.recorded = false;
        return b.build();
    }

    /**
     * A result of a run on a context type: what the program returned and how many instructions it
     * took, with the side effects {@code run} recorded; the builder adds what test_run copies out.
     */
    static Builder of(ContextType contextType, long returnValue, long instructions, KernelRun run) {
        return new Builder(contextType, returnValue, instructions, run);
    }

    /** Names the parts of a {@link RunResult} that depend on the context: data_out, ctx_out and the final context. */
    static final class Builder {
        private final ContextType contextType;
        private final long returnValue;
        private final long instructions;
        private final KernelRun run;
        // One shared empty array for both: a result hands out copies only, so none can change it.
        private byte[] packet = NO_BYTES;
        private byte[] contextOut;
        private byte[] finalContext = NO_BYTES;
        private boolean recorded = true;

        private Builder(ContextType contextType, long returnValue, long instructions, KernelRun run) {
            this.contextType = Objects.requireNonNull(contextType, "contextType");
            this.returnValue = returnValue;
            this.instructions = instructions;
            this.run = Objects.requireNonNull(run, "run");
        }

        /** test_run's data_out; empty unless set. */
        Builder packet(byte[] dataOut) {
            this.packet = Objects.requireNonNull(dataOut, "dataOut");
            return this;
        }

        /** test_run's ctx_out; none unless set (a run without ctx_in has none). */
        Builder contextOut(byte[] ctxOut) {
            this.contextOut = ctxOut;
            return this;
        }

        /** The context memory as the program left it; empty unless set. */
        Builder finalContext(byte[] context) {
            this.finalContext = Objects.requireNonNull(context, "context");
            return this;
        }

        RunResult build() {
            return new RunResult(this);
        }
    }

    /**
     * The context the program ran on: {@link ContextType#XDP} for a run on an
     * {@link org.ebpftest.runtime.linux.buffers.XdpInput}, the program's {@code __sk_buff} flavour for an
     * {@link org.ebpftest.runtime.linux.buffers.SkbInput},
     * {@link ContextType#GENERIC} for raw or laid-out context memory. It tells how to read the return value and
     * where the packet starts.
     */
    public ContextType contextType() {
        return contextType;
    }

    /**
     * For an XDP run, how many bytes of metadata {@link #packet()} starts with, before the frame:
     * {@code data - data_meta} when the program returned (test_run's ctx_out reports it as
     * {@code xdp_md.data}). 0 for every other run.
     */
    public int metadataLength() {
        return contextType == ContextType.XDP && contextOut != null ? ContextBytes.u32(contextOut, 0) : 0;
    }

    /** The packet without the XDP metadata in front of it: for XDP the frame from data to data_end, else {@link #packet()}. */
    public byte[] frame() {
        return Arrays.copyOfRange(packet, Math.min(metadataLength(), packet.length), packet.length);
    }

    /** r0 as the program left it, all 64 bits. */
    public long returnValue() {
        return returnValue;
    }

    /** The return value as test_run reports it: the low 32 bits of r0 ({@code XDP_PASS} is 2). */
    public int retval() {
        return (int) returnValue;
    }

    /**
     * The packet as test_run's data_out gives it: for XDP from data_meta to data_end (metadata
     * included); for tc from skb->data; for socket filters and cgroup skb programs with the
     * Ethernet header zeroed, as test_run pushes 14 zero bytes back. Empty for generic programs.
     */
    public byte[] packet() {
        return packet.clone();
    }

    /** The context as test_run's ctx_out gives it (struct xdp_md or __sk_buff), if the run had one. */
    public Optional<byte[]> contextOut() {
        return Optional.ofNullable(contextOut).map(byte[]::clone);
    }

    /**
     * The context exactly as the program left it: every __sk_buff field, including those test_run
     * does not copy back (tc_index, tc_classid, queue_mapping, ...); for generic programs, the
     * context memory after the run.
     */
    public byte[] finalContext() {
        return finalContext.clone();
    }

    /** A 32-bit field of {@link #finalContext()} at a byte offset. */
    public int contextField(int offset) {
        return ContextBytes.u32(finalContext, offset);
    }

    /**
     * Whether the run recorded its side effects (printed lines, redirect, helper calls, tunnel,
     * instruction count): true for the emulator's runs, false for the kernel's test runs, whose
     * accessors for them throw {@link NotRecordedException}.
     */
    public boolean recordsSideEffects() {
        return recorded;
    }

    private void requireRecorded(String feature) {
        if (!recorded) {
            throw new NotRecordedException(feature);
        }
    }

    /**
     * The number of instructions executed, tail calls and callbacks included.
     *
     * @throws NotRecordedException for a kernel run, which does not count them
     */
    public long instructions() {
        requireRecorded("instruction count (RunResult.instructions())");
        return instructions;
    }

    /**
     * The lines printed with bpf_trace_printk, in order.
     *
     * @throws NotRecordedException for a kernel run (its lines go to the trace pipe)
     */
    public List<PrintedLine> printed() {
        requireRecorded("printed lines (RunResult.printed())");
        return printed;
    }

    /** The printed messages alone, in order; see {@link #printed()}. */
    public List<String> printedMessages() {
        return printed().stream().map(PrintedLine::message).toList();
    }

    /**
     * The redirect the program asked for, if any.
     *
     * @throws NotRecordedException for a kernel run, which reports only the return value
     */
    public Optional<Redirect> redirect() {
        requireRecorded("redirect target (RunResult.redirect())");
        return Optional.ofNullable(redirect);
    }

    /**
     * The copies sent with bpf_clone_redirect, in order.
     *
     * @throws NotRecordedException for a kernel run
     */
    public List<Redirect> clonedRedirects() {
        requireRecorded("cloned redirects (RunResult.clonedRedirects())");
        return clones;
    }

    /**
     * The tunnel metadata the program set for the packet with {@code bpf_skb_set_tunnel_key} (and
     * {@code bpf_skb_set_tunnel_opt}), as the tunnel device would send it: remote is the outer
     * destination. Empty when the program set none.
     *
     * @throws NotRecordedException for a kernel run
     */
    public Optional<TunnelInfo> tunnel() {
        requireRecorded("tunnel metadata (RunResult.tunnel())");
        return Optional.ofNullable(tunnel);
    }

    /**
     * Every helper call, in order.
     *
     * @throws NotRecordedException for a kernel run, which records no helper calls
     */
    public List<HelperCall> helperCalls() {
        requireRecorded("helper-call records (RunResult.helperCalls())");
        List<HelperCall> calls = helperCalls;
        if (calls == null) {
            calls = callLog == null ? List.of() : callLog.toList();
            helperCalls = calls;
        }
        return calls;
    }

    /** The calls of one helper, by name such as {@code bpf_redirect}; see {@link #helperCalls()}. */
    public List<HelperCall> helperCalls(String name) {
        String full = name.startsWith("bpf_") ? name : "bpf_" + name;
        return helperCalls().stream().filter(c -> c.name().equals(full)).toList();
    }

    /**
     * The path the run took through the C source (the lines entered and each branch decision),
     * when runs record it: with {@code -Debpftest.path=on} or inside
     * {@link org.ebpftest.runtime.coverage.Coverage#recordPaths()}. Failure messages of the
     * assertions show it. Empty otherwise, and for kernel runs.
     */
    public Optional<RunPath> path() {
        return Optional.ofNullable(path);
    }
}
