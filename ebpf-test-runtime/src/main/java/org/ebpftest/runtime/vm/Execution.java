package org.ebpftest.runtime.vm;

import java.util.Arrays;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.vm.jit.ExitStatus;

/**
 * One run of a program on a {@link Vm}, which can be driven an instruction at a time (for
 * debuggers and tests) or to the end. Holds the registers, the pc and the call frames.
 * Not thread-safe; a VM has one execution running at a time.
 */
public final class Execution {
    static final int FINISHED = ExitStatus.FINISHED;
    static final int STOPPED = ExitStatus.STOPPED;
    static final int TAIL_CALL = ExitStatus.TAIL_CALL;

    final Vm vm;
    Program program;
    final long[] regs = new long[16];
    int pc;
    long count;
    int depth;
    int baseDepth;
    /**
     * The depth at which the running program was entered: 0, or the depth of the function that
     * tail-called it. The 8-frame limit counts from here, as the verifier checks each program alone.
     */
    int entryDepth;
    boolean finished;
    Program pendingTailCall;
    int tailCalls;

    /**
     * The may_goto budget of each frame: BPF_MAX_LOOPS when the frame is entered (the kernel's
     * prologue store into the frame's hidden stack slot), one less for every may_goto that falls through.
     */
    private long[] loopBudget = new long[Vm.MAX_CALL_FRAMES];
    private int[] returnPc = new int[Vm.MAX_CALL_FRAMES];
    private int[] returnEntry = new int[Vm.MAX_CALL_FRAMES];
    /** The bytes below each frame's top zeroed when it was entered (or since): what its function can reach. */
    private int[] zeroed = new int[Vm.MAX_CALL_FRAMES];
    private Program[] returnProgram = new Program[Vm.MAX_CALL_FRAMES];
    /** The pc of the call that entered each frame from the one below it, for debuggers' call stacks. */
    private int[] callPcs = new int[Vm.MAX_CALL_FRAMES];
    private long[] saved = new long[Vm.MAX_CALL_FRAMES * 4];
    /** r0-r10 of each caller of {@link #callFunction} in progress, 11 per nesting level. */
    private long[] callSaves = new long[11 * 2];
    private int callNesting;

    Execution(Vm vm) {
        this.vm = vm;
    }

    void reset(Program p, long[] args) {
        if (args.length > 5) {
            throw new IllegalArgumentException("a program takes at most 5 arguments, got " + args.length);
        }
        reset(p);
        System.arraycopy(args, 0, regs, 1, args.length);
    }

    /**
     * Prepares a run of one function of {@code p} in a fresh frame 0, as the kernel calls a timer
     * or work queue callback: its return ends the run.
     */
    void resetAt(Program p, int target, long[] args) {
        reset(p, args);
        pc = target;
        zeroed[0] = p.frameBytes(target);
        vm.clearFrame(0, zeroed[0]);
    }

    /** Prepares a run with r1 set, the others zero: a context run, without an array of arguments. */
    void reset(Program p, long r1) {
        reset(p);
        regs[1] = r1;
    }

    private void reset(Program p) {
        if (program != p) {
            // run after run of one program: no reference store, whose G1 write barrier is not free
            program = p;
        }
        Arrays.fill(regs, 0);
        pc = 0;
        count = 0;
        depth = 0;
        baseDepth = 0;
        entryDepth = 0;
        finished = false;
        pendingTailCall = null;
        tailCalls = 0;
        callNesting = 0;
        zeroed[0] = p.frameBytes(0);
        loopBudget[0] = Vm.MAX_LOOPS;
        vm.clearFrame(0, zeroed[0]);
        regs[10] = vm.frameTop(0);
    }

    /** Executes one instruction; returns false when the program had already finished. */
    public boolean step() {
        if (finished) {
            return false;
        }
        runUntil(count + 1);
        return true;
    }

    /** Runs to the end (or to the VM's instruction limit) and returns r0. */
    public long run() {
        runUntil(Long.MAX_VALUE);
        return regs[0];
    }

