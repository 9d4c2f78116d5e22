package org.ebpftest.junit;

import java.util.List;
import java.util.Objects;
import org.ebpftest.runtime.context.BpfContext;
import org.ebpftest.runtime.context.ContextRunner;
import org.ebpftest.runtime.context.ReplayMode;
import org.ebpftest.runtime.debug.DebugSession;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.NetfilterInput;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.vm.Program;

/**
 * One program of a loaded object, ready to run: what {@link org.ebpftest.junit.ObjectProgram @ObjectProgram}
 * injects. Runs go through the object's emulator and maps, so a program sees what earlier runs of
 * it and of its object's other programs left in the maps.
 *
 * <p>Runs of one object are serialised, because its emulator runs one program at a time; maps can
 * be read from any thread.
 */
public final class BpfProgram {
    private final LoadedObject object;
    private final String name;
    private final ContextType contextType;

    private BpfProgram(LoadedObject object, String name) {
        this.object = object;
        this.name = name;
        this.contextType = object.contextType(name);
    }

    /**
     * The program of a name in a loaded object.
     *
     * @throws IllegalArgumentException listing the object's programs when none has that name
     */
    public static BpfProgram of(LoadedObject object, String name) {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(name, "name");
        object.program(name);
        return new BpfProgram(object, name);
    }

    /** The program's name: its C function name. */
    public String name() {
        return name;
    }

    /** The context a run builds for it, from its section name. */
    public ContextType contextType() {
        return contextType;
    }

    /** The object it belongs to, with its maps and environment. */
    public LoadedObject object() {
        return object;
    }

    /** The linked VM program, for disassembly and inspection. */
    public Program program() {
        return object.program(name);
    }

    /**
     * Runs the program once on a frame, from the Ethernet header on, as {@code bpftool prog run}
     * does: an XDP program gets it through {@code xdp_md}, a tc, socket-filter or cgroup-skb
     * program through {@code __sk_buff}, with every other field at test_run's defaults; a netfilter
     * program gets it (from the network header on) at test_run's default hook, {@code NF_INET_LOCAL_OUT}, for IPv4.
     *
     * @throws IllegalArgumentException if the program takes neither context; give it a {@link RawInput}
     */
    public RunResult run(byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        if (contextType == ContextType.XDP) {
            return run(XdpInput.of(frame));
        }
        if (contextType.isSkb()) {
            return run(SkbInput.of(frame));
        }
        if (contextType == ContextType.NETFILTER) {
            // as bpftool prog run without ctx_in: NF_INET_LOCAL_OUT, IPv4, the packet from the network header
            return run(NetfilterInput.of(frame));
        }
        throw new IllegalArgumentException("program [" + name + "] in [" + object.spec().fileName() + "] runs on raw context bytes, not on a frame; "
                + "call run(new RawInput(context)) instead");
    }

    /**
     * Runs the program once on a fixture, after putting the fixture's map entries into the maps:
     * XDP programs get its packet and metadata, tc, socket-filter and cgroup-skb programs its packet
     * and {@code __sk_buff} fields. Check the result with {@link BpfFixture#check}.
     *
     * @throws IllegalArgumentException if the fixture names another program, or a map the object
     *     lacks, or gives keys or values of the wrong size
     */
    public RunResult run(BpfFixture fixture) {
        Objects.requireNonNull(fixture, "fixture");
        if (fixture.program().filter(p -> !p.equals(name)).isPresent()) {
            throw new IllegalArgumentException("fixture [" + fixture.name() + "] in [" + fixture.source() + "] is for program ["
                    + fixture.program().get() + "], not [" + name + "]");
        }
        synchronized (object) {
            FixturePreload.preload(fixture, object);
            return Backends.run(object, name, fixtureInput(fixture));
        }
    }

    /** The input a fixture describes for this program's context: packet and metadata for XDP, packet and {@code __sk_buff} fields else. */
    private RunInput fixtureInput(BpfFixture fixture) {
        if (contextType == ContextType.XDP) {
            return XdpInput.of(fixture.packet()).withMetadata(fixture.metadata());
        }
        if (contextType.isSkb()) {
            SkbInput input = SkbInput.of(fixture.packet());
            if (fixture.skb().isPresent()) {
                BpfFixture.Skb skb = fixture.skb().get();
                input = input.withMark(skb.mark()).withPriority(skb.priority()).withInterfaces(0, skb.ifindex())
                        .withCb(skb.cb().stream().mapToInt(Integer::intValue).toArray());
            }
            return input;
        }
        throw new IllegalArgumentException("program [" + name + "] in [" + object.spec().fileName() + "] runs on raw context bytes, "
                + "which fixtures do not describe yet");
    }

