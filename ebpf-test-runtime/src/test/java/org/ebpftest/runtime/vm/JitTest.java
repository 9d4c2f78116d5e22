package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;
import static org.ebpftest.runtime.isa.Register.R2;

import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Size;
import org.junit.jupiter.api.Test;

/** Programs compiled to JVM bytecode behave as interpreted ones, and the VM says when it cannot compile one. */
class JitTest {

    /** r0 = sum of i >> 3 ... over 1000 iterations: a loop with a back-edge, as the benchmark's. */
    private static Program countedLoop() {
        return Program.of("counted_loop", new Assembler()
                .mov64(R0, 0).mov64(R1, 0)
                .label("loop")
                .add64(R0, R1).mov64(R2, R0).alu64(AluOp.RSH, R2, 3).add64(R1, 1)
                .jump(JumpOp.JLT, R1, 1000, "loop")
                .exit()
                .build());
    }

    private static Vm vm(JitMode mode) {
        return Vm.builder().jit(mode).build();
    }

    /** Values at the edges of every comparison: zero, ±1, and both sides of the 32- and 64-bit sign bits. */
    private static final long[] EDGES = {0, 1, -1, 2, 0x7fffffffL, 0x80000000L, 0xffffffffL, 0x100000000L, 0x1_7fffffffL,
        Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 0xffffffff_80000000L};

    @Test
    void compiledConditionalJumpsAgreeWithTheInterpreterOnEdgeValues() {
        // given every conditional jump, 64- and 32-bit, with a register and with each edge as an immediate
        List<String> differences = new ArrayList<>();
        for (JumpOp op : JumpOp.values()) {
            if (op == JumpOp.JA || op == JumpOp.CALL || op == JumpOp.EXIT || op == JumpOp.JCOND) {
                continue;
            }
            for (boolean narrow : new boolean[] {false, true}) {
                List<Program> programs = new ArrayList<>();
                programs.add(conditional(op, narrow, null));
                for (long imm : EDGES) {
                    programs.add(conditional(op, narrow, (int) imm));
                }
                for (Program p : programs) {
                    for (long a : EDGES) {
                        for (long b : EDGES) {
                            // when it compares a with b (or the immediate) interpreted and compiled
                            long interpreted = vm(JitMode.OFF).run(p, a, b);
                            long compiled = vm(JitMode.ON).run(p, a, b);
                            // then both take the jump or neither does
                            if (interpreted != compiled) {
                                differences.add(p.name() + " " + a + ", " + b + ": interpreted " + interpreted + ", compiled " + compiled);
                            }
                        }
                    }
                }
            }
        }
        assertThat(differences).isEmpty();
    }

    /** r0 = 1 when {@code r1 op r2} (or {@code r1 op imm}) jumps, else 0. */
    private static Program conditional(JumpOp op, boolean narrow, Integer imm) {
        Assembler a = new Assembler().mov64(R0, 0);
        if (imm == null) {
            a = narrow ? a.jump32(op, R1, R2, "yes") : a.jump(op, R1, R2, "yes");
        } else {
            a = narrow ? a.jump32(op, R1, imm, "yes") : a.jump(op, R1, imm, "yes");
        }
        String name = op + (narrow ? "32" : "") + (imm == null ? "_reg" : "_imm" + imm);
        return Program.of(name, a.exit().label("yes").mov64(R0, 1).exit().build());
    }

    @Test
    void compiledLoopReturnsWhatTheInterpreterReturnsAndCountsTheSameInstructions() {
        Program p = countedLoop();
        Vm interpreted = vm(JitMode.OFF);
        Vm compiled = vm(JitMode.ON);

        long expected = interpreted.run(p);
        long actual = compiled.run(p);

        assertThat(actual).isEqualTo(expected).isEqualTo(499_500);
        assertThat(compiled.execution().instructionCount()).isEqualTo(interpreted.execution().instructionCount()).isEqualTo(5003);
        assertThat(p.jit.codeFor(compiled)).as("compiled code").isNotNull();
        assertThat(p.jitFallbackReason()).isEmpty();
    }