    void runUntil(long target) {
        while (!finished) {
            long stop = Math.min(target, vm.instructionLimit());
            if (count >= stop) {
                if (count >= vm.instructionLimit()) {
                    throw vm.limitTrap(this);
                }
                return;
            }
            int status = Engine.execute(this, stop);
            if (status == TAIL_CALL) {
                enterTailCall();
            } else if (status == STOPPED && count >= vm.instructionLimit()) {
                throw vm.limitTrap(this);
            } else if (status == STOPPED) {
                return;
            }
        }
    }

    private void enterTailCall() {
        Program target = pendingTailCall;
        pendingTailCall = null;
        tailCalls++;
        long context = regs[1];
        program = target;
        // The target takes over the caller's frame: when it exits, the caller's caller continues.
        // It sees what the caller left; what the caller could not reach must read as zero, as if
        // the whole frame had been zeroed on entry.
        int reach = target.frameBytes(0);
        if (reach > zeroed[depth]) {
            vm.clearFrame(depth, reach, zeroed[depth]);
            zeroed[depth] = reach;
        }
        entryDepth = depth;
        loopBudget[depth] = Vm.MAX_LOOPS;
        Arrays.fill(regs, 0, 10, 0);
        regs[1] = context;
        pc = 0;
    }

    /** True once the program has returned from its outermost frame. */
    public boolean isFinished() {
        return finished;
    }

    /** The slot of the next instruction to execute. */
    public int pc() {
        return pc;
    }

    /** The next instruction to execute, or null once finished. */
    public Instruction nextInstruction() {
        return finished ? null : program.instructionAt(pc);
    }

    /** The program currently executing (a tail call changes it). */
    public Program program() {
        return program;
    }

    /** The value of register r0 to r10. */
    public long register(int r) {
        if (r < 0 || r > 10) {
            throw new IllegalArgumentException("no register r" + r);
        }
        return regs[r];
    }

    /** Sets a register between steps, as a debugger may. r10 is read-only. */
    public void setRegister(int r, long value) {
        if (r < 0 || r > 9) {
            throw new IllegalArgumentException("register r" + r + " cannot be set");
        }
        regs[r] = value;
    }

    /** The number of instructions executed so far. */
    public long instructionCount() {
        return count;
    }

    /** The current call depth: 0 in the program's main function. */
    public int frameDepth() {
        return depth;
    }

    /** The VM this execution runs on: its memory and stack frames, for debuggers. */
    public Vm vm() {
        return vm;
    }

    /**
     * The pc in frame {@code frame} of the call that entered the next deeper frame: a bpf-to-bpf
     * call, or the helper call ({@code bpf_loop}, ...) that called a callback. With
     * {@link #callerProgram(int)} it gives a debugger the call stack.
     *
     * @throws IllegalArgumentException unless {@code 0 <= frame < frameDepth()}
     */
    public int callerPc(int frame) {
        checkCaller(frame);
        return callPcs[frame];
    }

    /**
     * The program frame {@code frame} runs (differs from {@link #program()} only across a tail call).
     *
     * @throws IllegalArgumentException unless {@code 0 <= frame < frameDepth()}
     */
    public Program callerProgram(int frame) {
        checkCaller(frame);
        return returnProgram[frame];
    }

    private void checkCaller(int frame) {
        if (frame < 0 || frame >= depth) {
            throw new IllegalArgumentException("frame " + frame + " is not a caller; the run is " + depth + " calls deep");
        }
    }

    /** r0 after the program finished. */
    public long result() {
        if (!finished) {
            throw new IllegalStateException("program " + program.name() + " has not finished (pc " + pc + ")");
        }
        return regs[0];
    }

    /**
     * The backing array of the current frame's stack, which r10 points at the end of: compiled
     * code reads and writes {@code r10 + offset} there directly when the offset is inside the frame.
     */
    byte[] frameBytes() {
        return vm.frame(depth).bytes();
    }

    /** Pushes a frame for a call from {@code returnTo} into {@code target}; returns the new pc. */
    int pushFrame(int returnTo, int target, int callPc) {
        if (depth - entryDepth + 1 >= Vm.MAX_CALL_FRAMES) {
            throw vm.trap(this, callPc, TrapException.Kind.CALL_DEPTH,
                    "call nesting deeper than the kernel's " + Vm.MAX_CALL_FRAMES + " frames", null);
        }
        if (depth + 1 >= returnPc.length) {
            grow();
        }
        returnPc[depth] = returnTo;
        returnEntry[depth] = entryDepth;
        returnProgram[depth] = program;
        callPcs[depth] = callPc;
        int s = depth * 4;
        saved[s] = regs[6];
        saved[s + 1] = regs[7];
        saved[s + 2] = regs[8];
        saved[s + 3] = regs[9];
        depth++;
        zeroed[depth] = program.frameBytes(target);
        loopBudget[depth] = Vm.MAX_LOOPS;
        vm.clearFrame(depth, zeroed[depth]);
        regs[10] = vm.frameTop(depth);
        return target;
    }

