package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.isa.Disassembler;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.Opcode;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.vm.JitMode;
import org.junit.jupiter.api.Test;

/**
 * may_goto.c: loops bounded by may_goto, with a budget of BPF_MAX_LOOPS per frame entry, the same
 * interpreted and compiled (MayGotoKernelTest compares the answers with the kernel's).
 */
class MayGotoTest {
    private static final Path OBJECT = Path.of("src/test/resources/elf/may_goto.o");

    private static RunResult run(JitMode jit, String program) {
        LoadedObject object = LoadedObject.loader(ObjectSpec.load(OBJECT)).jit(jit).load();
        return object.run(program, XdpInput.of(new byte[64]));
    }

    @Test
    void decodesAndDisassemblesMayGoto() {
        Instruction insn = ObjectSpec.load(OBJECT).program("runs_until_budget_spent").instructions().stream()
                .filter(i -> i.op() == Opcode.MAY_GOTO).findFirst().orElseThrow();

        assertThat(Disassembler.format(insn)).startsWith("may_goto +");
    }

    @Test
    void aLoopEndingOnItsOwnBoundRunsToIt() {
        long sum = 0;
        for (long i = 0; i < 100_000; i++) {
            sum += 3 * i;
        }

        assertThat((long) run(JitMode.OFF, "sum_within_budget").retval()).isEqualTo(sum % 1_000_003);
    }

    @Test
    void aLoopWithoutBoundEndsWhenTheBudgetIsSpent() {
        assertThat(run(JitMode.OFF, "runs_until_budget_spent").retval()).isEqualTo(7);
    }

    @Test
    void theLoopsOfOneFrameShareItsBudget() {
        assertThat(run(JitMode.OFF, "second_loop_finds_budget_spent").retval()).as("first loop escaped, second never ran").isEqualTo(100);
    }

    @Test
    void eachCallStartsWithABudgetOfItsOwn() {
        assertThat(run(JitMode.OFF, "each_call_has_its_own_budget").retval()).isEqualTo(1 + 2 + 3);
    }

    @Test
    void eachCallbackCallStartsWithABudgetOfItsOwn() {
        // three bpf_loop callbacks each spin until their budget is spent: each finds a full budget
        assertThat(run(JitMode.OFF, "each_callback_has_its_own_budget").retval()).isEqualTo(1 + 2 + 3);
    }

    @Test
    void compiledRunsGiveTheInterpretersAnswersAndCounts() {
        for (String program : new String[] {"sum_within_budget", "runs_until_budget_spent", "second_loop_finds_budget_spent",
                "each_call_has_its_own_budget", "each_callback_has_its_own_budget"}) {
            RunResult interpreted = run(JitMode.OFF, program);
            RunResult compiled = run(JitMode.ON, program);

            assertThat(compiled.retval()).as(program).isEqualTo(interpreted.retval());
            assertThat(compiled.instructions()).as(program).isEqualTo(interpreted.instructions());
        }
    }
}
