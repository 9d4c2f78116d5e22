package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;
import static org.ebpftest.runtime.isa.Register.R10;
import static org.ebpftest.runtime.isa.Register.R2;
import static org.ebpftest.runtime.isa.Register.R3;
import static org.ebpftest.runtime.isa.Register.R6;

import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Size;
import org.junit.jupiter.api.Test;

/**
 * {@link JitMode#AUTO} switching a single long run from the interpreter to compiled code where the
 * program reaches its compile threshold: the run ends exactly as one interpreted throughout.
 */
class TierUpTest {
    private static final int THRESHOLD = 1_000;

    /**
     * 1,000 iterations of a loop that keeps a running value on the stack: r0 mixes, r3 is read
     * back from the stack after the loop. The loop is rotated (entered by a forward jump into its
     * middle, as clang writes loops), so its head is not the target of the backward jump.
     */
    private static Program stackLoop() {
        return Program.of("stack_loop", new Assembler()
                .mov64(R0, 7).mov64(R1, 0)
                .store(Size.DW, R10, -8, 0)
                .jump("body")
                .label("latch")
                .add64(R1, 1)
                .jump(JumpOp.JGE, R1, 1000, "out")
                .label("body")
                .load(Size.DW, R2, R10, -8)
                .alu64(AluOp.MUL, R0, 31)
                .alu64(AluOp.XOR, R0, R1)
                .add64(R2, R0)
                .store(Size.DW, R10, -8, R2)
                .alu64(AluOp.RSH, R2, 5)
                .jump("latch")
                .label("out")
                .load(Size.DW, R3, R10, -8)
                .mov64(R6, R2)
                .exit()
                .build());
    }

    @Test
    void runThatReachesTheThresholdMidLoopEndsCompiledWithTheInterpretersRegistersStackAndCount() {
        // given a program not compiled yet, and a threshold an eighth of the way into its one run
        Program p = stackLoop();
        Vm interpreted = Vm.builder().jit(JitMode.OFF).build();
        Vm tiered = Vm.builder().jit(JitMode.AUTO).jitThreshold(THRESHOLD).build();
        long expected = interpreted.run(stackLoop());

        // when it runs once
        long actual = tiered.run(p);

        // then it was compiled during the run and the rest of the run was not interpreted
        assertThat(p.isCompiled()).isTrue();
        long total = interpreted.execution().instructionCount();
        assertThat(total).isEqualTo(4 + 1000 * 9 + 3);
        assertThat(p.jit.interpretedInstructions()).as("interpreted: the threshold, then steps to the loop's head")
                .isBetween((long) THRESHOLD, THRESHOLD + 9L);
        // and registers, stack (read back into r3) and the count are the interpreter's
        assertThat(actual).isEqualTo(expected);
        for (int r = 0; r <= 10; r++) {
            assertThat(tiered.execution().register(r)).as("r" + r).isEqualTo(interpreted.execution().register(r));
        }
        assertThat(tiered.execution().instructionCount()).isEqualTo(total);
    }

    @Test
    void instructionLimitAfterAMidRunSwitchTrapsWithTheInterpretersMessageCountAndRegisters() {
        // given an endless loop, a budget of 5,000 instructions and a threshold at 1,000
        Program spin = spin();
        Vm interpreted = Vm.builder().jit(JitMode.OFF).instructionLimit(5_000).build();
        Vm tiered = Vm.builder().jit(JitMode.AUTO).jitThreshold(THRESHOLD).instructionLimit(5_000).build();
        TrapException expected = catchTrap(interpreted, spin());

        // when it runs, switching to compiled code at the loop's head
        TrapException actual = catchTrap(tiered, spin);

        // then the budget stops it at the same instruction with the same message
        assertThat(spin.isCompiled()).isTrue();
        assertThat(actual).hasMessage(expected.getMessage()).hasMessageStartingWith("instruction limit of 5000 reached (endless loop?) at pc");
        assertThat(actual.pc()).isEqualTo(expected.pc());
        assertThat(tiered.execution().instructionCount()).isEqualTo(5_000);
        assertThat(tiered.execution().register(0)).isEqualTo(interpreted.execution().register(0));
    }

    @Test
    void loopInACalledFunctionSwitchesMidRunAndReturnsToItsCallerAsInterpreted() {
        // given main calling a function that loops 2,000 times, then using r6 it kept across the call
        Program p = nested();
        Vm interpreted = Vm.builder().jit(JitMode.OFF).build();
        Vm tiered = Vm.builder().jit(JitMode.AUTO).jitThreshold(THRESHOLD).build();
        long expected = interpreted.run(nested());

        // when it reaches the threshold inside the function, one frame deep
        long actual = tiered.run(p);

        // then it finishes compiled with the interpreter's result and count
        assertThat(p.isCompiled()).isTrue();
        assertThat(p.jit.interpretedInstructions()).isLessThan(THRESHOLD + 5L);
        assertThat(actual).isEqualTo(expected);
        assertThat(tiered.execution().instructionCount()).isEqualTo(interpreted.execution().instructionCount()).isEqualTo(8007);
        assertThat(tiered.execution().frameDepth()).isZero();
    }

    private static Program nested() {
        return Program.of("nested", new Assembler()
                .mov64(R6, 5)
                .callLocal("sum")
                .add64(R0, R6)
                .exit()
                .label("sum")
                .mov64(R0, 0).mov64(R1, 0)
                .label("loop")
                .add64(R0, R1).alu64(AluOp.XOR, R0, 3).add64(R1, 1)
                .jump(JumpOp.JLT, R1, 2000, "loop")
                .exit()
                .build());
    }

    @Test
    void steppedRunResumedFromTheMiddleOfALoopContinuesCompiled() {
        // given a compiled program stepped into the middle of its loop's body
        Program p = stackLoop();
        Vm vm = Vm.builder().jit(JitMode.ON).build();
        Execution e = vm.start(p);
        for (int i = 0; i < 7; i++) {
            e.step();
        }
        long before = p.jit.interpretedInstructions();

        // when the run goes on to the end
        long r0 = e.run();

        // then only the steps to the loop's head were interpreted, and the result is the interpreter's
        assertThat(p.jit.interpretedInstructions() - before).isLessThan(9);
        assertThat(r0).isEqualTo(Vm.builder().jit(JitMode.OFF).build().run(stackLoop()));
    }

    private static Program spin() {
        return Program.of("spin", new Assembler().mov64(R0, 0).label("top").add64(R0, 1).add64(R0, 2).jump("top").exit().build());
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