    @Test
    void endlessLoopStopsAtTheSameInstructionWithTheSameMessageWhenCompiled() {
        Program spin = Program.of("spin", new Assembler().mov64(R0, 0).label("top").add64(R0, 1).add64(R0, 2).jump("top").exit().build());
        Vm interpreted = Vm.builder().jit(JitMode.OFF).instructionLimit(1_000).build();
        Vm compiled = Vm.builder().jit(JitMode.ON).instructionLimit(1_000).build();
        TrapException expected = catchTrap(interpreted, spin);

        TrapException actual = catchTrap(compiled, spin);

        assertThat(actual).hasMessage(expected.getMessage()).hasMessageStartingWith("instruction limit of 1000 reached (endless loop?) at pc");
        assertThat(actual.pc()).isEqualTo(expected.pc());
        assertThat(compiled.execution().instructionCount()).isEqualTo(1_000);
        assertThat(compiled.execution().register(0)).isEqualTo(interpreted.execution().register(0));
    }

    @Test
    void budgetEndingAnywhereBetweenTwoCheckpointsStopsAtTheInterpretersInstruction() {
        // given a loop whose body branches into paths of different lengths: compiled code checks
        // the budget only at the loop's head, against the body's longest path
        Program branchy = Program.of("branchy", new Assembler()
                .mov64(R0, 0).mov64(R1, 0)
                .label("head")
                .add64(R1, 1)
                .jump(JumpOp.JSET, R1, 1, "odd")
                .add64(R0, 2).add64(R0, 3).add64(R0, 4).add64(R0, 5).jump("join")
                .label("odd")
                .add64(R0, 7)
                .label("join")
                .jump(JumpOp.JLT, R1, 6, "head")
                .exit()
                .build());
        Vm whole = vm(JitMode.OFF);
        whole.run(branchy);
        long total = whole.execution().instructionCount();
        for (long limit = 1; limit <= total + 1; limit++) {
            // when the budget ends at each instruction in turn
            Vm interpreted = Vm.builder().jit(JitMode.OFF).instructionLimit(limit).build();
            Vm compiled = Vm.builder().jit(JitMode.ON).instructionLimit(limit).build();
            String expected = outcome(interpreted, branchy);
            String actual = outcome(compiled, branchy);
            // then compiled code stops where the interpreter stops, with the same count and registers
            assertThat(actual).as("limit %d", limit).isEqualTo(expected);
            assertThat(compiled.execution().instructionCount()).as("limit %d", limit).isEqualTo(interpreted.execution().instructionCount());
            assertThat(compiled.execution().register(0)).as("limit %d", limit).isEqualTo(interpreted.execution().register(0));
            assertThat(compiled.execution().register(1)).as("limit %d", limit).isEqualTo(interpreted.execution().register(1));
        }
    }

    private static String outcome(Vm vm, Program p) {
        try {
            return "r0 = " + vm.run(p);
        } catch (TrapException t) {
            return t.getMessage();
        }
    }

    @Test
    void outOfBoundsLoadInCompiledCodeTrapsWithTheInterpretersMessageAndCount() {
        // r2 = 7; r1 = *(u32 *)(r10 + 8): above the stack frame, in the middle of a block
        Program p = Program.of("oob", new Assembler().mov64(R2, 7).load(Size.W, R1, org.ebpftest.runtime.isa.Register.R10, 8)
                .mov64(R0, 0).exit().build());
        Vm interpreted = vm(JitMode.OFF);
        Vm compiled = vm(JitMode.ON);
        TrapException expected = catchTrap(interpreted, p);

        TrapException actual = catchTrap(compiled, p);

        assertThat(actual).hasMessage(expected.getMessage()).hasMessageContaining("at pc 1 (r1 = *(u32 *)(r10 + 0x8)) in oob");
        assertThat(actual.kind()).isEqualTo(TrapException.Kind.MEMORY);
        assertThat(compiled.execution().instructionCount()).isEqualTo(interpreted.execution().instructionCount()).isEqualTo(2);
        assertThat(compiled.execution().register(2)).isEqualTo(7);
    }

