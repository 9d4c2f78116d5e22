package org.ebpftest.runtime.vm;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.Mode;
import org.ebpftest.runtime.isa.Operation;
import org.ebpftest.runtime.isa.Size;

/**
 * A pure-Java eBPF virtual machine: registers r0-r10, up to 8 call frames of 512 bytes of stack
 * per program (a tail call from a function replaces that function's frame, so a chain of tail calls
 * stacks further frames, as Linux's does), a 32-bit address space of {@link Region}s, helpers by number, and an instruction budget that
 * stops runaway programs. One VM runs one program at a time; use one VM per thread and share
 * {@link Program}s and map regions between them.
 *
 * <p>The address space is laid out so that addresses in error messages say what they are:
 * <pre>
 *   0x00000000            null, never mapped
 *   0x00100000 + 8 * pc   function addresses (callbacks, callx), not readable
 *   0x01000000 ...        stack frame i ends at 0x01000000 + (i + 1) * 0x100000 (i &lt; 15; the deeper
 *                         frames a tail-call chain stacks are mapped in free slots when first used)
 *   0x02000000            the context (or the input memory of a raw program)
 *   0x03000000            the packet
 *   0x04000000 + 0x200 * i map pointers (what a lddw of map i yields): the map's struct bpf_map, read-only,
 *                         placed by the Linux emulator
 *   0x05000000            scratch memory helpers hand to callbacks (map keys)
 *   0x05100000 + i slots  extern i of the object (__kconfig values, __ksym variables), placed by the Linux emulator
 *   0x0d000000            the kernel context struct bpf_cast_to_kern_ctx answers (reads trap)
 *   0x0e000000            sockets the socket lookups return (struct bpf_sock views)
 *   0x0f000000            the kernel socket structs the bpf_skc_to_* casts return (reads trap)
 *   0x10000000 and up     maps and global data, placed by the Linux emulator
 * </pre>
 */
public final class Vm {
    /**
     * The kernel's limit on nested bpf-to-bpf call frames of one program, the main function
     * included. The verifier checks it per program; frames below a tail call's caller do not count.
     */
    public static final int MAX_CALL_FRAMES = 8;
    /**
     * BPF_MAX_LOOPS: how many times the may_goto instructions of one frame fall through before they
     * jump, from each entry into the frame. Linux 6.18's x86-64 JIT bounds may_goto by time instead
     * (250 ms per frame, so the count varies from run to run); the emulator keeps the count-based
     * bound of Linux's other architectures, which gives every run the same answer.
     */
    static final long MAX_LOOPS = 8L * 1024 * 1024;
    /** The stack size of one frame. */
    public static final int STACK_SIZE = 512;
    /** Function addresses start here; the function at slot pc has address CODE_BASE + 8 * pc. */
    public static final long CODE_BASE = 0x0010_0000L;
    /** Where the stack frames are mapped. */
    public static final long STACK_BASE = 0x0100_0000L;
    /** Where the context, or a raw program's input memory, is mapped. */
    public static final long CONTEXT_ADDRESS = 0x0200_0000L;
    /** Where the packet is mapped. */
    public static final long PACKET_ADDRESS = 0x0300_0000L;
    /**
     * Map pointers: the map with index i in its object is {@code MAP_POINTER_BASE + MAP_POINTER_STRIDE * i},
     * where the Linux emulator maps the map's {@code struct bpf_map}.
     */
    public static final long MAP_POINTER_BASE = 0x0400_0000L;
    /**
     * The distance between two map pointers: room for one {@code struct bpf_map} (296 bytes on
     * Linux 6.18), which programs read through the pointer, rounded up to a round number in
     * hexadecimal (map 3 is 0x4000600).
     */
    public static final int MAP_POINTER_STRIDE = 512;
    /** Where helpers map scratch memory they pass to callbacks, such as the key of each element. */
    public static final long SCRATCH_ADDRESS = 0x0500_0000L;
    /**
     * Where the VM places a BPF arena's kernel window ({@code kern_vm_start}): above the 32-bit
     * space everything else lives in, at a multiple of 4 GiB, so that the low 32 bits of an
     * address in the window are the arena offset, as in the kernel (see {@link ArenaMemory}).
     */
    public static final long ARENA_BASE = 2L << 32;
    /** Maps and global data are mapped from here upwards. */
    public static final long HEAP_BASE = 0x1000_0000L;
    /** The default instruction budget of one run: generous, but an endless loop stops in well under a second. */
    public static final long DEFAULT_INSTRUCTION_LIMIT = 100_000_000L;
    /**
     * The instructions a program executes interpreted before {@link JitMode#AUTO} compiles it:
     * enough that a program run a few times in a test never pays for compiling, few enough that a
     * loop or a property test over many packets runs compiled after its first runs.
     */
    public static final long DEFAULT_JIT_THRESHOLD = 100_000L;

