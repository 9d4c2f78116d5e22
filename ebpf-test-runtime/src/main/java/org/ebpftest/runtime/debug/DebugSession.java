package org.ebpftest.runtime.debug;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.btf.BtfValue;
import org.ebpftest.runtime.isa.CallKind;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.Opcode;
import org.ebpftest.runtime.isa.SourceLine;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.vm.Execution;
import org.ebpftest.runtime.vm.Probe;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.Vm;

/**
 * One run of a loaded object's program under a debugger: it starts paused before the first
 * instruction, stops at breakpoints and after steps, and between stops lets the caller read and
 * change registers and memory, read the stack, the context, the maps and the call stack.
 *
 * <pre>{@code
 * try (DebugSession s = DebugSession.start(object, "xdp_fw", XdpInput.of(frame))) {
 *     s.breakAt("xdp_fw.c", 42);
 *     Stop stop = s.resume();                       // runs to line 42
 *     assertThat(s.register(2)).isEqualTo(6);
 *     s.stepLine();                                 // over calls, to the next C line
 *     assertThat(s.runToEnd().retval()).isEqualTo(XDP_DROP);
 * }
 * }</pre>
 *
 * <p>The run goes through the object's emulator exactly as {@link LoadedObject#run} does, with a
 * {@link Probe} that blocks at each stop, on a thread of its own; the methods here are called from
 * one other thread (the test's, or a debug adapter's) and return at the next stop. Every
 * instruction is interpreted while debugging; the results are the same. While a session is open
 * nothing else may run on the object (its emulator runs one program at a time); {@link #close()}
 * ends an unfinished run. Everything but {@link #pause()} needs the run paused, and throws
 * {@link IllegalStateException} otherwise.
 */
public final class DebugSession implements AutoCloseable {
    private final LoadedObject object;
    private final SourceIndex index;
    private final Object lock = new Object();
    private final List<Breakpoint> breakpoints = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean pauseRequested;
    private volatile boolean terminating;
    private int nextBreakpoint = 1;

    // Guarded by lock: the handoff between the caller and the run's thread.
    private boolean paused;
    private boolean ended;
    private long stops;
    private Command command;
    private Execution execution;
    private Stop stop;
    private RunResult result;
    private RuntimeException failure;

    // Owned by the run's thread (the probe).
    private Command mode;
    private int startDepth;
    private SourceLine startLine;
    private SourceLine[] lastLineAt = new SourceLine[Vm.MAX_CALL_FRAMES];
    /** r1 to r5 as each frame's function found them on entry: its arguments. */
    private long[][] entryArguments = new long[Vm.MAX_CALL_FRAMES][5];
    private int lastDepth;
    private Program lastProgram;
    private boolean started;

    /** What the caller asks of a paused run. */
    private enum Command { CONTINUE, STEP_INSTRUCTION, STEP_LINE, STEP_INTO, STEP_OUT, RUN_TO_END, TERMINATE }

    private DebugSession(LoadedObject object, String name, Supplier<RunResult> run) {
        this.object = object;
        this.index = new SourceIndex(object.spec());
        this.thread = new Thread(() -> execute(run), "ebpf-debug " + name);
        thread.setDaemon(true);
    }

    /**
     * Starts a run of a program on an input, as {@link LoadedObject#run(String, RunInput)} runs
     * it, paused before its first instruction ({@link StopReason#ENTRY}).
     *
     * @throws IllegalArgumentException if the object has no such program or the input does not fit it
     * @throws org.ebpftest.runtime.linux.RunRefusedException where the kernel would refuse the run
     */
    public static DebugSession start(LoadedObject object, String program, RunInput input) {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(input, "input");
        object.program(program);
        return start(object, program, () -> object.run(program, input));
    }

    /**
     * Starts any run on an object's emulator paused before its first instruction: a context
     * file's run ({@code () -> context.runOn(object, "prog", ReplayMode.FAIL)}), a fixture's, or
     * several runs (the session pauses at the first instruction of the first; breakpoints stop
     * them all).
     *
     * @param name what the run is called in thread names and messages
     * @throws RuntimeException whatever the run throws before its first instruction (a refused run)
     */
    public static DebugSession start(LoadedObject object, String name, Supplier<RunResult> run) {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(run, "run");
        DebugSession s = new DebugSession(object, Objects.requireNonNull(name, "name"), run);
        s.thread.start();
        synchronized (s.lock) {
            s.awaitStop(0);
            if (s.ended && s.failure != null && s.stop == null) {
                throw s.failure;
            }
        }
        return s;
    }