    /**
     * Runs the program once on a context from a mimic context file: {@code xdp_md} through the XDP
     * path, {@code sk_buff} through {@code __sk_buff}, generic contexts on any program, captured
     * contexts with their recorded helper calls replayed, failing on a call they did not record.
     *
     * @throws IllegalArgumentException if the program cannot run on this type of context
     */
    public RunResult run(BpfContext context) {
        return run(context, ReplayMode.FAIL);
    }

    /** Runs the program once on a context, replaying a captured context's helper calls as {@code mode} says. */
    public RunResult run(BpfContext context, ReplayMode mode) {
        synchronized (object) {
            Backends.requireEmulator(object, name, "mimic context files and captured replay");
            return ContextRunner.run(object, name, context, mode);
        }
    }

    /**
     * Runs the program once on an input: an {@link XdpInput} with metadata or a receiving
     * interface, an {@link SkbInput} with {@code __sk_buff} fields set, or raw context memory
     * ({@link RawInput}, {@link org.ebpftest.runtime.linux.buffers.MemoryInput}) for a program of any other type.
     *
     * @throws IllegalArgumentException if the input does not fit the program's context
     */
    public RunResult run(RunInput input) {
        synchronized (object) {
            return Backends.run(object, name, input);
        }
    }

    /**
     * Runs the program on each of a batch of inputs across all the environment's virtual CPUs in
     * parallel and returns the results in input order: see {@link LoadedObject#runBatch(String, List, int)}.
     * The kernel backend ({@code ebpftest.backend=kernel} or {@code both}) cannot choose the CPU
     * of each run, so there the test is skipped, saying so.
     */
    public List<RunResult> runBatch(List<? extends RunInput> inputs) {
        return runBatch(inputs, object.environment().cpus());
    }

    /**
     * Runs the program on each of a batch of inputs on virtual CPUs 0 to {@code cpus - 1} in
     * parallel (input i on CPU {@code i % cpus}) and returns the results in input order.
     *
     * @throws IllegalArgumentException if {@code cpus} is not between 1 and the environment's CPUs
     */
    public List<RunResult> runBatch(List<? extends RunInput> inputs, int cpus) {
        Objects.requireNonNull(inputs, "inputs");
        Backends.requireEmulator(object, name, "runs across virtual CPUs (runBatch)");
        synchronized (object) {
            return object.runBatch(name, inputs, cpus);
        }
    }

    /**
     * Starts a run of the program on a frame under the debugger, paused before its first
     * instruction: set breakpoints, step, read registers and memory (see {@link DebugSession}).
     * Debugging runs in the emulator whatever backend runs are set to; close the session (try
     * with resources) before the object runs anything else.
     *
     * @throws IllegalArgumentException if the program takes neither an XDP nor a socket-buffer context
     */
    public DebugSession debug(byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        if (contextType == ContextType.XDP) {
            return debug(XdpInput.of(frame));
        }
        if (contextType.isSkb()) {
            return debug(SkbInput.of(frame));
        }
        throw new IllegalArgumentException("program [" + name + "] in [" + object.spec().fileName() + "] runs on raw context bytes, not on a frame; "
                + "call debug(new RawInput(context)) instead");
    }

    /** Starts a run of the program on an input under the debugger, paused before its first instruction. */
    public DebugSession debug(RunInput input) {
        return DebugSession.start(object, name, input);
    }

    /** Starts a run of the program on a fixture (its map entries put in first) under the debugger, paused before its first instruction. */
    public DebugSession debug(BpfFixture fixture) {
        Objects.requireNonNull(fixture, "fixture");
        RunInput input = fixtureInput(fixture);
        FixturePreload.preload(fixture, object);
        return DebugSession.start(object, name, input);
    }

    /** Starts a run of the program on a context file's context under the debugger, paused before its first instruction. */
    public DebugSession debug(BpfContext context) {
        Objects.requireNonNull(context, "context");
        return DebugSession.start(object, name, () -> ContextRunner.run(object, name, context, ReplayMode.FAIL));
    }

    @Override
    public String toString() {
        return "BpfProgram[" + name + " in " + object.spec().fileName() + ", " + contextType.bpftoolName() + "]";
    }
}
