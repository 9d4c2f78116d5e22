package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;
import static org.ebpftest.runtime.isa.Register.R10;
import static org.ebpftest.runtime.isa.Register.R2;
import static org.ebpftest.runtime.isa.Register.R3;
import static org.ebpftest.runtime.isa.Register.R4;
import static org.ebpftest.runtime.isa.Register.R6;
import static org.ebpftest.runtime.isa.Register.R7;

import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Size;
import org.junit.jupiter.api.Test;

/**
 * {@link Vm#callFunctionLoop}, the loop of {@code bpf_loop}: compiled, it runs as a JVM loop calling
 * the callback's own method (checked here through {@link CompiledCode#loops}), and a run ends as
 * one interpreted throughout: registers, stack and instruction count, with nested loops, with a
 * probe (which interprets), and when the program is compiled in the middle of a loop.
 */
class CallbackLoopTest {
    private static final int LOOP = 181;
    private static final Helper LOOP_HELPER = (vm, r1, r2, r3, r4, r5) -> vm.callFunctionLoop(r2, r1, r3);

    /**
     * main: an outer loop of 30 calls whose callback adds its index to the caller's stack slot
     * r10 - 8 and, at index 4, runs an inner loop of 6 calls adding 100 each; answers the calls
     * made, with r6 and r7 kept across the call.
     */
    private static Program nested() {
        return Program.of("nested_loops", new Assembler()
                .mov64(R6, 11).mov64(R7, 22)
                .store(Size.DW, R10, -8, 0)
                .mov64(R1, 30).functionAddress(R2, "outer").mov64(R3, R10).add64(R3, -8).mov64(R4, 0)
                .call(LOOP)
                .load(Size.DW, R3, R10, -8)
                .exit()
                .label("outer")
                .load(Size.DW, R4, R2, 0)
                .add64(R4, R1)
                .store(Size.DW, R2, 0, R4)
                .mov64(R0, 0)
                .jump(JumpOp.JNE, R1, 4, "done")
                .mov64(R1, 6).functionAddress(R2, "inner").call(LOOP)
                .mov64(R0, 0)
                .label("done")
                .exit()
                .label("inner")
                .load(Size.DW, R4, R2, 0)
                .add64(R4, 100)
                .store(Size.DW, R2, 0, R4)
                .alu64(AluOp.MUL, R1, 0)
                .mov64(R0, 0)
                .exit()
                .build());
    }

    private static Vm vm(JitMode mode) {
        return Vm.builder().jit(mode).helper(LOOP, LOOP_HELPER).build();
    }

    private static void assertSameEnd(Vm actual, Vm expected) {
        for (int r = 0; r <= 10; r++) {
            assertThat(actual.execution().register(r)).as("r" + r).isEqualTo(expected.execution().register(r));
        }
        assertThat(actual.execution().instructionCount()).isEqualTo(expected.execution().instructionCount());
        assertThat(actual.frame(0).bytes()).isEqualTo(expected.frame(0).bytes());
    }

    @Test
    void compiledLoopCallsTheCallbacksMethodAndEndsAsInterpreted() {
        // given the program interpreted and compiled
        Vm interpreted = vm(JitMode.OFF);
        Vm compiled = vm(JitMode.ON);
        Program p = nested();

        // when each runs it
        long expected = interpreted.run(nested());
        long actual = compiled.run(p);

        // then the compiled program has a method for each callback, which its loop calls
        CompiledCode code = p.jit.codeFor(compiled);
        assertThat(code).isNotNull();
        int outer = 12;
        assertThat(p.instructionAt(outer)).isNotNull();
        assertThat(code.loops(outer)).isTrue();
        assertThat(code.loops(0)).as("main is no callback").isFalse();
        // and the run ends as interpreted: 30 calls, the sum of 0..29 plus 6 * 100 on the stack
        assertThat(actual).isEqualTo(expected).isEqualTo(30);
        assertThat(compiled.execution().register(3)).isEqualTo(435 + 600);
        assertThat(compiled.execution().register(6)).isEqualTo(11);
        assertSameEnd(compiled, interpreted);
    }

    @Test
    void probedRunInterpretsTheLoopWithTheSameEnd() {
        // given a compiled program and a probe counting instructions
        Vm interpreted = vm(JitMode.OFF);
        Vm probed = vm(JitMode.ON);
        long[] seen = new long[1];
        probed.setProbe(e -> seen[0]++);

        // when it runs
        interpreted.run(nested());
        probed.run(nested());

        // then the probe saw every instruction, callbacks included, and the run ends as interpreted
        assertThat(seen[0]).isEqualTo(interpreted.execution().instructionCount());
        assertSameEnd(probed, interpreted);
    }

    @Test
    void programCompiledInTheMiddleOfALoopFinishesItCompiledAsInterpreted() {
        // given a threshold reached during the outer loop's calls
        Vm interpreted = vm(JitMode.OFF);
        Vm tiered = Vm.builder().jit(JitMode.AUTO).jitThreshold(60).helper(LOOP, LOOP_HELPER).build();
        Program p = nested();

        // when it runs once
        interpreted.run(nested());
        tiered.run(p);

        // then it was compiled on the way and ends as the interpreted run
        assertThat(p.isCompiled()).isTrue();
        assertSameEnd(tiered, interpreted);
    }

    @Test
    void helperCallingTheCallbackItselfReachesItsCompiledMethodWithTheInterpretersEnd() {
        // given a helper that calls the callback twice, as bpf_for_each_map_elem calls its callback per element
        Helper twice = (vm, r1, r2, r3, r4, r5) -> vm.callFunction(r2, r1, r3) + vm.callFunction(r2, r1 + 1, r3);
        Vm interpreted = Vm.builder().jit(JitMode.OFF).helper(LOOP, twice).build();
        Vm compiled = Vm.builder().jit(JitMode.ON).helper(LOOP, twice).build();
        Program p = nested();

        // when the program runs (the outer callback at index 4 calls the inner one twice too)
        long expected = interpreted.run(nested());
        long actual = compiled.run(p);

        // then the compiled run ends as the interpreted one
        assertThat(p.jit.codeFor(compiled).loops(12)).isTrue();
        assertThat(actual).isEqualTo(expected);
        assertSameEnd(compiled, interpreted);
    }

    @Test
    void loopOfNoCallsChecksNoAddress() {
        // given a loop of 0 calls with an address that is no function
        Vm compiled = vm(JitMode.ON);
        Program p = Program.of("no_calls", new Assembler().mov64(R1, 0).mov64(R2, 12345).call(LOOP).exit().build());

        // when it runs, then it answers 0 without trapping
        assertThat(compiled.run(p)).isZero();
    }
}