    /** The operations by the number the interpreter dispatches on, for the few slow paths that need the rest of the model. */
    private static final Operation[] OPERATIONS = Operation.values();

    private final Memory memory = new Memory();
    /** Frames that fit below the context in the stack range; deeper frames go to free slots. */
    private static final int FIXED_FRAMES = (int) ((CONTEXT_ADDRESS - STACK_BASE) >>> Memory.SLOT_SHIFT) - 1;

    // Arrays, not lists: every call and callback reads them, and a list of Long would unbox each time.
    private Region[] stack = new Region[MAX_CALL_FRAMES];
    private long[] frameTops = new long[MAX_CALL_FRAMES];
    private int frames;
    private final Helper[] helpers;
    private final Map<Integer, Helper> kernelFunctions;
    private final LegacyPacketLoader legacyPacketLoader;
    private final long instructionLimit;
    private final JitMode jitMode;
    private final long jitThreshold;
    private final Execution execution = new Execution(this);
    private int cpu;
    private Probe probe;

    private Vm(Builder b) {
        int maxId = b.helpers.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        helpers = new Helper[Math.max(maxId + 1, 256)];
        b.helpers.forEach((id, h) -> helpers[id] = h);
        kernelFunctions = Map.copyOf(b.kernelFunctions);
        legacyPacketLoader = b.legacyPacketLoader;
        instructionLimit = b.instructionLimit;
        jitMode = b.jitMode != null ? b.jitMode : JitMode.fromSystemProperty();
        jitThreshold = b.jitThreshold;
        cpu = b.cpu;
        for (int i = 0; i < MAX_CALL_FRAMES; i++) {
            addFrame();
        }
    }

    /** A builder with no helpers, the default instruction limit and CPU 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** The address space, to map context, packet and map regions into. */
    public Memory memory() {
        return memory;
    }

    /** The instruction budget of one run. */
    public long instructionLimit() {
        return instructionLimit;
    }

    /** Whether this VM runs programs compiled to JVM bytecode. */
    public JitMode jitMode() {
        return jitMode;
    }

    /** The instructions a program executes interpreted before {@link JitMode#AUTO} compiles it. */
    public long jitThreshold() {
        return jitThreshold;
    }

    /** The virtual CPU this VM runs on, as {@code bpf_get_smp_processor_id} reports. */
    public int cpu() {
        return cpu;
    }

    /** Moves the VM to another virtual CPU (per-CPU maps follow). */
    public void setCpu(int cpu) {
        this.cpu = cpu;
    }

    /** The probe told of every instruction, or null (the normal case). */
    public Probe probe() {
        return probe;
    }

    /**
     * Sets the probe told of every instruction from now on (null removes it). While a probe is set
     * every instruction is interpreted; results do not change.
     */
    public void setProbe(Probe probe) {
        this.probe = probe;
    }

    /** The pointer a program holds for the map with index {@code i} in its object. */
    public static long mapPointer(int i) {
        return MAP_POINTER_BASE + (long) MAP_POINTER_STRIDE * i;
    }