    /**
     * {@link #pushFrame} for a callback: the callback returns to the helper, never through
     * {@link #popFrame}, and {@link #callFunction} restores every register itself, so only what
     * the callee and a debugger's call stack need is kept.
     */
    private int enterCallback(int target, int callPc) {
        if (depth - entryDepth + 1 >= Vm.MAX_CALL_FRAMES) {
            throw vm.trap(this, callPc, TrapException.Kind.CALL_DEPTH,
                    "call nesting deeper than the kernel's " + Vm.MAX_CALL_FRAMES + " frames", null);
        }
        if (depth + 1 >= returnPc.length) {
            grow();
        }
        returnPc[depth] = -1;
        returnProgram[depth] = program;
        callPcs[depth] = callPc;
        depth++;
        // the kernel's prologue gives each entry of a function with may_goto a fresh count
        loopBudget[depth] = Vm.MAX_LOOPS;
        int reach = program.frameBytes(target);
        zeroed[depth] = reach;
        if (reach > 0) {
            vm.clearFrame(depth, reach);
        }
        regs[10] = vm.frameTop(depth);
        return target;
    }

    private void grow() {
        int n = returnPc.length * 2;
        returnPc = Arrays.copyOf(returnPc, n);
        returnEntry = Arrays.copyOf(returnEntry, n);
        zeroed = Arrays.copyOf(zeroed, n);
        loopBudget = Arrays.copyOf(loopBudget, n);
        returnProgram = Arrays.copyOf(returnProgram, n);
        callPcs = Arrays.copyOf(callPcs, n);
        saved = Arrays.copyOf(saved, n * 4);
    }

    /** Gives the current frame a fresh may_goto count, as each entry into a function does. */
    void resetLoopBudget() {
        loopBudget[depth] = Vm.MAX_LOOPS;
    }

    /**
     * A may_goto in the current frame (the kernel's rewrite: load the count, jump when it is 0,
     * otherwise store it less one): true when the jump is taken.
     */
    boolean mayGoto() {
        if (loopBudget[depth] == 0) {
            return true;
        }
        loopBudget[depth]--;
        return false;
    }

    /** Pops the current frame, restoring r6-r9 and r10; returns the pc to continue at. */
    int popFrame() {
        depth--;
        entryDepth = returnEntry[depth];
        int s = depth * 4;
        regs[6] = saved[s];
        regs[7] = saved[s + 1];
        regs[8] = saved[s + 2];
        regs[9] = saved[s + 3];
        regs[10] = vm.frameTop(depth);
        program = returnProgram[depth];
        returnProgram[depth] = null;
        return returnPc[depth];
    }

    /**
     * Calls a function of the running program from a helper ({@code bpf_loop} and friends) and
     * returns its r0. The callee gets its own frame and the caller's registers are restored after.
     * The caller's registers are kept in a buffer per nesting level (a callback may call a helper
     * that calls back), so a call allocates nothing.
     */
    long callFunction(int target, int argc, long a1, long a2, long a3, long a4, long a5, int callPc) {
        // Kept small, with the rare and the long parts in methods of their own, so that the JVM
        // inlines it into the helper's loop: bpf_loop makes millions of these calls.
        int level = callNesting++;
        if ((level + 1) * 11 > callSaves.length) {
            callSaves = Arrays.copyOf(callSaves, (level + 1) * 11 * 2);
        }
        System.arraycopy(regs, 0, callSaves, level * 11, 11);
        int keepPc = pc;
        int keepDepth = depth;
        int keepBase = baseDepth;
        int keepEntry = entryDepth;
        Program keepProgram = program;
        pc = enterCallback(target, callPc);
        setArguments(argc, a1, a2, a3, a4, a5);
        baseDepth = depth;
        try {
            return runEnteredCallback();
        } finally {
            leaveCallback(level, keepPc, keepDepth, keepBase, keepEntry, keepProgram);
        }
    }

