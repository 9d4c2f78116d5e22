package org.ebpftest.runtime.vm.jit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ebpftest.runtime.isa.Operation;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Compiles a decoded eBPF program to a JVM class: one method whose locals are the eBPF registers
 * and whose code is the program's instructions, each written as the interpreter executes it.
 *
 * <p>The input is the interpreter's decoded form ({@code org.ebpftest.runtime.vm.Program}): one
 * {@code long} per slot, the low byte the ordinal of the instruction's {@link Operation} (or
 * {@link #REFUSED}), then dst (bits 8-11), src (12-15), off (16-31) and imm (32-63), plus the
 * resolved constant of each {@code lddw}. The class written runs in the VM's package, which defines
 * it as a hidden class; it implements {@code CompiledCode} and calls the VM's own members, named in
 * {@link VmNames}: the semantic methods ({@code Alu}, {@code Branch}), the checked {@code Memory}
 * accesses and the VM's call, frame and trap paths. So a compiled program computes what the
 * interpreter computes, faults with the same messages and counts the same instructions; only the
 * dispatch differs, and stack accesses through r10 inside the frame, which cannot fault, are plain
 * array accesses (see {@code stackLoad}). The budget is charged once per basic block
 * ({@link Blocks}); where it does not cover a block, compiled code hands over to the interpreter,
 * which stops at the exact instruction.
 *
 * <p>Each callback (a function whose address the program loads) also gets a method of its own
 * taking the registers as arguments, and {@code bpf_loop}'s loop ({@code Vm.callFunctionLoop})
 * runs as a JVM loop calling it directly ({@link #writeCallbacks}).
 *
 * <p>Refuses (and the VM then interprets) a program whose method would exceed
 * {@link #HUGE_METHOD_LIMIT} bytes of JVM code, because HotSpot leaves such methods in its
 * bytecode interpreter, which is slower than this project's interpreter.
 */
public final class ProgramCompiler {
    /** HotSpot's default {@code HugeMethodLimit}: larger methods are never JIT-compiled (DontCompileHugeMethods). */
    public static final int HUGE_METHOD_LIMIT = 8000;
    /** The decoded op of an instruction the verifier refuses where a run reaches it. */
    public static final int REFUSED = 0xff;

    static final Operation[] OPERATIONS = Operation.values();
    /** The most methods one dispatch method switches between. */
    private static final int DISPATCH_FANOUT = 256;
    private static final String DISPATCH_DESC = "(" + VmNames.EXECUTION_DESC + "JI)I";

    /**
     * The bytes of one stack frame, which the stack fast path relies on: the VM's
     * {@code Vm.STACK_SIZE} (this package may not depend on the VM's; a test keeps them equal).
     */
    public static final int STACK_SIZE = 512;

    private static final long U32 = 0xffffffffL;
    // Locals of execute(Execution e, long stopAt).
    private static final int THIS = 0;
    private static final int E = 1;
    private static final int STOP = 2;
    private static final int R0 = 4;
    /**
     * The budget left, an int so that a block charges it with one {@code iinc}: at most
     * {@link #FUEL_CAP} of what is left, the rest handed over to the interpreter past that point.
     * The count is {@code COUNT0 + (FUEL0 - fuel)} (see {@link #setFuelFromCount}).
     */
    private static final int FUEL = 26;
    /** The fuel when it was last set: an int beside fuel, so that the instructions run since are an int difference. */
    private static final int FUEL0 = 27;
    private static final long FUEL_CAP = 1L << 30;
    private static final int PCV = 28;
    private static final int STATUS = 29;
    private static final int MEM = 30;
    private static final int REGS = 31;
    private static final int CUR = 32;
    private static final int AFTER = 33;
    private static final int TARGET = 34;
    /** The current frame's stack bytes, which r10 points at the end of (see {@link #stackLoad}). */
    private static final int STACK = 35;
    /**
     * The instruction count when fuel was last set. The count is kept as this plus what the fuel
     * went down by, which HotSpot folds to a constant for a block (a callback's count in a
     * {@code bpf_loop} grows by its length, with no dependence on how fuel was set).
     */
    private static final int COUNT0 = 36;
    private static final int FAULT = 38;

    /** How an operation affects control flow. */
    enum Kind { PLAIN, JUMP, CALL, CALL_LOCAL, CALLX, EXIT, LEGACY }

    /**
     * The class file, or why the program is not compiled. A program compiled to several methods
     * also has the method holding each entry slot ({@code -1} for slots that are not entries),
     * which the class's constructor takes; null for a program compiled to one method.
     */
    public record Result(byte[] classBytes, int[] methodOfEntry, String refusal) {
        /** True when there is a class file. */
        public boolean compiled() {
            return classBytes != null;
        }
    }

    private final String className;
    private final long[] code;
    private final long[] constants;
    private final boolean[] starts;
    private final long codeBase;
    private final int methodLimit;
    private Blocks blocks;
    private MethodVisitor mv;
    private Label[] labels;
    // Per method written: the labels every method has, and the slots [lo, hi) it holds.
    private Label reload;
    private Label bail;
    private Label exitInsn;
    private Label exit;
    private Label exitNoSpill;
    private Label leave;
    private int lo;
    private int hi;
    /** True while writing one of several methods: a slot outside [lo, hi) is left for the method holding it. */
    private boolean split;
    /**
     * True while writing a callback's method ({@link #writeCallbacks}): entered at its function's
     * first slot with the registers as arguments, it returns the callback's r0 where the function exits.
     */
    private boolean callbackMode;
    /**
     * True while writing a callback's method that pushes no frame it returns into (no {@code callx},
     * no call of a function inside it): its exits are all at the callback's own depth, so it needs
     * neither the path that pops a frame nor the re-entry after one. Small callbacks then stay
     * under the size up to which HotSpot inlines a hot method into {@code loop}.
     */
    private boolean leaf;
    private Map<Integer, Label> stubs;
    /** True when the method being written has an access on the stack fast path, and so keeps the frame's bytes at hand. */
    private boolean stackFastPath;
    /** The types of execute's locals at every label: all set before the first one, FAULT excepted. */
    private final Object[] locals;
    private int lastFrameOffset = -1;

    private ProgramCompiler(String className, long[] code, long[] constants, boolean[] starts, long codeBase, int methodLimit) {
        this.className = className;
        this.methodLimit = methodLimit;
        this.code = code;
        this.constants = constants;
        this.starts = starts;
        this.codeBase = codeBase;
        // this, e, stopAt, r0-r10 (longs take one entry), fuel, fuel0, pcv, status, m, regs, cur, after, target, stack, count0
        List<Object> l = new ArrayList<>(List.of(className, VmNames.EXECUTION));
        l.addAll(Collections.nCopies(1 + 11, Opcodes.LONG));
        l.addAll(List.of(Opcodes.INTEGER, Opcodes.INTEGER));
        l.addAll(List.of(Opcodes.INTEGER, Opcodes.INTEGER, VmNames.MEMORY, "[J", Opcodes.INTEGER, Opcodes.INTEGER, Opcodes.INTEGER, "[B",
                Opcodes.LONG));
        this.locals = l.toArray();
    }

    /** Places a label that a jump reaches (or that follows an unconditional jump), with its frame. */
    private void target(Label label) {
        mv.visitLabel(label);
        if (label.getOffset() != lastFrameOffset) {
            mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 0, null);
            lastFrameOffset = label.getOffset();
        }
    }

    /**
     * Compiles a program.
     *
     * @param className the internal name of the class to write, in the VM's package
     * @param code the decoded instructions, one per slot
     * @param constants the value each {@code lddw} loads, by slot
     * @param starts which slots start an instruction (not the second half of a {@code lddw})
     * @param codeBase the address of slot 0's function, to recognise function addresses
     */
    public static Result compile(String className, long[] code, long[] constants, boolean[] starts, long codeBase) {
        return compile(className, code, constants, starts, codeBase, HUGE_METHOD_LIMIT);
    }

    /**
     * Compiles a program, splitting it into several methods where one would exceed
     * {@code methodLimit} bytes of JVM code: {@link #HUGE_METHOD_LIMIT} in use, smaller in tests
     * that exercise the hand-over between methods on small programs.
     */
    public static Result compile(String className, long[] code, long[] constants, boolean[] starts, long codeBase, int methodLimit) {
        Objects.requireNonNull(className, "className");
        if (code.length != constants.length || code.length != starts.length) {
            throw new IllegalArgumentException("code, constants and starts differ in length");
        }
        try {
            return new ProgramCompiler(className, code, constants, starts, codeBase, methodLimit).write();
        } catch (MethodTooLargeException e) {
            return new Result(null, null, "the compiled method would exceed the JVM's 64 KiB of code per method");
        } catch (ClassTooLargeException e) {
            return new Result(null, null, "the compiled class would exceed the JVM's 65,535 constants per class");
        }
    }

    static Kind kind(Operation o) {
        return switch (o) {
            case JA, JA32, MAY_GOTO -> Kind.JUMP;
            case CALL_HELPER, CALL_KFUNC -> Kind.CALL;
            case CALL_LOCAL -> Kind.CALL_LOCAL;
            case CALLX -> Kind.CALLX;
            case EXIT -> Kind.EXIT;
            case LDABSB, LDABSH, LDABSW, LDINDB, LDINDH, LDINDW -> Kind.LEGACY;
            default -> o.name().startsWith("J") ? Kind.JUMP : Kind.PLAIN;
        };
    }

    private Result write() {
        // Frames are written here, not computed by ASM (which costs more than the rest of the
        // compilation): every local is set before the first label and keeps one type, and the
        // operand stack is empty at every label, so one frame serves every jump target.
        blocks = new Blocks(code, constants, starts, codeBase, null);
        ClassWriter cw = startClass();
        Label end = writeMethod(cw, "execute", 0, code.length, false);
        if (end.getOffset() <= methodLimit) {
            writeCallbacks(cw);
            cw.visitEnd();
            return new Result(cw.toByteArray(), null, null);
        }
        return writeSplit();
    }

    /**
     * A program too large for one method that HotSpot compiles: one method per function, and a
     * function still too large cut into runs of slots, each entered at its first slot and wherever
     * a jump from another method lands. Methods hand over through the execution's registers and pc
     * ({@link ExitStatus#JUMP}); {@code execute} finds the method holding the pc and calls it.
     */
    private Result writeSplit() {
        int n = code.length;
        List<Integer> cuts = new ArrayList<>();
        boolean[] functionStart = functionStarts();
        for (int from = 0; from < n; ) {
            int to = from + 1;
            while (to < n && !functionStart[to]) {
                to++;
            }
            cut(from, to, cuts);
            from = to;
        }
        int[] methodOf = new int[n];
        boolean[] extra = new boolean[n];
        for (int k = 0; k < cuts.size(); k++) {
            int from = cuts.get(k);
            int to = k + 1 < cuts.size() ? cuts.get(k + 1) : n;
            Arrays.fill(methodOf, from, to, k);
            extra[from] = true;
        }
        for (int pc = 0; pc < n; pc++) {
            int t = starts[pc] ? Blocks.branchTarget(code[pc], pc) : -1;
            if (t >= 0 && t < n && methodOf[t] != methodOf[pc]) {
                extra[t] = true;
            }
        }
        blocks = new Blocks(code, constants, starts, codeBase, extra);
        int[] methodOfEntry = new int[n];
        for (int pc = 0; pc < n; pc++) {
            methodOfEntry[pc] = blocks.entry[pc] ? methodOf[pc] : -1;
        }
        ClassWriter cw = startClass();
        writeTrampoline(cw);
        writeDispatch(cw, "dispatch", 0, cuts.size(), cuts);
        for (int k = 0; k < cuts.size(); k++) {
            int from = cuts.get(k);
            int to = k + 1 < cuts.size() ? cuts.get(k + 1) : n;
            int size = writeMethod(cw, methodName(from), from, to, true).getOffset();
            if (size > HUGE_METHOD_LIMIT) {
                return new Result(null, null, "the compiled method for slots " + from + " to " + (to - 1) + " would be " + size
                        + " bytes of JVM code; HotSpot does not compile methods over " + HUGE_METHOD_LIMIT
                        + " bytes, so the interpreter is faster");
            }
        }
        cw.visitEnd();
        return new Result(cw.toByteArray(), methodOfEntry, null);
    }

    /** Slot 0, every bpf-to-bpf callee and every function whose address a {@code lddw} loads. */
    private boolean[] functionStarts() {
        int n = code.length;
        boolean[] out = new boolean[n];
        out[0] = true;
        for (int pc = 0; pc < n; pc++) {
            if (!starts[pc] || ((int) code[pc] & 0xff) == REFUSED) {
                continue;
            }
            Operation o = OPERATIONS[(int) code[pc] & 0xff];
            int t = -1;
            if (kind(o) == Kind.CALL_LOCAL) {
                t = pc + 1 + (int) (code[pc] >> 32);
            } else if (o == Operation.LDDW) {
                long rel = constants[pc] - codeBase;
                t = rel >= 0 && (rel & 7) == 0 && rel / 8 < n ? (int) (rel / 8) : -1;
            }
            if (t > 0 && t < n && starts[t]) {
                out[t] = true;
            }
        }
        return out;
    }

    /**
     * Adds the first slots of methods that hold [from, to), halving until each is within three
     * quarters of the limit: the margin covers what measuring a method alone cannot see.
     */
    private void cut(int from, int to, List<Integer> cuts) {
        int mid = (from + to) >>> 1;
        while (mid > from && !starts[mid]) {
            mid--;
        }
        if (mid == from || measure(from, to) <= methodLimit * 3 / 4) {
            cuts.add(from);
            return;
        }
        cut(from, mid, cuts);
        cut(mid, to, cuts);
    }

    /** The bytes of JVM code of a method holding [from, to), entered wherever a jump from outside lands. */
    private int measure(int from, int to) {
        int n = code.length;
        boolean[] extra = new boolean[n];
        extra[from] = true;
        for (int pc = 0; pc < n; pc++) {
            int t = starts[pc] && (pc < from || pc >= to) ? Blocks.branchTarget(code[pc], pc) : -1;
            if (t >= from && t < to) {
                extra[t] = true;
            }
        }
        blocks = new Blocks(code, constants, starts, codeBase, extra);
        return writeMethod(startClass(), "measure", from, to, true).getOffset();
    }

    private static String methodName(int from) {
        return "slot" + from;
    }

    private ClassWriter startClass() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, className, null, "java/lang/Object",
                new String[] {VmNames.COMPILED_CODE});
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "program", VmNames.PROGRAM_DESC, null, null).visitEnd();
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "methodOfEntry", "[I", null, null).visitEnd();
        writeConstructor(cw, className);
        writeSpill(cw);
        return cw;
    }

    /**
     * {@code execute}: while the method holding the pc hands over to another ({@link ExitStatus#JUMP}),
     * call the one holding the new pc; a pc that is no method's entry goes to the interpreter.
     */
    private void writeTrampoline(ClassWriter cw) {
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC, "execute", "(" + VmNames.EXECUTION_DESC + "J)I", null, null);
        m.visitCode();
        // locals: this, e, stopAt (2), table, pc, k
        Object[] frame = {className, VmNames.EXECUTION, Opcodes.LONG, "[I"};
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitFieldInsn(Opcodes.GETFIELD, className, "methodOfEntry", "[I");
        m.visitVarInsn(Opcodes.ASTORE, 4);
        Label loop = new Label();
        Label interpret = new Label();
        m.visitLabel(loop);
        m.visitFrame(Opcodes.F_NEW, frame.length, frame, 0, null);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitFieldInsn(Opcodes.GETFIELD, VmNames.EXECUTION, "pc", "I");
        m.visitVarInsn(Opcodes.ISTORE, 5);
        // if (pc >>> 0 >= table.length) interpret: an unsigned compare catches a negative pc too
        m.visitVarInsn(Opcodes.ILOAD, 5);
        m.visitVarInsn(Opcodes.ALOAD, 4);
        m.visitInsn(Opcodes.ARRAYLENGTH);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "compareUnsigned", "(II)I", false);
        m.visitJumpInsn(Opcodes.IFGE, interpret);
        m.visitVarInsn(Opcodes.ALOAD, 4);
        m.visitVarInsn(Opcodes.ILOAD, 5);
        m.visitInsn(Opcodes.IALOAD);
        m.visitInsn(Opcodes.DUP);
        m.visitVarInsn(Opcodes.ISTORE, 6);
        Label known = new Label();
        m.visitJumpInsn(Opcodes.IFGE, known);
        m.visitLabel(interpret);
        m.visitFrame(Opcodes.F_NEW, frame.length, frame, 0, null);
        pushInt(m, ExitStatus.INTERPRET);
        m.visitInsn(Opcodes.IRETURN);
        m.visitLabel(known);
        Object[] withPc = {className, VmNames.EXECUTION, Opcodes.LONG, "[I", Opcodes.INTEGER, Opcodes.INTEGER};
        m.visitFrame(Opcodes.F_NEW, withPc.length, withPc, 0, null);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitVarInsn(Opcodes.LLOAD, 2);
        m.visitVarInsn(Opcodes.ILOAD, 6);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, className, "dispatch", DISPATCH_DESC, false);
        m.visitInsn(Opcodes.DUP);
        pushInt(m, ExitStatus.JUMP);
        Label done = new Label();
        m.visitJumpInsn(Opcodes.IF_ICMPNE, done);
        m.visitInsn(Opcodes.POP);
        m.visitJumpInsn(Opcodes.GOTO, loop);
        m.visitLabel(done);
        m.visitFrame(Opcodes.F_NEW, withPc.length, withPc, 1, new Object[] {Opcodes.INTEGER});
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    /**
     * {@code int name(Execution e, long stopAt, int k)}: calls method k of [from, to). Over
     * {@link #DISPATCH_FANOUT} methods, it switches to dispatch methods of a fan-out each, so that
     * no switch grows past what HotSpot compiles.
     */
    private void writeDispatch(ClassWriter cw, String name, int from, int to, List<Integer> cuts) {
        int span = 1;
        while ((to - from + span - 1) / span > DISPATCH_FANOUT) {
            span *= DISPATCH_FANOUT;
        }
        int cases = (to - from + span - 1) / span;
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PRIVATE, name, DISPATCH_DESC, null, null);
        m.visitCode();
        Object[] frame = {className, VmNames.EXECUTION, Opcodes.LONG, Opcodes.INTEGER};
        Label[] targets = new Label[cases];
        for (int i = 0; i < cases; i++) {
            targets[i] = new Label();
        }
        Label none = new Label();
        m.visitVarInsn(Opcodes.ILOAD, 4);
        if (from != 0) {
            pushInt(m, from);
            m.visitInsn(Opcodes.ISUB);
        }
        if (span > 1) {
            pushInt(m, span);
            m.visitInsn(Opcodes.IDIV);
        }
        m.visitTableSwitchInsn(0, cases - 1, none, targets);
        for (int i = 0; i < cases; i++) {
            m.visitLabel(targets[i]);
            m.visitFrame(Opcodes.F_NEW, frame.length, frame, 0, null);
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitVarInsn(Opcodes.ALOAD, 1);
            m.visitVarInsn(Opcodes.LLOAD, 2);
            if (span == 1) {
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, className, methodName(cuts.get(from + i)), "(" + VmNames.EXECUTION_DESC + "J)I", false);
            } else {
                m.visitVarInsn(Opcodes.ILOAD, 4);
                String sub = name + "_" + i;
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, className, sub, DISPATCH_DESC, false);
                writeDispatch(cw, sub, from + i * span, Math.min(to, from + (i + 1) * span), cuts);
            }
            m.visitInsn(Opcodes.IRETURN);
        }
        m.visitLabel(none);
        m.visitFrame(Opcodes.F_NEW, frame.length, frame, 0, null);
        pushInt(m, ExitStatus.INTERPRET);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    /**
     * The callbacks' methods and {@code bpf_loop}'s loop over them. Each function whose address a
     * {@code lddw} loads (the only way a helper gets a callback) gets a method
     * {@code long callback<slot>(Execution e, long stopAt, long r0, ..., long r10)} holding the
     * function's slots: entered at its first slot with its registers as arguments, it returns r0
     * where the function exits, and hands whatever it does not finish itself (a block the budget
     * does not cover, a call into another function, a tail call) to {@code Execution.finishCallback}
     * with everything spilled, as {@code execute} hands over to the interpreter. Then
     * {@code loop} ({@link #writeLoop}) and {@code loops}, which says which slots have such a method.
     * A callback whose method HotSpot would not compile has none; {@code Execution} then calls it
     * as it calls any function from a helper.
     */
    private void writeCallbacks(ClassWriter cw) {
        boolean[] function = functionStarts();
        List<Integer> callbacks = new ArrayList<>();
        for (int t : callbackSlots()) {
            int end = t + 1;
            while (end < code.length && !function[end]) {
                end++;
            }
            // measured apart first: a method HotSpot leaves interpreted costs more than it saves
            if (writeMethod(startClass(), callbackName(t), t, end, false, true).getOffset() <= HUGE_METHOD_LIMIT) {
                writeMethod(cw, callbackName(t), t, end, false, true);
                callbacks.add(t);
            }
        }
        callbackMode = false;
        if (!callbacks.isEmpty()) {
            writeLoops(cw, callbacks);
            writeLoop(cw, callbacks);
            writeCall(cw, callbacks);
        }
    }

    /**
     * {@code long call(Execution e, int slot, long stopAt)}: one call of the callback at a slot,
     * which {@code Execution.callFunction} has entered, with the registers it set: how the other
     * callback helpers ({@code bpf_for_each_map_elem}, ...) reach the callback's method.
     */
    private void writeCall(ClassWriter cw, List<Integer> callbacks) {
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC, "call", "(" + VmNames.EXECUTION_DESC + "IJ)J", null, null);
        m.visitCode();
        int[] keys = callbacks.stream().mapToInt(Integer::intValue).toArray();
        Label[] targets = new Label[keys.length];
        for (int k = 0; k < keys.length; k++) {
            targets[k] = new Label();
        }
        Label none = new Label();
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitLookupSwitchInsn(none, keys, targets);
        Object[] frame = {className, VmNames.EXECUTION, Opcodes.INTEGER, Opcodes.LONG};
        for (int k = 0; k < keys.length; k++) {
            m.visitLabel(targets[k]);
            m.visitFrame(Opcodes.F_NEW, frame.length, frame, 0, null);
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitVarInsn(Opcodes.ALOAD, 1);
            m.visitVarInsn(Opcodes.LLOAD, 3);
            for (int r = 0; r <= 10; r++) {
                m.visitVarInsn(Opcodes.ALOAD, 1);
                m.visitFieldInsn(Opcodes.GETFIELD, VmNames.EXECUTION, "regs", "[J");
                pushInt(m, r);
                m.visitInsn(Opcodes.LALOAD);
            }
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, className, callbackName(keys[k]), callbackDesc(), false);
            m.visitInsn(Opcodes.LRETURN);
        }
        m.visitLabel(none);
        m.visitFrame(Opcodes.F_NEW, frame.length, frame, 0, null);
        m.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
        m.visitInsn(Opcodes.DUP);
        m.visitLdcInsn("no compiled callback at this slot; ask loops(slot) first");
        m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "(Ljava/lang/String;)V", false);
        m.visitInsn(Opcodes.ATHROW);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    /** The slots whose function address a {@code lddw} of the program loads, in order. */
    private List<Integer> callbackSlots() {
        TreeSet<Integer> out = new TreeSet<>();
        for (int pc = 0; pc < code.length; pc++) {
            if (starts[pc] && ((int) code[pc] & 0xff) != REFUSED && OPERATIONS[(int) code[pc] & 0xff] == Operation.LDDW) {
                long rel = constants[pc] - codeBase;
                if (rel >= 0 && (rel & 7) == 0 && rel / 8 < code.length && starts[(int) (rel / 8)]) {
                    out.add((int) (rel / 8));
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static String callbackName(int slot) {
        return "callback" + slot;
    }

    private static String callbackDesc() {
        return "(" + VmNames.EXECUTION_DESC + "J" + "J".repeat(11) + ")J";
    }

    /** {@code boolean loops(int slot)}: whether {@code loop} can call the function at a slot. */
    private void writeLoops(ClassWriter cw, List<Integer> callbacks) {
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC, "loops", "(I)Z", null, null);
        m.visitCode();
        Label yes = new Label();
        Label no = new Label();
        int[] keys = callbacks.stream().mapToInt(Integer::intValue).toArray();
        Label[] targets = new Label[keys.length];
        Arrays.fill(targets, yes);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitLookupSwitchInsn(no, keys, targets);
        Object[] frame = {className, Opcodes.INTEGER};
        m.visitLabel(yes);
        m.visitFrame(Opcodes.F_NEW, frame.length, frame, 0, null);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitInsn(Opcodes.IRETURN);
        m.visitLabel(no);
        m.visitFrame(Opcodes.F_NEW, frame.length, frame, 0, null);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    /**
     * {@code long loop(Execution e, int slot, long from, long n, long arg, long stopAt, int reach)}:
     * the loop of {@code bpf_loop} over the callback at a slot, which {@code Execution.callLoop}
     * has entered once for all the calls (the frame pushed, the caller's registers kept): for i
     * from {@code from} to n, zero the {@code reach} bytes the callback can see of its frame and
     * call {@code callback<slot>(e, stopAt, r0, i, arg, r3, ..., r10)} with the caller's other
     * registers, until it returns non-zero; answers the calls made ({@code i + 1}), or n.
     */
    private void writeLoop(ClassWriter cw, List<Integer> callbacks) {
        final int e = 1;
        final int slot = 2;
        final int from = 3;
        final int n = 5;
        final int arg = 7;
        final int stop = 9;
        final int reach = 11;
        final int regs = 12;
        final int caller = 13; // r0, r3 to r10 of the caller: 9 longs
        final int stack = caller + 18;
        final int i = stack + 1;
        int[] kept = {0, 3, 4, 5, 6, 7, 8, 9, 10};
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC, "loop", "(" + VmNames.EXECUTION_DESC + "IJJJJI)J", null, null);
        m.visitCode();
        m.visitVarInsn(Opcodes.ALOAD, e);
        m.visitFieldInsn(Opcodes.GETFIELD, VmNames.EXECUTION, "regs", "[J");
        m.visitVarInsn(Opcodes.ASTORE, regs);
        for (int k = 0; k < kept.length; k++) {
            m.visitVarInsn(Opcodes.ALOAD, regs);
            pushInt(m, kept[k]);
            m.visitInsn(Opcodes.LALOAD);
            m.visitVarInsn(Opcodes.LSTORE, caller + 2 * k);
        }
        m.visitVarInsn(Opcodes.ALOAD, e);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.EXECUTION, "frameBytes", "()[B", false);
        m.visitVarInsn(Opcodes.ASTORE, stack);
        m.visitVarInsn(Opcodes.LLOAD, from);
        m.visitVarInsn(Opcodes.LSTORE, i);
        List<Object> l = new ArrayList<>(List.of(className, VmNames.EXECUTION, Opcodes.INTEGER, Opcodes.LONG, Opcodes.LONG, Opcodes.LONG,
                Opcodes.LONG, Opcodes.INTEGER, "[J"));
        l.addAll(Collections.nCopies(kept.length, Opcodes.LONG));
        l.addAll(List.of("[B", Opcodes.LONG));
        Object[] frame = l.toArray();
        Label none = new Label();
        Label done = new Label();
        int[] keys = callbacks.stream().mapToInt(Integer::intValue).toArray();
        Label[] heads = new Label[keys.length];
        for (int k = 0; k < keys.length; k++) {
            heads[k] = new Label();
        }
        m.visitVarInsn(Opcodes.ILOAD, slot);
        m.visitLookupSwitchInsn(none, keys, heads);
        boolean resetsLoopBudget = hasMayGoto();
        for (int k = 0; k < keys.length; k++) {
            // one loop per callback, so that each calls its method directly and HotSpot can inline it
            Label call = new Label();
            Label next = new Label();
            m.visitLabel(heads[k]);
            m.visitFrame(Opcodes.F_NEW, frame.length, frame, 0, null);
            m.visitVarInsn(Opcodes.LLOAD, i);
            m.visitVarInsn(Opcodes.LLOAD, n);
            m.visitInsn(Opcodes.LCMP);
            m.visitJumpInsn(Opcodes.IFGE, done);
            m.visitVarInsn(Opcodes.ILOAD, reach);
            m.visitJumpInsn(Opcodes.IFLE, call);
            m.visitVarInsn(Opcodes.ALOAD, stack);
            pushInt(m, STACK_SIZE);
            m.visitVarInsn(Opcodes.ILOAD, reach);
            m.visitInsn(Opcodes.ISUB);
            pushInt(m, STACK_SIZE);
            m.visitInsn(Opcodes.ICONST_0);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/util/Arrays", "fill", "([BIIB)V", false);
            m.visitLabel(call);
            m.visitFrame(Opcodes.F_NEW, frame.length, frame, 0, null);
            if (resetsLoopBudget) {
                // the kernel's prologue gives each entry of a function with may_goto a fresh count
                m.visitVarInsn(Opcodes.ALOAD, e);
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.EXECUTION, "resetLoopBudget", "()V", false);
            }
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitVarInsn(Opcodes.ALOAD, e);
            m.visitVarInsn(Opcodes.LLOAD, stop);
            m.visitVarInsn(Opcodes.LLOAD, caller);
            m.visitVarInsn(Opcodes.LLOAD, i);
            m.visitVarInsn(Opcodes.LLOAD, arg);
            for (int r = 1; r < kept.length; r++) {
                m.visitVarInsn(Opcodes.LLOAD, caller + 2 * r);
            }
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, className, callbackName(keys[k]), callbackDesc(), false);
            m.visitInsn(Opcodes.LCONST_0);
            m.visitInsn(Opcodes.LCMP);
            m.visitJumpInsn(Opcodes.IFEQ, next);
            m.visitVarInsn(Opcodes.LLOAD, i);
            m.visitInsn(Opcodes.LCONST_1);
            m.visitInsn(Opcodes.LADD);
            m.visitInsn(Opcodes.LRETURN);
            m.visitLabel(next);
            m.visitFrame(Opcodes.F_NEW, frame.length, frame, 0, null);
            m.visitVarInsn(Opcodes.LLOAD, i);
            m.visitInsn(Opcodes.LCONST_1);
            m.visitInsn(Opcodes.LADD);
            m.visitVarInsn(Opcodes.LSTORE, i);
            m.visitJumpInsn(Opcodes.GOTO, heads[k]);
        }
        m.visitLabel(done);
        m.visitFrame(Opcodes.F_NEW, frame.length, frame, 0, null);
        m.visitVarInsn(Opcodes.LLOAD, n);
        m.visitInsn(Opcodes.LRETURN);
        m.visitLabel(none);
        m.visitFrame(Opcodes.F_NEW, frame.length, frame, 0, null);
        m.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
        m.visitInsn(Opcodes.DUP);
        m.visitLdcInsn("no compiled callback at this slot; ask loops(slot) first");
        m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "(Ljava/lang/String;)V", false);
        m.visitInsn(Opcodes.ATHROW);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    private static void writeConstructor(ClassWriter cw, String className) {
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(" + VmNames.PROGRAM_DESC + "[I)V", null, null);
        m.visitCode();
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitFieldInsn(Opcodes.PUTFIELD, className, "program", VmNames.PROGRAM_DESC);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ALOAD, 2);
        m.visitFieldInsn(Opcodes.PUTFIELD, className, "methodOfEntry", "[I");
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    /** {@code static void spill(long[] r, long r0, ..., long r10)}: the registers back into the execution's array. */
    private void writeSpill(ClassWriter cw) {
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, "spill", spillDesc(), null, null);
        m.visitCode();
        for (int i = 0; i <= 10; i++) {
            m.visitVarInsn(Opcodes.ALOAD, 0);
            pushInt(m, i);
            m.visitVarInsn(Opcodes.LLOAD, 1 + 2 * i);
            m.visitInsn(Opcodes.LASTORE);
        }
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    private static String spillDesc() {
        return "([J" + "J".repeat(11) + ")V";
    }

    /**
     * Writes a method {@code int name(Execution e, long stopAt)} running slots [from, to); with
     * {@code split}, a jump out of them leaves for the method that holds its target. Returns a
     * label at the method's end, whose offset is the method's size.
     */
    private Label writeMethod(ClassWriter cw, String name, int from, int to, boolean split) {
        return writeMethod(cw, name, from, to, split, false);
    }

    private Label writeMethod(ClassWriter cw, String name, int from, int to, boolean split, boolean callback) {
        this.lo = from;
        this.hi = to;
        this.split = split;
        this.callbackMode = callback;
        this.leaf = callback && pushesNoFrameInside(from, to);
        stubs = new TreeMap<>();
        stackFastPath = usesStackFastPath();
        reload = new Label();
        bail = new Label();
        exitInsn = new Label();
        exit = new Label();
        exitNoSpill = new Label();
        leave = new Label();
        lastFrameOffset = -1;
        mv = cw.visitMethod(split || callback ? Opcodes.ACC_PRIVATE : Opcodes.ACC_PUBLIC, name,
                callback ? callbackDesc() : "(" + VmNames.EXECUTION_DESC + "J)I", null, null);
        mv.visitCode();
        Label end = writeBody();
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        return end;
    }

    private Label writeBody() {
        int n = code.length;
        labels = new Label[n + 1];
        for (int pc = lo; pc < hi; pc++) {
            if (blocks.leader[pc]) {
                labels[pc] = new Label();
            }
        }
        Label[] fuelStubs = new Label[n];
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label handler = new Label();
        mv.visitTryCatchBlock(tryStart, tryEnd, handler, VmNames.MEMORY_FAULT);

        // regs = e.regs; m = e.vm.memory(); fuel and base from stopAt and e.count; pcv = e.pc; the rest zero
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitFieldInsn(Opcodes.GETFIELD, VmNames.EXECUTION, "regs", "[J");
        mv.visitVarInsn(Opcodes.ASTORE, REGS);
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitFieldInsn(Opcodes.GETFIELD, VmNames.EXECUTION, "vm", VmNames.VM_DESC);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.VM, "memory", "()" + VmNames.MEMORY_DESC, false);
        mv.visitVarInsn(Opcodes.ASTORE, MEM);
        setFuelFromCount();
        if (callbackMode) {
            pushInt(mv, lo);
        } else {
            mv.visitVarInsn(Opcodes.ALOAD, E);
            mv.visitFieldInsn(Opcodes.GETFIELD, VmNames.EXECUTION, "pc", "I");
        }
        mv.visitVarInsn(Opcodes.ISTORE, PCV);
        for (int local : new int[] {STATUS, CUR, AFTER, TARGET}) {
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitVarInsn(Opcodes.ISTORE, local);
        }
        if (!callbackMode) {
            for (int r = 0; r <= 10; r++) {
                mv.visitInsn(Opcodes.LCONST_0);
                mv.visitVarInsn(Opcodes.LSTORE, reg(r));
            }
        }
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitVarInsn(Opcodes.ASTORE, STACK);
        if (callbackMode) {
            // a callback's registers are the method's arguments: straight to its first slot
            reloadStack();
            mv.visitJumpInsn(Opcodes.GOTO, labels[lo]);
        }
        if (!leaf) {
            // reload: every register from e.regs, then enter at pcv
            target(reload);
            for (int r = 0; r <= 10; r++) {
                reloadRegister(r);
            }
            reloadStack();
            writeEntrySwitch();
        }
        mv.visitLabel(tryStart);
        for (int pc = lo; pc < hi; pc++) {
            if (!blocks.starts[pc]) {
                continue;
            }
            int op = (int) code[pc] & 0xff;
            if (blocks.leader[pc]) {
                target(labels[pc]);
                if (op != REFUSED) {
                    if (blocks.checkpoint[pc]) {
                        fuelStubs[pc] = new Label();
                        checkFuel(blocks.reach[pc], fuelStubs[pc]);
                    }
                    mv.visitIincInsn(FUEL, -blocks.length[pc]);
                }
            }
            if (op == REFUSED) {
                bailAt(pc);
            } else {
                instruction(pc, code[pc], OPERATIONS[op]);
            }
        }
        // Falling off the last slot: into the next method, or (no verified program does) off the
        // program's end. The frame covers the case where nothing falls through and this is dead code.
        target(new Label());
        mv.visitJumpInsn(Opcodes.GOTO, jumpTo(hi));
        mv.visitLabel(tryEnd);

        for (int pc = lo; pc < hi; pc++) {
            if (fuelStubs[pc] != null) {
                target(fuelStubs[pc]);
                bailAt(pc);
            }
        }
        for (Map.Entry<Integer, Label> stub : stubs.entrySet()) {
            target(stub.getValue());
            pushInt(mv, stub.getKey());
            mv.visitVarInsn(Opcodes.ISTORE, PCV);
            mv.visitJumpInsn(Opcodes.GOTO, split && stub.getKey() < code.length ? leave : bail);
        }
        writeExits();
        mv.visitLabel(handler);
        mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {VmNames.MEMORY_FAULT});
        writeFaultHandler();
        Label end = new Label();
        mv.visitLabel(end);
        return end;
    }

    /**
     * Where a jump to a slot goes: its label in this method, or a stub that leaves for the method
     * holding it (past the last slot, which no verified program reaches: the interpreter).
     */
    private Label jumpTo(int slot) {
        if (slot >= lo && slot < hi) {
            return labels[slot];
        }
        return stubs.computeIfAbsent(slot, s -> new Label());
    }

    /**
     * A switch from pcv to this method's entries; any other slot goes to the interpreter, or, in a
     * program of several methods, back to {@code execute} to find the method holding it.
     */
    private void writeEntrySwitch() {
        int count = 0;
        for (int pc = lo; pc < hi; pc++) {
            if (blocks.entry[pc]) {
                count++;
            }
        }
        int[] keys = new int[count];
        Label[] targets = new Label[count];
        int i = 0;
        for (int pc = lo; pc < hi; pc++) {
            if (blocks.entry[pc]) {
                keys[i] = pc;
                targets[i++] = labels[pc];
            }
        }
        mv.visitVarInsn(Opcodes.ILOAD, PCV);
        mv.visitLookupSwitchInsn(split ? leave : bail, keys, targets);
    }

    /**
     * At a checkpoint: hands over to the interpreter unless the fuel covers the most instructions
     * any path runs before the next checkpoint ({@link Blocks#reach}), so that the blocks between
     * charge their lengths without a check and the interpreter stops exactly where the budget ends.
     */
    private void checkFuel(int reach, Label stub) {
        mv.visitVarInsn(Opcodes.ILOAD, FUEL);
        pushInt(mv, reach);
        mv.visitJumpInsn(Opcodes.IF_ICMPLT, stub);
    }

    private void bailAt(int pc) {
        pushInt(mv, pc);
        mv.visitVarInsn(Opcodes.ISTORE, PCV);
        mv.visitJumpInsn(Opcodes.GOTO, bail);
    }

    private void writeExits() {
        // bail: e.pc = pcv; e.count = stopAt - fuel; return INTERPRET
        target(bail);
        storePc();
        storeCount();
        setStatus(ExitStatus.INTERPRET);
        mv.visitJumpInsn(Opcodes.GOTO, exit);
        if (split) {
            // leave: the same, for execute to continue in the method holding pcv
            target(leave);
            storePc();
            storeCount();
            setStatus(ExitStatus.JUMP);
            mv.visitJumpInsn(Opcodes.GOTO, exit);
        }

        // exit instruction at pcv: finish in the outermost frame, else return to the caller's frame
        target(exitInsn);
        if (leaf) {
            storeCount();
            load(0);
            mv.visitInsn(Opcodes.LRETURN);
            target(exit);
            spill();
            target(exitNoSpill);
            writeFinishCallback();
            return;
        }
        Label pop = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitFieldInsn(Opcodes.GETFIELD, VmNames.EXECUTION, "depth", "I");
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitFieldInsn(Opcodes.GETFIELD, VmNames.EXECUTION, "baseDepth", "I");
        mv.visitJumpInsn(Opcodes.IF_ICMPNE, pop);
        if (callbackMode) {
            // The callback's function returns: its r0 is the answer. Execution.callFunction puts
            // back the caller's registers, pc and frame next, so only the count is kept.
            storeCount();
            load(0);
            mv.visitInsn(Opcodes.LRETURN);
        } else {
            mv.visitVarInsn(Opcodes.ALOAD, E);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitFieldInsn(Opcodes.PUTFIELD, VmNames.EXECUTION, "finished", "Z");
            storePc();
            storeCount();
            setStatus(ExitStatus.FINISHED);
            // A callback (base depth above 0) returns r0 alone: Execution.callFunction puts back every
            // register of its caller next, so spilling the others would be undone unseen.
            mv.visitVarInsn(Opcodes.ALOAD, E);
            mv.visitFieldInsn(Opcodes.GETFIELD, VmNames.EXECUTION, "baseDepth", "I");
            mv.visitJumpInsn(Opcodes.IFEQ, exit);
            mv.visitVarInsn(Opcodes.ALOAD, REGS);
            mv.visitInsn(Opcodes.ICONST_0);
            load(0);
            mv.visitInsn(Opcodes.LASTORE);
            mv.visitJumpInsn(Opcodes.GOTO, exitNoSpill);
        }
        target(pop);
        spill();
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.EXECUTION, "popFrame", "()I", false);
        mv.visitVarInsn(Opcodes.ISTORE, PCV);
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitFieldInsn(Opcodes.GETFIELD, VmNames.EXECUTION, "program", VmNames.PROGRAM_DESC);
        mv.visitVarInsn(Opcodes.ALOAD, THIS);
        mv.visitFieldInsn(Opcodes.GETFIELD, className, "program", VmNames.PROGRAM_DESC);
        mv.visitJumpInsn(Opcodes.IF_ACMPEQ, reload);
        // the frame belongs to another program (a function that tail-called): let the caller run it
        storePc();
        storeCount();
        setStatus(ExitStatus.REDISPATCH);
        mv.visitJumpInsn(Opcodes.GOTO, exitNoSpill);

        target(exit);
        spill();
        target(exitNoSpill);
        if (callbackMode) {
            writeFinishCallback();
        } else {
            mv.visitVarInsn(Opcodes.ILOAD, STATUS);
            mv.visitInsn(Opcodes.IRETURN);
        }
    }

    /**
     * A callback's method leaving for any reason but its function's exit (a block the budget does
     * not cover, a call into another function, a tail call): the rest of the callback as
     * {@code Execution} runs any callback, from the state spilled to it.
     */
    private void writeFinishCallback() {
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitVarInsn(Opcodes.ILOAD, STATUS);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.EXECUTION, "finishCallback", "(I)J", false);
        mv.visitInsn(Opcodes.LRETURN);
    }

    /** Whether the program has a may_goto, whose per-frame count a callback's entry resets. */
    private boolean hasMayGoto() {
        for (int pc = 0; pc < code.length; pc++) {
            if (starts[pc] && ((int) code[pc] & 0xff) != REFUSED && OPERATIONS[(int) code[pc] & 0xff] == Operation.MAY_GOTO) {
                return true;
            }
        }
        return false;
    }

    /** No {@code callx} in [from, to), and no call of a function that starts inside it. */
    private boolean pushesNoFrameInside(int from, int to) {
        for (int pc = from; pc < to; pc++) {
            int op = (int) code[pc] & 0xff;
            if (!starts[pc] || op == REFUSED) {
                continue;
            }
            Kind k = kind(OPERATIONS[op]);
            int target = pc + 1 + (int) (code[pc] >> 32);
            if (k == Kind.CALLX || k == Kind.CALL_LOCAL && target >= from && target < to) {
                return false;
            }
        }
        return true;
    }

    private void writeFaultHandler() {
        // As the interpreter: the count includes the faulting instruction, then e.vm.memoryTrap(e, pc, "", fault).
        mv.visitVarInsn(Opcodes.ASTORE, FAULT);
        spill();
        mv.visitVarInsn(Opcodes.ALOAD, E);
        pushCount();
        mv.visitVarInsn(Opcodes.ILOAD, AFTER);
        mv.visitInsn(Opcodes.I2L);
        mv.visitInsn(Opcodes.LSUB);
        mv.visitFieldInsn(Opcodes.PUTFIELD, VmNames.EXECUTION, "count", "J");
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitFieldInsn(Opcodes.GETFIELD, VmNames.EXECUTION, "vm", VmNames.VM_DESC);
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitVarInsn(Opcodes.ILOAD, CUR);
        mv.visitLdcInsn("");
        mv.visitVarInsn(Opcodes.ALOAD, FAULT);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.VM, "memoryTrap",
                "(" + VmNames.EXECUTION_DESC + "ILjava/lang/String;" + VmNames.MEMORY_FAULT_DESC + ")" + VmNames.TRAP_DESC, false);
        mv.visitInsn(Opcodes.ATHROW);
    }

    // ---- one instruction ----

    private void instruction(int pc, long x, Operation o) {
        int dst = (int) (x >>> 8) & 0xf;
        int src = (int) (x >>> 12) & 0xf;
        switch (o) {
            // ALU64: plain Java operators where the interpreter uses them, Alu's methods elsewhere
            case ADD64_IMM, SUB64_IMM, MUL64_IMM, OR64_IMM, AND64_IMM, XOR64_IMM -> binary(dst, () -> pushImm(x), longOp(o), false);
            case ADD64_REG, SUB64_REG, MUL64_REG, OR64_REG, AND64_REG, XOR64_REG -> binary(dst, () -> load(src), longOp(o), false);
            case ADD32_IMM, SUB32_IMM, MUL32_IMM, OR32_IMM, AND32_IMM, XOR32_IMM -> binary(dst, () -> pushImm(x), longOp(o), true);
            case ADD32_REG, SUB32_REG, MUL32_REG, OR32_REG, AND32_REG, XOR32_REG -> binary(dst, () -> load(src), longOp(o), true);
            case LSH64_IMM, RSH64_IMM, ARSH64_IMM -> shift(dst, () -> pushInt(mv, (int) (x >> 32)), o);
            case LSH64_REG, RSH64_REG, ARSH64_REG -> shift(dst, () -> {
                load(src);
                mv.visitInsn(Opcodes.L2I);
            }, o);
            case DIV64_IMM, SDIV64_IMM, MOD64_IMM, SMOD64_IMM, DIV32_IMM, SDIV32_IMM, MOD32_IMM, SMOD32_IMM,
                    LSH32_IMM, RSH32_IMM, ARSH32_IMM -> alu(dst, () -> pushImm(x), o);
            case DIV64_REG, SDIV64_REG, MOD64_REG, SMOD64_REG, DIV32_REG, SDIV32_REG, MOD32_REG, SMOD32_REG,
                    LSH32_REG, RSH32_REG, ARSH32_REG -> alu(dst, () -> load(src), o);
            case NEG64 -> unary(dst, () -> mv.visitInsn(Opcodes.LNEG));
            case NEG32 -> unary(dst, () -> {
                mv.visitInsn(Opcodes.LNEG);
                maskU32();
            });
            case MOV64_IMM -> {
                pushImm(x);
                store(dst);
            }
            case MOV32_IMM -> {
                pushLong(x >>> 32);
                store(dst);
            }
            case MOV64_REG -> {
                load(src);
                store(dst);
            }
            case MOV32_REG -> {
                load(src);
                maskU32();
                store(dst);
            }
            case ADDR_SPACE_CAST -> {
                mark(pc);
                mv.visitVarInsn(Opcodes.ALOAD, MEM);
                load(src);
                pushInt(mv, (int) (x >> 32));
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.MEMORY, "addrSpaceCast", "(JI)J", false);
                store(dst);
            }
            case MOVSX64_8, MOVSX64_16, MOVSX64_32, MOVSX32_8, MOVSX32_16 -> {
                load(src);
                mv.visitInsn(Opcodes.L2I);
                if (o == Operation.MOVSX64_8 || o == Operation.MOVSX32_8) {
                    mv.visitInsn(Opcodes.I2B);
                } else if (o != Operation.MOVSX64_32) {
                    mv.visitInsn(Opcodes.I2S);
                }
                mv.visitInsn(Opcodes.I2L);
                if (o == Operation.MOVSX32_8 || o == Operation.MOVSX32_16) {
                    maskU32();
                }
                store(dst);
            }
            case LE16 -> unary(dst, () -> {
                pushLong(0xffffL);
                mv.visitInsn(Opcodes.LAND);
            });
            case LE32 -> unary(dst, this::maskU32);
            case LE64 -> {
                // only truncates on a little-endian VM: a no-op for 64 bits
            }
            case BE16, BSWAP16 -> unary(dst, () -> invokeStatic(VmNames.ALU, "bswap16", "(J)J"));
            case BE32, BSWAP32 -> unary(dst, () -> invokeStatic(VmNames.ALU, "bswap32", "(J)J"));
            case BE64, BSWAP64 -> unary(dst, () -> invokeStatic(VmNames.ALU, "bswap64", "(J)J"));
            case JA, JA32 -> mv.visitJumpInsn(Opcodes.GOTO, jumpTo(pc + 1 + Blocks.target(o, x)));
            case MAY_GOTO -> {
                mv.visitVarInsn(Opcodes.ALOAD, E);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.EXECUTION, "mayGoto", "()Z", false);
                mv.visitJumpInsn(Opcodes.IFNE, jumpTo(pc + 1 + Blocks.target(o, x)));
            }
            case LDDW -> {
                pushLong(constants[pc]);
                store(dst);
            }
            case LDXB, LDXH, LDXW, LDXDW, LDXSB, LDXSH, LDXSW -> loadMemory(pc, x, o, dst, src);
            case STB, STH, STW, STDW -> storeMemory(pc, x, o, dst, () -> pushImm(x));
            case STXB, STXH, STXW, STXDW -> storeMemory(pc, x, o, dst, () -> load(src));
            case CALL_HELPER, CALL_KFUNC, CALLX -> call(pc, x, o == Operation.CALLX);
            case CALL_LOCAL -> callLocal(pc, pc + 1 + (int) (x >> 32));
            case EXIT -> {
                pushInt(mv, pc);
                mv.visitVarInsn(Opcodes.ISTORE, PCV);
                mv.visitJumpInsn(Opcodes.GOTO, exitInsn);
            }
            case LDABSB, LDABSH, LDABSW, LDINDB, LDINDH, LDINDW -> legacyLoad(pc, x);
            default -> {
                if (o.name().startsWith("ATOMIC")) {
                    atomic(pc, x, o, dst, src);
                } else if (kind(o) == Kind.JUMP) {
                    conditionalJump(pc, x, o, dst, src);
                } else {
                    throw new IllegalStateException("no compilation for " + o);
                }
            }
        }
    }

    private static int longOp(Operation o) {
        String name = o.name();
        return switch (name.substring(0, name.length() - "64_IMM".length())) {
            case "ADD" -> Opcodes.LADD;
            case "SUB" -> Opcodes.LSUB;
            case "MUL" -> Opcodes.LMUL;
            case "OR" -> Opcodes.LOR;
            case "AND" -> Opcodes.LAND;
            case "XOR" -> Opcodes.LXOR;
            default -> throw new IllegalStateException("not a plain operator: " + o);
        };
    }

    private void binary(int dst, Runnable operand, int opcode, boolean narrow) {
        load(dst);
        operand.run();
        mv.visitInsn(opcode);
        if (narrow) {
            maskU32();
        }
        store(dst);
    }

    private void shift(int dst, Runnable count, Operation o) {
        load(dst);
        count.run();
        mv.visitInsn(switch (o) {
            case LSH64_IMM, LSH64_REG -> Opcodes.LSHL;
            case RSH64_IMM, RSH64_REG -> Opcodes.LUSHR;
            default -> Opcodes.LSHR;
        });
        store(dst);
    }

    /** dst = Alu.name(dst, operand), the method named after the operation: DIV64_IMM calls div64. */
    private void alu(int dst, Runnable operand, Operation o) {
        load(dst);
        operand.run();
        invokeStatic(VmNames.ALU, semanticName(o), "(JJ)J");
        store(dst);
    }

    private void unary(int dst, Runnable op) {
        load(dst);
        op.run();
        store(dst);
    }

    /** The name of the Alu or Branch method of an operation: its name without the operand suffix, in lower case. */
    static String semanticName(Operation o) {
        String name = o.name();
        return name.substring(0, name.lastIndexOf('_')).toLowerCase(Locale.ROOT);
    }

    /**
     * A conditional jump as JVM comparisons, with the meaning of {@code Branch}'s method of the
     * same name (which the interpreter calls): written out rather than called, because HotSpot
     * stops inlining into a method once it and what it inlined exceed 8,000 bytes of bytecode
     * (DesiredMethodLimit), and past that point each condition of a large program would be a call
     * that spills every live register. Unsigned comparisons add {@code MIN_VALUE} to both sides,
     * as {@code Branch} does; the 32-bit forms compare the low halves as ints.
     */
    private void conditionalJump(int pc, long x, Operation o, int dst, int src) {
        String name = semanticName(o);
        boolean narrow = name.endsWith("32");
        String condition = narrow ? name.substring(0, name.length() - 2) : name;
        boolean unsigned = switch (condition) {
            case "jgt", "jge", "jlt", "jle" -> true;
            default -> false;
        };
        boolean immediate = o.name().endsWith("_IMM");
        Label to = jumpTo(pc + 1 + Blocks.target(o, x));
        if (narrow) {
            load(dst);
            mv.visitInsn(Opcodes.L2I);
            if (unsigned) {
                pushInt(mv, Integer.MIN_VALUE);
                mv.visitInsn(Opcodes.IADD);
            }
            if (immediate) {
                pushInt(mv, (int) (x >> 32) + (unsigned ? Integer.MIN_VALUE : 0));
            } else {
                load(src);
                mv.visitInsn(Opcodes.L2I);
                if (unsigned) {
                    pushInt(mv, Integer.MIN_VALUE);
                    mv.visitInsn(Opcodes.IADD);
                }
            }
            if (condition.equals("jset")) {
                mv.visitInsn(Opcodes.IAND);
                mv.visitJumpInsn(Opcodes.IFNE, to);
            } else {
                mv.visitJumpInsn(intComparison(condition), to);
            }
            return;
        }
        load(dst);
        if (unsigned) {
            pushLong(Long.MIN_VALUE);
            mv.visitInsn(Opcodes.LADD);
        }
        if (immediate) {
            pushLong((x >> 32) + (unsigned ? Long.MIN_VALUE : 0));
        } else {
            load(src);
            if (unsigned) {
                pushLong(Long.MIN_VALUE);
                mv.visitInsn(Opcodes.LADD);
            }
        }
        if (condition.equals("jset")) {
            mv.visitInsn(Opcodes.LAND);
            mv.visitInsn(Opcodes.LCONST_0);
        }
        mv.visitInsn(Opcodes.LCMP);
        mv.visitJumpInsn(longComparison(condition), to);
    }

    /** The {@code if_icmp} opcode that jumps when a condition holds between two ints. */
    private static int intComparison(String condition) {
        return switch (condition) {
            case "jeq" -> Opcodes.IF_ICMPEQ;
            case "jne" -> Opcodes.IF_ICMPNE;
            case "jgt", "jsgt" -> Opcodes.IF_ICMPGT;
            case "jge", "jsge" -> Opcodes.IF_ICMPGE;
            case "jlt", "jslt" -> Opcodes.IF_ICMPLT;
            case "jle", "jsle" -> Opcodes.IF_ICMPLE;
            default -> throw new IllegalStateException("no comparison for " + condition);
        };
    }

    /** The {@code if} opcode that jumps when a condition holds, given {@code lcmp}'s result. */
    private static int longComparison(String condition) {
        return switch (condition) {
            case "jeq" -> Opcodes.IFEQ;
            case "jne", "jset" -> Opcodes.IFNE;
            case "jgt", "jsgt" -> Opcodes.IFGT;
            case "jge", "jsge" -> Opcodes.IFGE;
            case "jlt", "jslt" -> Opcodes.IFLT;
            case "jle", "jsle" -> Opcodes.IFLE;
            default -> throw new IllegalStateException("no comparison for " + condition);
        };
    }

    private void address(int base, long x) {
        load(base);
        pushLong((short) (x >>> 16));
        mv.visitInsn(Opcodes.LADD);
    }

    /** Records the slot of an access that may fault, and how many instructions of its block follow it. */
    private void mark(int pc) {
        pushInt(mv, pc);
        mv.visitVarInsn(Opcodes.ISTORE, CUR);
        pushInt(mv, blocks.after[pc]);
        mv.visitVarInsn(Opcodes.ISTORE, AFTER);
    }

    private void loadMemory(int pc, long x, Operation o, int dst, int src) {
        int size = accessSize(o);
        if (inFrame(src, x, size)) {
            stackLoad(x, size);
        } else {
            mark(pc);
            mv.visitVarInsn(Opcodes.ALOAD, MEM);
            address(src, x);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.MEMORY, "load" + size * 8, "(J)J", false);
        }
        if (o == Operation.LDXSB || o == Operation.LDXSH || o == Operation.LDXSW) {
            mv.visitInsn(Opcodes.L2I);
            if (o == Operation.LDXSB) {
                mv.visitInsn(Opcodes.I2B);
            } else if (o == Operation.LDXSH) {
                mv.visitInsn(Opcodes.I2S);
            }
            mv.visitInsn(Opcodes.I2L);
        }
        store(dst);
    }

    private void storeMemory(int pc, long x, Operation o, int dst, Runnable value) {
        int size = accessSize(o);
        if (inFrame(dst, x, size)) {
            arrayStore(size, () -> pushStackIndex(x), value);
            return;
        }
        mark(pc);
        mv.visitVarInsn(Opcodes.ALOAD, MEM);
        address(dst, x);
        value.run();
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.MEMORY, "store" + size * 8, "(JJ)V", false);
    }

    /**
     * The stack fast path: an access through r10 with a constant offset inside the frame needs no
     * check, because r10 always points at the end of the current frame (the decoder refuses, or
     * traps at, any write to it), a frame is writable memory of {@code STACK_SIZE} bytes that takes
     * no guard, and so the access cannot fault. It becomes a plain access to the frame's bytes
     * ({@link #arrayLoad}). Any other offset takes the checked path, which traps with the
     * interpreter's message. Pushes the value.
     */
    private void stackLoad(long x, int size) {
        arrayLoad(size, () -> pushStackIndex(x));
    }

    /**
     * Pushes the value of {@code size} bytes at an index of a byte array, zero-extended, as
     * {@code Memory}'s loads read it: an array element, or for wider values a call of
     * {@code Memory}'s little-endian view ({@link VmNames#BYTES_LE16} ...), a constant
     * {@code VarHandle} whose access methods are forced inline, so the access stays a single
     * machine load however large the program. {@code arrayAndIndex} pushes the array and the index.
     */
    private void arrayLoad(int size, Runnable arrayAndIndex) {
        if (size == 1) {
            arrayAndIndex.run();
            mv.visitInsn(Opcodes.BALOAD);
            pushInt(mv, 0xff);
            mv.visitInsn(Opcodes.IAND);
            mv.visitInsn(Opcodes.I2L);
            return;
        }
        mv.visitFieldInsn(Opcodes.GETSTATIC, VmNames.MEMORY, view(size), VmNames.VAR_HANDLE_DESC);
        arrayAndIndex.run();
        switch (size) {
            case 2 -> {
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.VAR_HANDLE, "get", "([BI)S", false);
                pushInt(mv, 0xffff);
                mv.visitInsn(Opcodes.IAND);
                mv.visitInsn(Opcodes.I2L);
            }
            case 4 -> {
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.VAR_HANDLE, "get", "([BI)I", false);
                mv.visitInsn(Opcodes.I2L);
                maskU32();
            }
            default -> mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.VAR_HANDLE, "get", "([BI)J", false);
        }
    }

    /** Stores the low {@code size} bytes of the value {@code value} pushes at an index of a byte array (see {@link #arrayLoad}). */
    private void arrayStore(int size, Runnable arrayAndIndex, Runnable value) {
        if (size == 1) {
            arrayAndIndex.run();
            value.run();
            mv.visitInsn(Opcodes.L2I);
            mv.visitInsn(Opcodes.BASTORE);
            return;
        }
        mv.visitFieldInsn(Opcodes.GETSTATIC, VmNames.MEMORY, view(size), VmNames.VAR_HANDLE_DESC);
        arrayAndIndex.run();
        value.run();
        switch (size) {
            case 2 -> {
                mv.visitInsn(Opcodes.L2I);
                mv.visitInsn(Opcodes.I2S);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.VAR_HANDLE, "set", "([BIS)V", false);
            }
            case 4 -> {
                mv.visitInsn(Opcodes.L2I);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.VAR_HANDLE, "set", "([BII)V", false);
            }
            default -> mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.VAR_HANDLE, "set", "([BIJ)V", false);
        }
    }

    /** The name of {@code Memory}'s little-endian view of a byte array as values of {@code size} bytes. */
    private static String view(int size) {
        return switch (size) {
            case 2 -> VmNames.BYTES_LE16;
            case 4 -> VmNames.BYTES_LE32;
            default -> VmNames.BYTES_LE64;
        };
    }

    /** Pushes the frame's bytes and the index an access through r10 at the instruction's offset reaches. */
    private void pushStackIndex(long x) {
        mv.visitVarInsn(Opcodes.ALOAD, STACK);
        pushInt(mv, STACK_SIZE + (short) (x >>> 16));
    }

    private static boolean inFrame(int base, long x, int size) {
        int index = STACK_SIZE + (short) (x >>> 16);
        return base == 10 && index >= 0 && index + size <= STACK_SIZE;
    }

    /** The bytes a plain load or store moves. */
    private static int accessSize(Operation o) {
        return switch (o) {
            case LDXB, LDXSB, STB, STXB -> 1;
            case LDXH, LDXSH, STH, STXH -> 2;
            case LDXW, LDXSW, STW, STXW -> 4;
            default -> 8;
        };
    }

    /** Whether a slot of [lo, hi) takes the stack fast path: else the method never needs the frame's bytes. */
    private boolean usesStackFastPath() {
        for (int pc = lo; pc < hi; pc++) {
            int op = (int) code[pc] & 0xff;
            if (!blocks.starts[pc] || op == REFUSED) {
                continue;
            }
            long x = code[pc];
            Operation o = OPERATIONS[op];
            int base = switch (o) {
                case LDXB, LDXH, LDXW, LDXDW, LDXSB, LDXSH, LDXSW -> (int) (x >>> 12) & 0xf;
                case STB, STH, STW, STDW, STXB, STXH, STXW, STXDW -> (int) (x >>> 8) & 0xf;
                default -> -1;
            };
            if (inFrame(base, x, accessSize(o))) {
                return true;
            }
        }
        return false;
    }

    /** stack = e.frameBytes(): after r10 changed (a call, a return, entering compiled code). */
    private void reloadStack() {
        if (!stackFastPath) {
            return;
        }
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.EXECUTION, "frameBytes", "()[B", false);
        mv.visitVarInsn(Opcodes.ASTORE, STACK);
    }

    private void atomic(int pc, long x, Operation o, int dst, int src) {
        mark(pc);
        String name = o.name();
        boolean wide = name.startsWith("ATOMIC64");
        mv.visitVarInsn(Opcodes.ALOAD, MEM);
        if (name.endsWith("_LOAD_ACQ")) {
            address(src, x);
            pushInt(mv, Integer.parseInt(name.substring(6, name.indexOf('_'))) / 8);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.MEMORY, "loadAcquire", "(JI)J", false);
            store(dst);
            return;
        }
        address(dst, x);
        if (name.endsWith("_STORE_REL")) {
            pushInt(mv, Integer.parseInt(name.substring(6, name.indexOf('_'))) / 8);
            load(src);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.MEMORY, "storeRelease", "(JIJ)V", false);
        } else if (name.endsWith("_CMPXCHG")) {
            load(0);
            load(src);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.MEMORY, wide ? "cmpxchg64" : "cmpxchg32", "(JJJ)J", false);
            store(0);
        } else {
            String op = name.substring(name.indexOf('_') + 1);
            mv.visitFieldInsn(Opcodes.GETSTATIC, VmNames.ATOMIC_OP, op, VmNames.ATOMIC_OP_DESC);
            load(src);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.MEMORY, wide ? "atomic64" : "atomic32",
                    "(J" + VmNames.ATOMIC_OP_DESC + "J)J", false);
            if (op.startsWith("FETCH_") || op.equals("XCHG")) {
                store(src);
            } else {
                mv.visitInsn(Opcodes.POP2);
            }
        }
    }

    /** A helper, kfunc or indirect call, through the VM's own call path, as the interpreter makes it. */
    private void call(int pc, long x, boolean indirect) {
        spill();
        pushPcAndCount(pc + 1);
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitFieldInsn(Opcodes.GETFIELD, VmNames.EXECUTION, "vm", VmNames.VM_DESC);
        mv.visitVarInsn(Opcodes.ALOAD, E);
        pushLong(x);
        pushInt(mv, pc);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.VM, "call", "(" + VmNames.EXECUTION_DESC + "JI)I", false);
        mv.visitVarInsn(Opcodes.ISTORE, TARGET);
        setFuelFromCount(); // callbacks the helper made ran instructions
        reloadRegister(0);
        Label next = jumpTo(pc + 1);
        if (indirect) {
            Label helper = new Label();
            mv.visitVarInsn(Opcodes.ILOAD, TARGET);
            mv.visitJumpInsn(Opcodes.IFLT, helper);
            mv.visitVarInsn(Opcodes.ALOAD, E);
            pushInt(mv, pc + 1);
            mv.visitVarInsn(Opcodes.ILOAD, TARGET);
            pushInt(mv, pc);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.EXECUTION, "pushFrame", "(III)I", false);
            mv.visitVarInsn(Opcodes.ISTORE, PCV);
            mv.visitJumpInsn(Opcodes.GOTO, reload);
            target(helper);
        }
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitFieldInsn(Opcodes.GETFIELD, VmNames.EXECUTION, "pendingTailCall", VmNames.PROGRAM_DESC);
        mv.visitJumpInsn(Opcodes.IFNULL, next);
        setStatus(ExitStatus.TAIL_CALL);
        mv.visitJumpInsn(Opcodes.GOTO, exitNoSpill);
    }

    private void callLocal(int pc, int target) {
        spill();
        mv.visitVarInsn(Opcodes.ALOAD, E);
        pushInt(mv, pc + 1);
        pushInt(mv, target);
        pushInt(mv, pc);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.EXECUTION, "pushFrame", "(III)I", false);
        mv.visitInsn(Opcodes.POP);
        reloadRegister(10); // the callee's frame pointer; r6-r9 carry over
        reloadStack();
        mv.visitJumpInsn(Opcodes.GOTO, jumpTo(target));
    }

    private void legacyLoad(int pc, long x) {
        spill();
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitFieldInsn(Opcodes.GETFIELD, VmNames.EXECUTION, "vm", VmNames.VM_DESC);
        mv.visitVarInsn(Opcodes.ALOAD, E);
        pushLong(x);
        pushInt(mv, pc);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VmNames.VM, "legacyLoad", "(" + VmNames.EXECUTION_DESC + "JI)Z", false);
        Label loaded = new Label();
        mv.visitJumpInsn(Opcodes.IFNE, loaded);
        // outside the packet: the program ends with r0 = 0 (already in e.regs)
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitFieldInsn(Opcodes.PUTFIELD, VmNames.EXECUTION, "finished", "Z");
        pushInt(mv, pc);
        mv.visitVarInsn(Opcodes.ISTORE, PCV);
        storePc();
        storeCount();
        setStatus(ExitStatus.FINISHED);
        mv.visitJumpInsn(Opcodes.GOTO, exitNoSpill);
        target(loaded);
        reloadRegister(0);
    }

    // ---- small pieces ----

    private static int reg(int r) {
        return R0 + 2 * r;
    }

    private void load(int r) {
        mv.visitVarInsn(Opcodes.LLOAD, reg(r));
    }

    private void store(int r) {
        mv.visitVarInsn(Opcodes.LSTORE, reg(r));
    }

    private void reloadRegister(int r) {
        mv.visitVarInsn(Opcodes.ALOAD, REGS);
        pushInt(mv, r);
        mv.visitInsn(Opcodes.LALOAD);
        store(r);
    }

    private void spill() {
        mv.visitVarInsn(Opcodes.ALOAD, REGS);
        for (int r = 0; r <= 10; r++) {
            load(r);
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, className, "spill", spillDesc(), false);
    }

    /**
     * count0 = e.count; fuel = fuel0 = stopAt - count0, at most FUEL_CAP and at least -1 (a count
     * past stopAt, which never reaches compiled code, still fails every check).
     */
    private void setFuelFromCount() {
        mv.visitVarInsn(Opcodes.LLOAD, STOP);
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitFieldInsn(Opcodes.GETFIELD, VmNames.EXECUTION, "count", "J");
        mv.visitInsn(Opcodes.DUP2);
        mv.visitVarInsn(Opcodes.LSTORE, COUNT0);
        mv.visitInsn(Opcodes.LSUB);
        pushLong(FUEL_CAP);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", "min", "(JJ)J", false);
        pushLong(-1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", "max", "(JJ)J", false);
        mv.visitInsn(Opcodes.L2I);
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ISTORE, FUEL);
        mv.visitVarInsn(Opcodes.ISTORE, FUEL0);
    }

    /** Pushes the instruction count: count0 + (fuel0 - fuel). */
    private void pushCount() {
        mv.visitVarInsn(Opcodes.LLOAD, COUNT0);
        mv.visitVarInsn(Opcodes.ILOAD, FUEL0);
        mv.visitVarInsn(Opcodes.ILOAD, FUEL);
        mv.visitInsn(Opcodes.ISUB);
        mv.visitInsn(Opcodes.I2L);
        mv.visitInsn(Opcodes.LADD);
    }

    /** e.pc = pcv */
    private void storePc() {
        mv.visitVarInsn(Opcodes.ALOAD, E);
        mv.visitVarInsn(Opcodes.ILOAD, PCV);
        mv.visitFieldInsn(Opcodes.PUTFIELD, VmNames.EXECUTION, "pc", "I");
    }

    /** e.count = count0 + (fuel0 - fuel) */
    private void storeCount() {
        mv.visitVarInsn(Opcodes.ALOAD, E);
        pushCount();
        mv.visitFieldInsn(Opcodes.PUTFIELD, VmNames.EXECUTION, "count", "J");
    }

    private void pushPcAndCount(int pc) {
        mv.visitVarInsn(Opcodes.ALOAD, E);
        pushInt(mv, pc);
        mv.visitFieldInsn(Opcodes.PUTFIELD, VmNames.EXECUTION, "pc", "I");
        storeCount();
    }

    private void setStatus(int status) {
        pushInt(mv, status);
        mv.visitVarInsn(Opcodes.ISTORE, STATUS);
    }

    private void maskU32() {
        pushLong(U32);
        mv.visitInsn(Opcodes.LAND);
    }

    private void invokeStatic(String owner, String name, String desc) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, desc, false);
    }

    /** The immediate, sign-extended to 64 bits. */
    private void pushImm(long x) {
        pushLong(x >> 32);
    }

    private void pushLong(long v) {
        if (v == 0) {
            mv.visitInsn(Opcodes.LCONST_0);
        } else if (v == 1) {
            mv.visitInsn(Opcodes.LCONST_1);
        } else if (v >= -1 && v <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + (int) v);
            mv.visitInsn(Opcodes.I2L);
        } else {
            mv.visitLdcInsn(v);
        }
    }

    private static void pushInt(MethodVisitor m, int v) {
        if (v >= -1 && v <= 5) {
            m.visitInsn(Opcodes.ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            m.visitIntInsn(Opcodes.BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            m.visitIntInsn(Opcodes.SIPUSH, v);
        } else {
            m.visitLdcInsn(v);
        }
    }

}
