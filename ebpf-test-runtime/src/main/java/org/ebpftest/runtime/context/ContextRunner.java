package org.ebpftest.runtime.context;

import java.util.Objects;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LinuxEmulator;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.MemoryInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Program;

/**
 * Runs a program of a {@link LoadedObject} on a context from a file: an {@code xdp_md} context
 * through the XDP path, an {@code sk_buff} context through the {@code __sk_buff} path, a generic
 * context with its memory mapped and its registers set, and a captured context as the context it
 * wraps with the recorded helper calls replayed.
 *
 * <pre>{@code
 * LoadedObject probe = LoadedObject.load(Path.of("probe.o"));
 * for (BpfContext c : Contexts.read(Path.of("captured.json"))) {
 *     RunResult r = ContextRunner.run(probe, "kprobe_sleep", c, ReplayMode.FAIL);
 * }
 * }</pre>
 */
public final class ContextRunner {
    private ContextRunner() {
    }

    /**
     * Runs a program once on a context.
     *
     * @param mode what a captured context's replay does with a helper call it did not record
     *     (ignored by the other types)
     * @throws IllegalArgumentException if the object has no such program, or the program cannot
     *     run on this type of context (an {@code xdp_md} context on a tc program)
     * @throws RunRefusedException where {@code bpftool prog run} would refuse the context
     * @throws org.ebpftest.runtime.vm.TrapException when the program faults, or a replay in
     *     {@link ReplayMode#FAIL} meets a call it did not record
     */
    public static RunResult run(LoadedObject object, String program, BpfContext context, ReplayMode mode) {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(mode, "mode");
        Program linked = object.program(Objects.requireNonNull(program, "program"));
        if (context instanceof CapturedContext captured) {
            if (captured.subContext() instanceof CapturedContext) {
                throw new IllegalArgumentException(describe(captured) + " wraps another captured context, which cannot be replayed");
            }
            LinuxEmulator emulator = object.emulator();
            return emulator.withHelpers(new Replay(captured, mode, emulator).helpers(), () -> plain(object, program, linked, captured.subContext(), captured));
        }
        return plain(object, program, linked, context, context);
    }

    private static RunResult plain(LoadedObject object, String program, Program linked, BpfContext context, BpfContext named) {
        LinuxEmulator emulator = object.emulator();
        ContextType type = object.contextType(program);
        if (context instanceof GenericContext g) {
            GenericLayout.Layout layout = GenericLayout.lay(g);
            return emulator.run(linked, type, new MemoryInput(layout.blocks(), layout.registers()));
        }
        if (context instanceof XdpMdContext x) {
            if (type != ContextType.XDP) {
                throw mismatch(object, program, named, type, "XDP programs");
            }
            if (x.headroom() != 0 || x.tailroom() != 0) {
                throw new IllegalArgumentException(describe(named) + " asks for " + x.headroom() + " bytes of headroom and " + x.tailroom()
                        + " of tailroom; runs lay frames out as BPF_PROG_TEST_RUN does (256 bytes of headroom, the rest of the page as "
                        + "tailroom), so leave both at 0");
            }
            if (x.egressIfindex() != 0) {
                throw new RunRefusedException(Errno.EINVAL, describe(named) + ": egress_ifindex " + x.egressIfindex()
                        + " is not accepted in ctx_in; test_run takes only 0");
            }
            return emulator.run(linked, type, XdpInput.of(x.packet()).receivedOn(x.ingressIfindex(), x.rxQueueIndex()));
        }
        if (context instanceof SkBuffContext s) {
            if (!type.isSkb()) {
                throw mismatch(object, program, named, type, "tc, socket-filter and cgroup-skb programs");
            }
            if (s.sock().isPresent()) {
                throw new IllegalArgumentException(describe(named) + " gives a socket (sock), which the emulator does not read from"
                        + " a context file (__sk_buff.sk is test_run's own socket; in Java, SkbInput.withSocket names one); remove it or set it to null");
            }
            if (s.flowKeys().isPresent()) {
                throw new IllegalArgumentException(describe(named) + " gives flow keys (flowKeys), which only flow-dissector programs "
                        + "read, and those are not emulated; remove them or set them to null");
            }
            return emulator.run(linked, type, SkbInput.of(s.packet()).withInterfaces(0, s.ifindex()));
        }
        throw new IllegalArgumentException(describe(named) + " wraps another captured context, which cannot be replayed");
    }

    private static IllegalArgumentException mismatch(LoadedObject object, String program, BpfContext context, ContextType type, String runsOn) {
        return new IllegalArgumentException(describe(context) + " cannot run program [" + program + "] of [" + object.spec().fileName()
                + "]: the program (section \"" + object.spec().program(program).sectionName() + "\", typed by "
                + object.spec().program(program).typedBy() + ") runs on " + contextOf(type) + ", and "
                + context.type() + " contexts are for " + runsOn + "; a generic context runs on any program");
    }

    private static String contextOf(ContextType type) {
        return switch (type) {
            case XDP -> "xdp_md";
            case GENERIC -> "raw context memory";
            case NETFILTER -> "bpf_nf_ctx";
            default -> "__sk_buff";
        };
    }

    private static String describe(BpfContext context) {
        return context.type() + " context [" + context.name() + "] in [" + context.source() + "]";
    }
}