    private void setArguments(int argc, long a1, long a2, long a3, long a4, long a5) {
        switch (argc) {
            case 5: regs[5] = a5; // fall through
            case 4: regs[4] = a4; // fall through
            case 3: regs[3] = a3; // fall through
            case 2: regs[2] = a2; // fall through
            case 1: regs[1] = a1; // fall through
            default: break;
        }
    }

    /** Runs the callback just entered: in its compiled method where it has one, as Engine.execute would run compiled code. */
    private long runEnteredCallback() {
        CompiledCode code = vm.probe() == null ? program.jit.codeFor(vm) : null;
        long stop = vm.instructionLimit();
        if (code != null && count < stop && code.loops(pc)) {
            return code.call(this, pc, stop);
        }
        return runCallback();
    }

    /**
     * The rest of a callback whose compiled method handed over with a status of
     * {@link org.ebpftest.runtime.vm.jit.ExitStatus}, its registers, pc and count in this
     * execution: run on as {@link #callFunction} runs a callback. Leaves the execution unfinished,
     * as the next call of {@link #callLoop}'s loop expects.
     */
    long finishCallback(int status) {
        if (status == TAIL_CALL) {
            throw vm.trap(this, pc, TrapException.Kind.INVALID, "tail call from a callback function", null);
        }
        long r0 = status == FINISHED ? regs[0] : runCallback();
        finished = false;
        return r0;
    }

    private long runCallback() {
        while (true) {
            long stop = vm.instructionLimit();
            if (count >= stop) {
                throw vm.limitTrap(this);
            }
            int status = Engine.execute(this, stop);
            if (status == FINISHED) {
                return regs[0];
            }
            if (status == TAIL_CALL) {
                throw vm.trap(this, pc, TrapException.Kind.INVALID, "tail call from a callback function", null);
            }
        }
    }

    /**
     * The loop of {@code bpf_loop}: calls the function at a slot with (i, arg) for i from 0 to n
     * until it returns non-zero, and answers the calls made ({@code i + 1}), or n. Each call is
     * one {@link #callFunction}; where the program is compiled and the function has a method of
     * its own ({@link CompiledCode#loops}), the rest of the calls run as a JVM loop calling that
     * method directly. The state {@code callFunction} sets up for a call is the same for every
     * call of a loop, so that loop sets it up once, as if each call had set it up and put it back.
     */
    long callLoop(int target, long n, long arg, int callPc) {
        for (long i = 0; i < n; i++) {
            CompiledCode code = vm.probe() == null ? program.jit.codeFor(vm) : null;
            if (code != null && code.loops(target)) {
                return callCompiledLoop(code, target, i, n, arg, callPc);
            }
            if (callFunction(target, 2, i, arg, 0, 0, 0, callPc) != 0) {
                return i + 1;
            }
        }
        return n;
    }

    private long callCompiledLoop(CompiledCode code, int target, long from, long n, long arg, int callPc) {
        int level = callNesting++;
        if ((level + 1) * 11 > callSaves.length) {
            callSaves = Arrays.copyOf(callSaves, (level + 1) * 11 * 2);
        }
        System.arraycopy(regs, 0, callSaves, level * 11, 11);
        int keepPc = pc;
        int keepDepth = depth;
        int keepBase = baseDepth;
        int keepEntry = entryDepth;
        Program keepProgram = program;
        pc = enterCallback(target, callPc);
        baseDepth = depth;
        try {
            return code.loop(this, target, from, n, arg, vm.instructionLimit(), zeroed[depth]);
        } finally {
            leaveCallback(level, keepPc, keepDepth, keepBase, keepEntry, keepProgram);
        }
    }

    /** Puts back the caller of {@link #callFunction}: its registers, pc, program and frames. */
    private void leaveCallback(int level, int keepPc, int keepDepth, int keepBase, int keepEntry, Program keepProgram) {
        finished = false;
        depth = keepDepth;
        baseDepth = keepBase;
        entryDepth = keepEntry;
        System.arraycopy(callSaves, level * 11, regs, 0, 11);
        pc = keepPc;
        program = keepProgram;
        callNesting = level;
    }
}