    @Test
    void steppingACompiledProgramStillExecutesOneInstructionAtATime() {
        Execution e = vm(JitMode.ON).start(countedLoop());

        e.step();
        e.step();
        e.step();

        assertThat(e.pc()).isEqualTo(3);
        assertThat(e.instructionCount()).isEqualTo(3);
        assertThat(e.run()).isEqualTo(499_500);
    }

    @Test
    void autoInterpretsFirstAndCompilesOnceTheProgramHasRunEnoughInstructions() {
        Program p = countedLoop();
        Vm vm = Vm.builder().jit(JitMode.AUTO).jitThreshold(12_000).build();

        long first = vm.run(p);
        boolean compiledAfterOneRun = p.jit.codeFor(vm) != null;
        vm.run(p);
        vm.run(p);
        long fourth = vm.run(p);

        assertThat(compiledAfterOneRun).as("compiled after 5003 instructions").isFalse();
        assertThat(p.jit.codeFor(vm)).as("compiled after 15009 instructions").isNotNull();
        assertThat(fourth).isEqualTo(first);
        assertThat(vm.execution().instructionCount()).isEqualTo(5003);
    }

    @Test
    void offNeverCompiles() {
        Program p = countedLoop();
        Vm vm = Vm.builder().jit(JitMode.OFF).jitThreshold(0).build();

        vm.run(p);

        assertThat(p.jit.codeFor(vm)).isNull();
    }

    @Test
    void programTooLargeForOneJvmMethodIsCompiledIntoSeveralWithTheInterpretersResultAndCount() {
        // given 3,000 instructions in one block: far over what HotSpot compiles as one method
        Assembler a = new Assembler().mov64(R0, 0);
        for (int i = 0; i < 3000; i++) {
            a.add64(R0, i);
        }
        Program p = Program.of("huge", a.exit().build());
        Vm interpreted = vm(JitMode.OFF);
        Vm compiled = vm(JitMode.ON);

        // when it runs compiled
        long r0 = compiled.run(p);

        // then it ran in several methods, each small enough to compile, with the same outcome
        assertThat(r0).isEqualTo(2999L * 3000 / 2).isEqualTo(interpreted.run(p));
        assertThat(compiled.execution().instructionCount()).isEqualTo(interpreted.execution().instructionCount()).isEqualTo(3002);
        assertThat(p.jitFallbackReason()).isEmpty();
        assertThat(p.jit.methods()).isGreaterThan(2);
    }

    @Test
    void loopAcrossTheMethodsOfASplitProgramStopsAtTheInstructionLimitWithTheInterpretersMessage() {
        // given an endless loop whose body is compiled into one method per instruction
        Program p = Program.of("spin", new Assembler().mov64(R0, 0).label("top").add64(R0, 1).add64(R0, 2).jump("top").exit().build());
        p.jit.compile(1);

        // when it runs compiled and interpreted with a small budget
        TrapException compiled = catchTrap(Vm.builder().jit(JitMode.ON).instructionLimit(1001).build(), p);
        TrapException interpreted = catchTrap(Vm.builder().jit(JitMode.OFF).instructionLimit(1001).build(), p);

        // then both stop at the same instruction with the same message
        assertThat(p.jit.methods()).isEqualTo(5);
        assertThat(compiled.getMessage()).isEqualTo(interpreted.getMessage()).contains("instruction limit of 1001 reached");
        assertThat(compiled.pc()).isEqualTo(interpreted.pc());
    }

    @Test
    void systemPropertyValuesAreOffOnAndAuto() {
        assertThat(JitMode.parse("off")).isEqualTo(JitMode.OFF);
        assertThat(JitMode.parse(" ON ")).isEqualTo(JitMode.ON);
        assertThat(JitMode.parse(null)).isEqualTo(JitMode.AUTO);
        assertThatThrownBy(() -> JitMode.parse("fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ebpftest.jit must be off, on or auto, was [fast]");
    }

    private static TrapException catchTrap(Vm vm, Program p) {
        try {
            vm.run(p);
        } catch (TrapException t) {
            return t;
        }
        throw new AssertionError("expected a trap from " + p.name());
    }
}
