package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;

import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.JumpOp;
import org.junit.jupiter.api.Test;

/** Stepping, the instruction budget and the legacy packet loads. */
class ExecutionTest {

    private final Program twoPlusThree = Program.of("sum", new Assembler().mov64(R0, 2).add64(R0, 3).exit().build());

    @Test
    void stepExecutesOneInstructionAtATime() {
        Execution e = Vm.builder().build().start(twoPlusThree);

        assertThat(e.pc()).isZero();
        assertThat(e.nextInstruction()).hasToString("r0 = 0x2");
        assertThat(e.step()).isTrue();
        assertThat(e.register(0)).isEqualTo(2);
        assertThat(e.pc()).isEqualTo(1);
        e.step();
        assertThat(e.register(0)).isEqualTo(5);
        assertThat(e.isFinished()).isFalse();
        e.step();
        assertThat(e.isFinished()).isTrue();
        assertThat(e.result()).isEqualTo(5);
        assertThat(e.instructionCount()).isEqualTo(3);
        assertThat(e.step()).isFalse();
    }

    @Test
    void debuggerCanChangeARegisterBetweenSteps() {
        Execution e = Vm.builder().build().start(twoPlusThree);
        e.step();

        e.setRegister(0, 40);

        assertThat(e.run()).isEqualTo(43);
    }

    @Test
    void resultBeforeTheEndIsAnError() {
        Execution e = Vm.builder().build().start(twoPlusThree);

        assertThatThrownBy(e::result).isInstanceOf(IllegalStateException.class).hasMessageContaining("has not finished (pc 0)");
    }

    @Test
    void endlessLoopStopsAtTheInstructionLimit() {
        Program spin = Program.of("spin", new Assembler().mov64(R0, 0).label("top").add64(R0, 1).jump("top").exit().build());
        Vm vm = Vm.builder().instructionLimit(1_000).build();

        assertThatThrownBy(() -> vm.run(spin))
                .isInstanceOf(TrapException.class)
                .hasMessageStartingWith("instruction limit of 1000 reached (endless loop?) at pc")
                .satisfies(t -> assertThat(((TrapException) t).kind()).isEqualTo(TrapException.Kind.INSTRUCTION_LIMIT));
        assertThat(vm.execution().instructionCount()).isEqualTo(1_000);
    }

    @Test
    void programOfExactlyTheLimitRunsToTheEnd() {
        Vm vm = Vm.builder().instructionLimit(3).build();

        assertThat(vm.run(twoPlusThree)).isEqualTo(5);
    }

    @Test
    void defaultLimitIsGenerousButFinite() {
        assertThat(Vm.builder().build().instructionLimit()).isEqualTo(100_000_000L);
    }