    /** The index of the map a pointer names, or -1 when it is not a map pointer (the count of maps is not checked). */
    public static int mapIndex(long pointer) {
        long rel = pointer - MAP_POINTER_BASE;
        if (rel < 0 || rel % MAP_POINTER_STRIDE != 0 || rel / MAP_POINTER_STRIDE > Integer.MAX_VALUE) {
            return -1;
        }
        return (int) (rel / MAP_POINTER_STRIDE);
    }

    /** The address of the function starting at a slot, as a {@code lddw} of a function yields. */
    public static long codeAddress(int pc) {
        return CODE_BASE + 8L * pc;
    }

    /** The frame pointer (r10) of frame depth {@code i}. */
    public long frameTop(int i) {
        if (i >= frames) {
            ensureFrame(i);
        }
        return frameTops[i];
    }

    /** The stack region of frame depth {@code i}. */
    public Region frame(int i) {
        if (i >= frames) {
            ensureFrame(i);
        }
        return stack[i];
    }

    /**
     * Zeroes the top {@code bytes} of frame i: the part the function entering it can reach
     * ({@link FrameUse}). The kernel leaves stack memory uninitialised and the verifier stops
     * programs reading it; zeroing makes runs deterministic. Bytes the function cannot reach keep
     * what an earlier function at this depth left, which only {@link #frame(int)} shows.
     */
    void clearFrame(int i, int bytes) {
        clearFrame(i, bytes, 0);
    }

    /** Zeroes the bytes of frame i from {@code above} to {@code bytes} below its top. */
    void clearFrame(int i, int bytes, int above) {
        if (i >= frames) {
            ensureFrame(i);
        }
        if (bytes > above) {
            byte[] b = stack[i].bytes();
            Arrays.fill(b, b.length - bytes, b.length - above, (byte) 0);
        }
    }

    private void ensureFrame(int i) {
        while (frames <= i) {
            addFrame();
        }
    }

    private void addFrame() {
        int i = frames;
        long top = i < FIXED_FRAMES
                ? STACK_BASE + ((long) (i + 1) << Memory.SLOT_SHIFT)
                : memory.findFree(SCRATCH_ADDRESS + (1L << Memory.SLOT_SHIFT), STACK_SIZE) + (1L << Memory.SLOT_SHIFT);
        Region r = Region.stack(i == 0 ? "stack" : "stack frame " + i, new byte[STACK_SIZE]);
        memory.map(r, top - STACK_SIZE);
        if (i == stack.length) {
            stack = Arrays.copyOf(stack, i * 2);
            frameTops = Arrays.copyOf(frameTops, i * 2);
        }
        stack[i] = r;
        frameTops[i] = top;
        frames = i + 1;
    }

    /**
     * Runs a program to completion and returns r0.
     *
     * @param args the values of r1 to r5
     * @throws TrapException when the program faults or exceeds the instruction limit
     */
    public long run(Program program, long... args) {
        Objects.requireNonNull(program, "program");
        execution.reset(program, args);
        return execution.run();
    }

    /** {@link #run(Program, long...)} with only r1 set, usually to the context, without an array of arguments. */
    public long run(Program program, long r1) {
        Objects.requireNonNull(program, "program");
        execution.reset(program, r1);
        return execution.run();
    }

    /** Prepares a run that the caller drives with {@link Execution#step()} or {@link Execution#run()}. */
    public Execution start(Program program, long... args) {
        Objects.requireNonNull(program, "program");
        execution.reset(program, args);
        return execution;
    }

    /**
     * {@link #start(Program, long...)} with only r1 set, usually to the context: what a test run
     * does for each packet, without an array of arguments.
     */
    public Execution start(Program program, long r1) {
        Objects.requireNonNull(program, "program");
        execution.reset(program, r1);
        return execution;
    }