    // ---- breakpoints ----

    /** Stops before the instruction at a slot of the program the run is in (see {@link #breakAtPc} for another program). */
    public Breakpoint breakAt(int pc) {
        synchronized (lock) {
            String program = stop != null ? stop.program() : null;
            if (program == null) {
                throw new IllegalStateException("the run never started, so it has no program to break in");
            }
            return breakAtPc(program, pc);
        }
    }

    /**
     * Stops before the instruction at a slot of a named program of the object (a tail call's
     * target, say).
     *
     * @throws IllegalArgumentException if the program has no instruction at that slot
     */
    public Breakpoint breakAtPc(String program, int pc) {
        Program p = object.program(program);
        if (p.instructionAt(pc) == null) {
            throw new IllegalArgumentException("program " + program + " has no instruction at pc " + pc + " (it has " + p.slotCount() + " slots)");
        }
        return add(id -> new Breakpoint.AtPc(id, program, pc));
    }

    /**
     * Stops whenever a run enters a C line of a file (named with or without its directories). A
     * line without code moves to the next one with code; the breakpoint says which.
     *
     * @throws IllegalArgumentException if no code comes from that file at or after that line
     */
    public Breakpoint breakAt(String file, int line) {
        SourceLine resolved = index.resolveLine(Objects.requireNonNull(file, "file"), line);
        return add(id -> new Breakpoint.AtLine(id, resolved.file(), resolved.line(), line));
    }

    /**
     * Stops before every call to a helper or kfunc: {@code bpf_map_lookup_elem} (with or without
     * its {@code bpf_} prefix), or a kfunc by its name.
     */
    public Breakpoint breakOnHelper(String name) {
        Objects.requireNonNull(name, "name");
        String kernelName = HelperId.named(name).or(() -> HelperId.named("bpf_" + name)).map(HelperId::kernelName).orElse(name);
        return add(id -> new Breakpoint.OnHelper(id, kernelName));
    }

    private Breakpoint add(IntFunction<Breakpoint> make) {
        Breakpoint b;
        synchronized (lock) {
            b = make.apply(nextBreakpoint++);
        }
        breakpoints.add(b);
        return b;
    }

    /** Removes a breakpoint; true if it was set. */
    public boolean remove(Breakpoint breakpoint) {
        return breakpoints.remove(breakpoint);
    }

    /** Removes every breakpoint. */
    public void clearBreakpoints() {
        breakpoints.clear();
    }

    /** The breakpoints set, in the order they were set. */
    public List<Breakpoint> breakpoints() {
        return List.copyOf(breakpoints);
    }

    // ---- running ----

    /** Continues to the next breakpoint, or to the end. */
    public Stop resume() {
        return issue(Command.CONTINUE);
    }

    /** Executes one instruction (into a called function, out of a returning one). */
    public Stop stepInstruction() {
        return issue(Command.STEP_INSTRUCTION);
    }

    /**
     * Runs to the next C line of this function, over bpf-to-bpf calls (a breakpoint inside one
     * still stops), or to the caller when the function returns.
     */
    public Stop stepLine() {
        return issue(Command.STEP_LINE);
    }

    /** Runs to the next C line, into a bpf-to-bpf call (or a callback a helper calls) when the line makes one. */
    public Stop stepInto() {
        return issue(Command.STEP_INTO);
    }

    /** Runs until the current function returns, stopping in its caller after the call. */
    public Stop stepOut() {
        return issue(Command.STEP_OUT);
    }

    /**
     * Runs to the end, past any breakpoint, and returns the run's result.
     *
     * @throws RuntimeException the run's own exception (a trap) when it failed
     */
    public RunResult runToEnd() {
        synchronized (lock) {
            if (!ended) {
                issue(Command.RUN_TO_END);
            }
        }
        return result();
    }

    /**
     * Asks a running run to stop before its next instruction ({@link StopReason#PAUSE}); the
     * pending {@link #resume()} or step returns that stop. Callable from any thread.
     */
    public void pause() {
        pauseRequested = true;
    }

    /** Whether the run is paused (and can be inspected). */
    public boolean isPaused() {
        synchronized (lock) {
            return paused;
        }
    }

    /** Whether the run is over, finished or failed. */
    public boolean isEnded() {
        synchronized (lock) {
            return ended;
        }
    }

    /** The last stop; once ended, a stop with reason {@link StopReason#FINISHED} or {@link StopReason#FAILED}. */
    public Stop lastStop() {
        synchronized (lock) {
            return ended ? endStop() : stop;
        }
    }