    @Test
    void argumentsArriveInR1ToR5() {
        Program p = Program.of("args", new Assembler().mov64(R0, R1).exit().build());

        assertThat(Vm.builder().build().run(p, 77, 1, 2, 3, 4)).isEqualTo(77);
        assertThatThrownBy(() -> Vm.builder().build().run(p, 1, 2, 3, 4, 5, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void legacyPacketLoadsReadNetworkOrderAndExitWithZeroOutsideThePacket() {
        byte[] packet = {0x45, 0x00, 0x12, 0x34, 0x56, 0x78};
        LegacyPacketLoader loader = (vm, ctx, offset, size) -> {
            if (offset < 0 || offset + size > packet.length) {
                return -1;
            }
            long v = 0;
            for (int i = 0; i < size; i++) {
                v = v << 8 | (packet[(int) offset + i] & 0xff);
            }
            return v;
        };
        Vm vm = Vm.builder().legacyPacketLoader(loader).build();
        Program abs = Program.of("abs", java.util.List.of(
                org.ebpftest.runtime.isa.Instruction.of(org.ebpftest.runtime.isa.Opcode.LDABSW, 0, 0, 0, 2),
                org.ebpftest.runtime.isa.Instruction.of(org.ebpftest.runtime.isa.Opcode.EXIT, 0, 0, 0, 0)));
        Program ind = Program.of("ind", new Assembler()
                .mov64(R1, 3)
                .raw(org.ebpftest.runtime.isa.Instruction.of(org.ebpftest.runtime.isa.Opcode.LDINDH, 0, 1, 0, 1))
                .mov64(R1, 100)
                .raw(org.ebpftest.runtime.isa.Instruction.of(org.ebpftest.runtime.isa.Opcode.LDINDB, 0, 1, 0, 0))
                .mov64(R0, 7)
                .exit().build());

        assertThat(vm.run(abs)).isEqualTo(0x12345678L);
        assertThat(vm.run(ind)).as("out-of-packet load ends the run with r0 = 0").isZero();
    }

    @Test
    void legacyPacketLoadWithoutAPacketContextTraps() {
        Program abs = Program.of("abs", java.util.List.of(
                org.ebpftest.runtime.isa.Instruction.of(org.ebpftest.runtime.isa.Opcode.LDABSB, 0, 0, 0, 0),
                org.ebpftest.runtime.isa.Instruction.of(org.ebpftest.runtime.isa.Opcode.EXIT, 0, 0, 0, 0)));

        assertThatThrownBy(() -> Vm.builder().build().run(abs)).hasMessageStartingWith("legacy packet load needs a socket filter or TC context at pc 0");
    }

    @Test
    void aVmRunsProgramsOneAfterAnother() {
        Vm vm = Vm.builder().build();
        Program loop = Program.of("loop", new Assembler().mov64(R0, 0).mov64(R1, 0)
                .label("l").add64(R0, R1).add64(R1, 1).jump(JumpOp.JLT, R1, 100, "l").exit().build());

        for (int i = 0; i < 3; i++) {
            assertThat(vm.run(loop)).isEqualTo(4950);
            assertThat(vm.run(twoPlusThree)).isEqualTo(5);
        }
    }

    @Test
    void aProbeSeesEveryInstructionInOrderWithTheSameResultEvenWithTheJitForcedOn() {
        Program loop = Program.of("loop", new Assembler().mov64(R0, 0).mov64(R1, 0)
                .label("l").add64(R0, R1).add64(R1, 1).jump(JumpOp.JLT, R1, 3, "l").exit().build());
        Vm vm = Vm.builder().jit(JitMode.ON).build();
        java.util.List<Integer> pcs = new java.util.ArrayList<>();
        vm.setProbe(e -> pcs.add(e.pc()));

        long result = vm.run(loop);

        assertThat(result).isEqualTo(3);
        assertThat(pcs).containsExactly(0, 1, 2, 3, 4, 2, 3, 4, 2, 3, 4, 5);
        assertThat(vm.execution().instructionCount()).isEqualTo(pcs.size());
    }

    @Test
    void aProbeMayChangeARegisterBeforeAnInstructionAndRemovingItRestoresNormalRuns() {
        Vm vm = Vm.builder().build();
        vm.setProbe(e -> {
            if (e.pc() == 1) {
                e.setRegister(0, 40);
            }
        });

        assertThat(vm.run(twoPlusThree)).isEqualTo(43);
        vm.setProbe(null);
        assertThat(vm.run(twoPlusThree)).isEqualTo(5);
    }

    @Test
    void aProbedRunStillStopsAtTheInstructionLimit() {
        Program spin = Program.of("spin", new Assembler().mov64(R0, 0).label("top").add64(R0, 1).jump("top").exit().build());
        Vm vm = Vm.builder().instructionLimit(100).build();
        long[] seen = new long[1];
        vm.setProbe(e -> seen[0]++);

        assertThatThrownBy(() -> vm.run(spin)).isInstanceOf(TrapException.class).hasMessageStartingWith("instruction limit of 100 reached");
        assertThat(seen[0]).isEqualTo(100);
    }
}