    /**
     * Prepares a run that starts at a function of the program instead of its entry, in a fresh
     * frame with r1 to r5 set to {@code args}: how the kernel calls a timer or work queue callback,
     * outside the run that armed it. The function's return ends the run.
     *
     * @throws IllegalArgumentException if the address is no function of the program
     */
    public Execution startFunction(Program program, long functionAddress, long... args) {
        Objects.requireNonNull(program, "program");
        if (args.length > 5) {
            throw new IllegalArgumentException("a function takes at most 5 arguments, got " + args.length);
        }
        int target = functionSlot(functionAddress);
        if (target < 0 || program.instructionAt(target) == null) {
            throw new IllegalArgumentException("address " + Region.hex(functionAddress) + " is not a function of " + program.name());
        }
        execution.resetAt(program, target, args);
        return execution;
    }

    /** The current (or last) run. */
    public Execution execution() {
        return execution;
    }

    /**
     * Calls the function at a code address of the running program from a helper and returns its
     * r0: how {@code bpf_loop} and {@code bpf_for_each_map_elem} call their callbacks.
     *
     * @param args r1 to r5 of the callee (at most 5)
     */
    public long callFunction(long functionAddress, long... args) {
        if (args.length > 5) {
            throw new IllegalArgumentException("a function takes at most 5 arguments, got " + args.length);
        }
        long[] a = Arrays.copyOf(args, 5);
        return callFunction(functionAddress, args.length, a[0], a[1], a[2], a[3], a[4]);
    }

    /** {@link #callFunction(long, long...)} with two arguments, allocating nothing: {@code bpf_loop}'s index and context. */
    public long callFunction(long functionAddress, long arg1, long arg2) {
        return callFunction(functionAddress, 2, arg1, arg2, 0, 0, 0);
    }

    private long callFunction(long functionAddress, int argc, long a1, long a2, long a3, long a4, long a5) {
        Execution e = execution;
        return e.callFunction(callbackSlot(e, functionAddress), argc, a1, a2, a3, a4, a5, e.pc - 1);
    }

    /**
     * Calls the function at a code address of the running program with (i, {@code arg}) for i
     * from 0 to n - 1 until it returns non-zero, and returns the number of calls made (i + 1, or
     * n): the loop of {@code bpf_loop}, whose helper decides n and what to answer without looping.
     * Each call is what {@link #callFunction(long, long, long)} makes; compiled code runs the loop
     * as a JVM loop calling the compiled callback directly, with the same results and count.
     */
    public long callFunctionLoop(long functionAddress, long n, long arg) {
        if (n <= 0) {
            return n; // no call, so no check of the address either
        }
        Execution e = execution;
        return e.callLoop(callbackSlot(e, functionAddress), n, arg, e.pc - 1);
    }

    private int callbackSlot(Execution e, long functionAddress) {
        int target = functionSlot(functionAddress);
        if (target < 0 || e.program.instructionAt(target) == null) {
            throw trap(e, e.pc - 1, TrapException.Kind.INVALID, "callback address " + Region.hex(functionAddress) + " is not a function of " + e.program.name(), null);
        }
        return target;
    }

    /** Asks for a tail call into another program once the current helper returns. */
    public void requestTailCall(Program target) {
        execution.pendingTailCall = Objects.requireNonNull(target, "target");
    }

    /** The number of tail calls taken so far in the current run. */
    public int tailCallCount() {
        return execution.tailCalls;
    }

    private static int functionSlot(long address) {
        long rel = address - CODE_BASE;
        if (rel < 0 || rel >= (1L << Memory.SLOT_SHIFT) || (rel & 7) != 0) {
            return -1;
        }
        return (int) (rel >>> 3);
    }

