package org.ebpftest.runtime.vm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.SourceLine;

/**
 * A program checked and decoded once, ready to run any number of times on any {@link Vm}: its
 * name, its instructions, the C source line of each slot when known, and the dispatch form the
 * interpreter executes. Immutable and safe to share between threads.
 */
public final class Program {
    private final String name;
    private final List<Instruction> instructions;
    private final Instruction[] bySlot;
    private final SourceLine[] lines;
    final long[] code;
    final long[] constants;
    private final List<String> externNames;
    private final String[] refusals;
    /** Bytes to zero on entering the function at each slot (see {@link FrameUse}). */
    private final int[] frameBytes;
    /** The compiled form, made when a VM first asks for it. */
    final ProgramJit jit = new ProgramJit(this);

    Program(String name, List<Instruction> instructions, Instruction[] bySlot, SourceLine[] lines, long[] code, long[] constants,
            List<String> externNames, String[] refusals) {
        this.name = name;
        this.refusals = refusals;
        this.externNames = externNames;
        this.instructions = instructions;
        this.bySlot = bySlot;
        this.lines = lines;
        this.code = code;
        this.constants = constants;
        this.frameBytes = FrameUse.of(bySlot);
    }

    /** How many bytes below its frame's top the function starting at a slot can reach: what entering it zeroes. */
    int frameBytes(int pc) {
        return pc >= 0 && pc < frameBytes.length ? frameBytes[pc] : Vm.STACK_SIZE;
    }

    /**
     * Checks and decodes a program that uses no pseudo loads other than function addresses.
     *
     * @throws org.ebpftest.runtime.InvalidProgramException naming the pc and instruction at fault
     */
    public static Program of(String name, List<Instruction> instructions) {
        return builder(name, instructions).build();
    }

    /** A builder, for programs with source lines or pseudo loads to resolve. */
    public static Builder builder(String name, List<Instruction> instructions) {
        return new Builder(name, instructions);
    }

    /** The program's name, as error messages show it. */
    public String name() {
        return name;
    }

    /** The instructions, a {@code lddw} counting once. */
    public List<Instruction> instructions() {
        return instructions;
    }

    /** The number of 8-byte slots, a {@code lddw} counting twice; pcs run from 0 to this minus one. */
    public int slotCount() {
        return bySlot.length;
    }

    /** The instruction at a slot, or null for the second slot of a {@code lddw}. */
    public Instruction instructionAt(int pc) {
        return pc >= 0 && pc < bySlot.length ? bySlot[pc] : null;
    }

    /**
     * The C source line of a slot: the last line info record at or before it. Null when the program
     * has no line info there, or when that record has line 0, which the compiler writes for code
     * that belongs to no source line (llvm-objdump prints no line for it either).
     */
    public SourceLine sourceLineAt(int pc) {
        if (lines == null || pc < 0 || pc >= lines.length) {
            return null;
        }
        for (int i = pc; i >= 0; i--) {
            if (lines[i] != null) {
                return lines[i].hasLine() ? lines[i] : null;
            }
        }
        return null;
    }

    /**
     * The name of the extern symbol with an index, as an object's kfunc calls and
     * {@code BPF_PSEUDO_BTF_ID} loads carry it in imm; null when the program was given no names.
     */
    public String externName(int index) {
        return index >= 0 && index < externNames.size() ? externNames.get(index) : null;
    }

    /**
     * Why the verifier would refuse the instruction at a slot if a run reached it, for programs
     * decoded with {@link Builder#deferReachableChecks()}; null when it would not.
     */
    public String refusalAt(int pc) {
        return pc >= 0 && pc < refusals.length ? refusals[pc] : null;
    }

    /**
     * Why this program runs interpreted although a VM asked for it compiled ({@link JitMode}): the
     * compiler refused it, for instance because its JVM method would be too large for HotSpot to
     * compile. Empty when it compiled, or when no VM has asked yet.
     */
    public Optional<String> jitFallbackReason() {
        return Optional.ofNullable(jit.refusal());
    }

    /**
     * True once the program has been compiled to JVM bytecode: before its first run with
     * {@link JitMode#ON}, or with {@link JitMode#AUTO} when it reached its VM's compile threshold,
     * perhaps in the middle of a run. Runs of a compiled program on a VM with {@link JitMode#OFF}
     * are still interpreted.
     */
    public boolean isCompiled() {
        return jit.compiled();
    }

    /**
     * Compiles the program to JVM bytecode now, instead of at its first run on a VM with
     * {@link JitMode#ON}: for a caller that, like the kernel's loader, wants the compiling done
     * before it starts timing runs. Once only; results do not change.
     *
     * @return true when the program is compiled, false when the compiler refused it (see
     *     {@link #jitFallbackReason()}), in which case it runs interpreted
     */
    public boolean compile() {
        return jit.compile() != null;
    }

    @Override
    public String toString() {
        return "Program[" + name + ", " + bySlot.length + " slots]";
    }

    /** Collects what a program needs beyond its instructions. */
    public static final class Builder {
        private final String name;
        private final List<Instruction> instructions;
        private SourceLine[] lines;
        private PseudoResolver resolver;
        private List<String> externs = List.of();
        private boolean deferReachableChecks;

        private Builder(String name, List<Instruction> instructions) {
            this.name = Objects.requireNonNull(name, "name");
            this.instructions = Collections.unmodifiableList(new ArrayList<>(instructions));
        }

        /** The source line of each slot (indexed by pc, entries may be null). */
        public Builder sourceLines(SourceLine[] perSlot) {
            this.lines = perSlot == null ? null : perSlot.clone();
            return this;
        }

        /** What resolves map and variable references in {@code lddw}. */
        public Builder pseudoResolver(PseudoResolver pseudoResolver) {
            this.resolver = pseudoResolver;
            return this;
        }

        /**
         * The names of the object's extern symbols, by the index its kfunc calls carry in imm, so
         * that a call the VM cannot answer traps naming the kfunc.
         */
        public Builder externNames(List<String> names) {
            this.externs = List.copyOf(names);
            return this;
        }

        /**
         * Loads instructions the kernel's verifier refuses only where its walk of the program
         * reaches them (a write to r10, a register that does not exist, a reserved field that is
         * not zero) and traps when a run reaches one, instead of refusing the program: the verifier
         * loads programs whose dead code breaks these rules, and which code is dead is not known
         * here. Unknown opcodes and jumps outside the program are refused either way, as the
         * kernel refuses them everywhere.
         */
        public Builder deferReachableChecks() {
            this.deferReachableChecks = true;
            return this;
        }

        /**
         * Checks and decodes the program.
         *
         * @throws org.ebpftest.runtime.InvalidProgramException naming the pc and instruction at fault
         */
        public Program build() {
            return new ProgramDecoder(name, instructions, lines, resolver, externs, deferReachableChecks).decode();
        }
    }
}