    /**
     * The result of a finished run.
     *
     * @throws IllegalStateException if the run has not ended
     * @throws RuntimeException the run's exception when it failed
     */
    public RunResult result() {
        synchronized (lock) {
            if (!ended) {
                throw new IllegalStateException("the run has not ended; it is paused at " + stop);
            }
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }

    /** The exception that ended the run (a trap), if it failed. */
    public Optional<RuntimeException> failure() {
        synchronized (lock) {
            return Optional.ofNullable(failure);
        }
    }

    // ---- inspection of a paused run ----

    /** The slot of the next instruction. */
    public int pc() {
        return paused().pc();
    }

    /** The program executing (a tail call changes it). */
    public String program() {
        return paused().program().name();
    }

    /** The next instruction to execute. */
    public Instruction instruction() {
        Execution e = paused();
        return e.program().instructionAt(e.pc());
    }

    /** The C line of the next instruction, when line info has one. */
    public Optional<SourceLine> line() {
        Execution e = paused();
        return Optional.ofNullable(e.program().sourceLineAt(e.pc()));
    }

    /** The value of r0 to r10 in the current frame. */
    public long register(int r) {
        return paused().register(r);
    }

    /** Changes r0 to r9 before the next instruction. */
    public void setRegister(int r, long value) {
        paused().setRegister(r, value);
    }

    /**
     * Bytes of the run's memory at an address: the stack, the packet, the context, map values.
     * Reads as the host reads, past the context's access rules.
     *
     * @throws org.ebpftest.runtime.vm.MemoryFault if the range is not inside one mapped region
     */
    public byte[] readMemory(long address, int length) {
        Region r = paused().vm().memory().require(address, length, false);
        int at = (int) (address - r.baseAddress());
        return Arrays.copyOfRange(r.bytes(), at, at + length);
    }

    /**
     * Changes the run's memory at an address.
     *
     * @throws org.ebpftest.runtime.vm.MemoryFault if the range is not inside one writable region
     */
    public void writeMemory(long address, byte[] bytes) {
        Region r = paused().vm().memory().require(address, bytes.length, true);
        System.arraycopy(bytes, 0, r.bytes(), (int) (address - r.baseAddress()), bytes.length);
    }

    /** The call stack, innermost frame first, with function names from BTF func info. */
    public List<CallFrame> callStack() {
        Execution e = paused();
        List<CallFrame> frames = new ArrayList<>();
        for (int d = e.frameDepth(); d >= 0; d--) {
            Program p = d == e.frameDepth() ? e.program() : e.callerProgram(d);
            int pc = d == e.frameDepth() ? e.pc() : e.callerPc(d);
            frames.add(new CallFrame(d, p.name(), index.functionName(p.name(), pc), pc, p.sourceLineAt(pc), e.vm().frameTop(d)));
        }
        return frames;
    }

    /** The 512 bytes of a frame's stack, from {@code r10 - 512} up to r10. */
    public byte[] stackBytes(int depth) {
        Execution e = paused();
        checkDepth(e, depth);
        return e.vm().frame(depth).bytes().clone();
    }

    /**
     * A frame's stack as its function's code addresses it ({@code *(u32 *)(r10 - 4)}), typed by
     * access width; {@link #stackBytes} gives the raw bytes.
     */
    public List<StackSlot> stackSlots(int depth) {
        Execution e = paused();
        checkDepth(e, depth);
        Program p = depth == e.frameDepth() ? e.program() : e.callerProgram(depth);
        int pc = depth == e.frameDepth() ? e.pc() : e.callerPc(depth);
        byte[] stack = e.vm().frame(depth).bytes();
        List<StackSlot> out = new ArrayList<>();
        for (int[] access : index.stackAccesses(p, pc)) {
            int at = stack.length + access[0];
            long v = 0;
            for (int i = access[1] - 1; i >= 0; i--) {
                v = v << 8 | (stack[at + i] & 0xffL);
            }
            out.add(new StackSlot(access[0], access[1], v));
        }
        return out;
    }

    /**
     * The arguments a frame's function was called with: its parameters' names and C types from
     * BTF, their values from r1 to r5 at its first instruction (a tail call's target counts as
     * entered where it starts). Empty when BTF has no prototype for the function.
     */
    public List<Argument> arguments(int depth) {
        Execution e = paused();
        checkDepth(e, depth);
        Program p = depth == e.frameDepth() ? e.program() : e.callerProgram(depth);
        int pc = depth == e.frameDepth() ? e.pc() : e.callerPc(depth);
        List<Argument> out = new ArrayList<>();
        List<BtfType.Param> params = index.parameters(p.name(), pc);
        for (int i = 0; i < params.size() && i < 5; i++) {
            int typeId = params.get(i).type();
            String type = index.btf().map(b -> b.typeName(typeId)).orElse("?");
            out.add(new Argument(params.get(i).name(), type, entryArguments[depth][i]));
        }
        return out;
    }

    private static void checkDepth(Execution e, int depth) {
        if (depth < 0 || depth > e.frameDepth()) {
            throw new IllegalArgumentException("no frame " + depth + "; the run is " + e.frameDepth() + " calls deep");
        }
    }

    /** The context memory the program reads through r1 at entry, as it is now; empty for a run without one. */
    public byte[] contextBytes() {
        Region r = paused().vm().memory().regionAt(Vm.CONTEXT_ADDRESS);
        return r == null ? new byte[0] : Arrays.copyOfRange(r.bytes(), r.start(), r.end());
    }

    /**
     * The context seen through the C type the program's main function takes it as ({@code struct
     * xdp_md}: {@code context().get().field("data_end").asLong()}); empty when BTF does not say.
     */
    public Optional<BtfValue> context() {
        byte[] bytes = contextBytes();
        Optional<Integer> type = index.contextType(program());
        if (type.isEmpty() || index.btf().isEmpty() || bytes.length < index.btf().get().sizeOf(type.get())) {
            return Optional.empty();
        }
        return Optional.of(BtfValue.of(index.btf().get(), type.get(), bytes));
    }

    /** The object: its maps ({@code object().map("hits")}) and programs. Maps can be read at any time. */
    public LoadedObject object() {
        return object;
    }

    /** Every map of the object by name. */
    public Map<String, BpfMap> maps() {
        return object.maps();
    }

    /** A map's entries through their BTF types, as {@link LoadedObject#describe} prints them. */
    public String describeMap(String name) {
        return object.describe(name);
    }

    /** The C function containing a pc of a program, as call stacks name it. */
    public String functionAt(String program, int pc) {
        return index.functionName(program, pc);
    }

    /** Ends an unfinished run (its result is lost) and waits for its thread. */
    @Override
    public void close() {
        terminating = true;
        synchronized (lock) {
            if (paused) {
                command = Command.TERMINATE;
                lock.notifyAll();
            }
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the handoff ----

    private Execution paused() {
        synchronized (lock) {
            if (!paused) {
                throw new IllegalStateException(ended ? "the run has ended (" + endStop().reason() + ")" : "the run is not paused");
            }
            return execution;
        }
    }

    private Stop issue(Command c) {
        synchronized (lock) {
            if (!paused) {
                throw new IllegalStateException(ended ? "the run has ended (" + endStop().reason() + "); nothing to resume" : "the run is not paused");
            }
            long before = stops;
            command = c;
            lock.notifyAll();
            awaitStop(before);
            return ended ? endStop() : stop;
        }
    }

    /** Waits (holding the lock) for a stop after the {@code before}th, or for the end. */
    private void awaitStop(long before) {
        while (stops == before && !ended) {
            try {
                lock.wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the debugged run", e);
            }
        }
    }

    private Stop endStop() {
        StopReason reason = failure != null ? StopReason.FAILED : StopReason.FINISHED;
        return stop == null ? new Stop(reason, "", 0, 0, null, null)
                : new Stop(reason, stop.program(), stop.pc(), stop.depth(), stop.sourceLine(), null);
    }

    /** The run's thread: the run itself, with the probe. */
    private void execute(Supplier<RunResult> run) {
        RunResult r = null;
        RuntimeException f = null;
        try {
            r = object.emulator().withProbe(this::beforeInstruction, run);
        } catch (Terminated t) {
            // close() ended it; there is no result.
        } catch (RuntimeException e) {
            f = e;
        } finally {
            synchronized (lock) {
                result = r;
                failure = f;
                ended = true;
                paused = false;
                execution = null;
                lock.notifyAll();
            }
        }
    }

    /** The probe: decides whether to stop before this instruction, and blocks while stopped. */
    private void beforeInstruction(Execution e) {
        if (terminating) {
            throw new Terminated();
        }
        int depth = e.frameDepth();
        Program p = e.program();
        int pc = e.pc();
        SourceLine line = p.sourceLineAt(pc);
        if (depth >= lastLineAt.length) {
            lastLineAt = Arrays.copyOf(lastLineAt, depth * 2);
            entryArguments = Arrays.copyOf(entryArguments, depth * 2);
        }
        for (int d = lastDepth + 1; d <= depth; d++) {
            lastLineAt[d] = null;
        }
        if (depth > lastDepth || !started || p != lastProgram) {
            long[] args = entryArguments[depth] == null ? new long[5] : entryArguments[depth];
            for (int r = 1; r <= 5; r++) {
                args[r - 1] = e.register(r);
            }
            entryArguments[depth] = args;
        }
        lastDepth = depth;
        lastProgram = p;
        boolean entering = line != null && !sameLine(lastLineAt[depth], line);
        if (line != null) {
            lastLineAt[depth] = line;
        }
        if (!started) {
            started = true;
            Command next = pauseAt(e, StopReason.ENTRY, null, line);
            // A breakpoint on the first instruction counts when the run continues from the entry.
            Breakpoint b = next == Command.CONTINUE ? breakpointAt(e, p, pc, line, true) : null;
            if (b != null) {
                pauseAt(e, b instanceof Breakpoint.OnHelper ? StopReason.HELPER_CALL : StopReason.BREAKPOINT, b, line);
            }
            return;
        }
        if (mode == Command.RUN_TO_END) {
            return;
        }
        Breakpoint b = breakpointAt(e, p, pc, line, entering);
        if (b != null) {
            pauseAt(e, b instanceof Breakpoint.OnHelper ? StopReason.HELPER_CALL : StopReason.BREAKPOINT, b, line);
        } else if (stepDone(depth, line)) {
            pauseAt(e, StopReason.STEP, null, line);
        } else if (pauseRequested) {
            pauseAt(e, StopReason.PAUSE, null, line);
        }
    }

    private boolean stepDone(int depth, SourceLine line) {
        switch (mode) {
            case STEP_INSTRUCTION:
                return true;
            case STEP_LINE:
                return depth < startDepth || depth == startDepth && line != null && !sameLine(line, startLine);
            case STEP_INTO:
                return depth < startDepth || line != null && (depth > startDepth || !sameLine(line, startLine));
            case STEP_OUT:
                return depth < startDepth;
            default:
                return false;
        }
    }

    private Breakpoint breakpointAt(Execution e, Program p, int pc, SourceLine line, boolean entering) {
        for (Breakpoint b : breakpoints) {
            if (b instanceof Breakpoint.AtPc at && at.pc() == pc && at.program().equals(p.name())) {
                return b;
            }
            if (b instanceof Breakpoint.AtLine at && entering && line.line() == at.line() && SourceIndex.sameFile(line.file(), at.file())) {
                return b;
            }
            if (b instanceof Breakpoint.OnHelper on && on.helper().equals(calledName(p, pc))) {
                return b;
            }
        }
        return null;
    }

    /** The name of the helper or kfunc the instruction at pc calls, or null when it calls none. */
    private static String calledName(Program p, int pc) {
        Instruction insn = p.instructionAt(pc);
        if (insn == null || insn.op() != Opcode.CALL) {
            return null;
        }
        CallKind kind = CallKind.of(insn.src());
        if (kind == CallKind.HELPER) {
            return HelperId.of(insn.imm()).map(HelperId::kernelName).orElse(null);
        }
        return kind == CallKind.KFUNC ? p.externName(insn.imm()) : null;
    }

    private static boolean sameLine(SourceLine a, SourceLine b) {
        return a != null && b != null && a.line() == b.line() && a.file().equals(b.file());
    }

    /** Publishes a stop and blocks until the caller says how to go on; returns that. */
    private Command pauseAt(Execution e, StopReason reason, Breakpoint b, SourceLine line) {
        pauseRequested = false;
        Command next;
        synchronized (lock) {
            execution = e;
            stop = new Stop(reason, e.program().name(), e.pc(), e.frameDepth(), line, b);
            paused = true;
            stops++;
            lock.notifyAll();
            while (command == null) {
                try {
                    lock.wait();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    command = Command.TERMINATE;
                }
            }
            next = command;
            command = null;
            paused = false;
        }
        if (next == Command.TERMINATE) {
            throw new Terminated();
        }
        mode = next;
        startDepth = e.frameDepth();
        startLine = line;
        return next;
    }

    /** Unwinds the run when the session is closed before it ended. */
    private static final class Terminated extends RuntimeException {
        Terminated() {
            super("debug session closed", null, false, false);
        }
    }
}