    /**
     * Performs a helper, kfunc or indirect call. Returns the slot to enter for a local function, or
     * -1 when the call was answered here (r0 already set).
     */
    int call(Execution e, long x, int callPc) {
        long[] r = e.regs;
        int op = (int) x & 0xff;
        int imm = (int) (x >> 32);
        Helper h;
        if (op == Ops.CALLX) {
            long target = r[(int) (x >>> 8) & 0xf];
            int slot = functionSlot(target);
            if (slot >= 0) {
                if (e.program.instructionAt(slot) == null) {
                    throw trap(e, callPc, TrapException.Kind.INVALID, "callx to " + Region.hex(target) + ", which is not an instruction", null);
                }
                return slot;
            }
            if (target < 0 || target >= Integer.MAX_VALUE) {
                throw trap(e, callPc, TrapException.Kind.INVALID, "callx to " + Region.hex(target) + ", which is neither a function nor a helper number", null);
            }
            h = helper((int) target);
        } else if (op == Ops.CALL_KFUNC) {
            h = kernelFunctions.get(imm);
            if (h == null && e.program.externName(imm) != null) {
                // The kernel resolves the kfunc when it loads the object; the emulator refuses it
                // only here, where the run needs it.
                throw trap(e, callPc, TrapException.Kind.UNSUPPORTED, callee(e, x) + " is not emulated: the kernel provides it, the emulator does not", null);
            }
        } else {
            h = helper(imm);
            if (h == null && imm == Instruction.CORE_POISON_HELPER) {
                throw trap(e, callPc, TrapException.Kind.INVALID, "this instruction's CO-RE relocation found no match in the kernel's types, so the"
                        + " loader poisoned it (call 0xbad2310, as libbpf does); Linux refuses a program whose run can reach it", null);
            }
        }
        if (h == null) {
            throw trap(e, callPc, TrapException.Kind.UNSUPPORTED, callee(e, x) + " is neither emulated nor provided; register a Helper for it", null);
        }
        // A helper refuses a call by throwing a TrapException (trapAtCall); a memory fault is the
        // VM's own, located here. Any other exception is a bug in the helper and surfaces as such.
        try {
            r[0] = h.call(this, r[1], r[2], r[3], r[4], r[5]);
        } catch (MemoryFault f) {
            throw memoryTrap(e, callPc, callee(e, x) + ": ", f);
        }
        return -1;
    }

    /**
     * What a call instruction calls, for messages ({@code helper 1}, {@code kfunc bpf_obj_new}):
     * written only where a message needs it, as a string built on every call took a run making
     * two helper calls about 40% of its time. A callx's register is read as the call left it.
     */
    private static String callee(Execution e, long x) {
        int imm = (int) (x >> 32);
        int op = (int) x & 0xff;
        if (op == Ops.CALLX) {
            return "helper " + e.regs[(int) (x >>> 8) & 0xf];
        }
        if (op == Ops.CALL_KFUNC) {
            String extern = e.program.externName(imm);
            return extern != null ? "kfunc " + extern : "kernel function with BTF id " + imm;
        }
        return "helper " + imm;
    }

    private Helper helper(int id) {
        return id >= 0 && id < helpers.length ? helpers[id] : null;
    }

    /**
     * A trap at the helper or kernel-function call running now, naming the program, the pc and the
     * source line: how a helper refuses a call. Helpers refuse only this way; any other exception
     * they throw surfaces unchanged, as the bug it is.
     */
    public TrapException trapAtCall(TrapException.Kind kind, String detail, Throwable cause) {
        return trap(execution, execution.pc - 1, kind, detail, cause);
    }

    /** A memory trap at the call running now, listing the regions that were mapped. */
    public TrapException memoryTrapAtCall(String detail, MemoryFault fault) {
        Execution e = execution;
        Program p = e.program;
        int pc = e.pc - 1;
        return new TrapException(TrapException.Kind.MEMORY, detail, p.name(), pc, p.instructionAt(pc), p.sourceLineAt(pc),
                "mapped regions: " + fault.mappedRegions(), fault);
    }

    /** Performs a legacy packet load; false when it fell outside the packet. */
    boolean legacyLoad(Execution e, long x, int pc) {
        if (legacyPacketLoader == null) {
            throw trap(e, pc, TrapException.Kind.UNSUPPORTED, "legacy packet load needs a socket filter or TC context", null);
        }
        int opcode = OPERATIONS[(int) x & 0xff].opcode().code();
        int size = Size.of(opcode).bytes();
        long offset = (int) (x >> 32);
        if (Mode.of(opcode) == Mode.IND) {
            offset = (int) (offset + e.regs[(int) (x >>> 12) & 0xf]);
        }
        long v;
        try {
            v = legacyPacketLoader.load(this, e.regs[6], offset, size);
        } catch (MemoryFault f) {
            throw memoryTrap(e, pc, "", f);
        }
        if (v < 0) {
            e.regs[0] = 0;
            return false;
        }
        e.regs[0] = v;
        return true;
    }

    TrapException trap(Execution e, int pc, TrapException.Kind kind, String detail, Throwable cause) {
        Program p = e.program;
        Instruction insn = p.instructionAt(pc);
        return new TrapException(kind, detail, p.name(), pc, insn, p.sourceLineAt(pc), cause);
    }

    TrapException memoryTrap(Execution e, int pc, String prefix, MemoryFault f) {
        Program p = e.program;
        return new TrapException(TrapException.Kind.MEMORY, prefix + f.detail(), p.name(), pc, p.instructionAt(pc), p.sourceLineAt(pc),
                "mapped regions: " + f.mappedRegions(), f);
    }

    TrapException limitTrap(Execution e) {
        return trap(e, e.pc, TrapException.Kind.INSTRUCTION_LIMIT,
                "instruction limit of " + instructionLimit + " reached (endless loop?)", null);
    }

    /** Configures a {@link Vm}. */
    public static final class Builder {
        private final Map<Integer, Helper> helpers = new HashMap<>();
        private final Map<Integer, Helper> kernelFunctions = new HashMap<>();
        private LegacyPacketLoader legacyPacketLoader;
        private long instructionLimit = DEFAULT_INSTRUCTION_LIMIT;
        private JitMode jitMode;
        private long jitThreshold = DEFAULT_JIT_THRESHOLD;
        private int cpu;

        private Builder() {
        }

        /** Registers (or replaces) the helper with number {@code id}. */
        public Builder helper(int id, Helper helper) {
            if (id < 0 || id > 0xffff) {
                throw new IllegalArgumentException("helper number must be 0 to 65535, was " + id);
            }
            helpers.put(id, Objects.requireNonNull(helper, "helper"));
            return this;
        }

        /** Registers a kernel function (kfunc) by the BTF id the program calls it with. */
        public Builder kernelFunction(int btfId, Helper function) {
            kernelFunctions.put(btfId, Objects.requireNonNull(function, "function"));
            return this;
        }

        /** What answers the legacy packet loads (LD_ABS, LD_IND). */
        public Builder legacyPacketLoader(LegacyPacketLoader loader) {
            this.legacyPacketLoader = loader;
            return this;
        }

        /** The most instructions one run may execute before it traps. */
        public Builder instructionLimit(long limit) {
            if (limit <= 0) {
                throw new IllegalArgumentException("instruction limit must be positive, was " + limit);
            }
            this.instructionLimit = limit;
            return this;
        }

        /**
         * Whether programs run compiled to JVM bytecode; unset, the system property
         * {@value JitMode#PROPERTY} decides when the VM is built.
         */
        public Builder jit(JitMode mode) {
            this.jitMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The instructions a program executes interpreted before {@link JitMode#AUTO} compiles it. */
        public Builder jitThreshold(long instructions) {
            if (instructions < 0) {
                throw new IllegalArgumentException("JIT threshold must not be negative, was " + instructions);
            }
            this.jitThreshold = instructions;
            return this;
        }

        /** The virtual CPU the VM runs on. */
        public Builder cpu(int cpu) {
            if (cpu < 0) {
                throw new IllegalArgumentException("cpu must not be negative, was " + cpu);
            }
            this.cpu = cpu;
            return this;
        }

        /** Builds the VM. */
        public Vm build() {
            return new Vm(this);
        }
    }
}
