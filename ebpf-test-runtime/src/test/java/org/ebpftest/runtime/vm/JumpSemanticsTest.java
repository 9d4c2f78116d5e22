package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;
import static org.ebpftest.runtime.isa.Register.R2;

import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Opcode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Conditional jumps in 64 and 32 bits, signed and unsigned, register and immediate operands. */
class JumpSemanticsTest {

    /** 1 if {@code a op b} jumps (64-bit, register operand), else 0. */
    private static long taken64(JumpOp op, long a, long b) {
        return Vm.builder().build().run(Program.of("j", new Assembler()
                .lddw(R1, a).lddw(R2, b).mov64(R0, 0)
                .jump(op, R1, R2, "yes").exit()
                .label("yes").mov64(R0, 1).exit().build()));
    }

    private static long taken32(JumpOp op, long a, long b) {
        return Vm.builder().build().run(Program.of("j", new Assembler()
                .lddw(R1, a).lddw(R2, b).mov64(R0, 0)
                .jump32(op, R1, R2, "yes").exit()
                .label("yes").mov64(R0, 1).exit().build()));
    }

    private static long takenImm64(JumpOp op, long a, int imm) {
        return Vm.builder().build().run(Program.of("j", new Assembler()
                .lddw(R1, a).mov64(R0, 0)
                .jump(op, R1, imm, "yes").exit()
                .label("yes").mov64(R0, 1).exit().build()));
    }

    @ParameterizedTest(name = "{1} {0} {2}: {3}")
    @CsvSource({
        "JEQ, 5, 5, 1", "JEQ, 5, 6, 0",
        "JNE, 5, 6, 1", "JNE, 5, 5, 0",
        "JGT, -1, 1, 1", "JGT, 1, -1, 0",
        "JGE, 1, 1, 1", "JGE, 0, -1, 0",
        "JLT, 1, -1, 1", "JLT, -1, 1, 0",
        "JLE, -1, -1, 1", "JLE, -1, 0, 0",
        "JSGT, 1, -1, 1", "JSGT, -1, 1, 0",
        "JSGE, -1, -1, 1", "JSGE, -2, -1, 0",
        "JSLT, -1, 1, 1", "JSLT, 1, -1, 0",
        "JSLE, -1, -1, 1", "JSLE, 0, -1, 0",
        "JSET, 6, 2, 1", "JSET, 6, 1, 0",
    })
    void sixtyFourBitComparisons(JumpOp op, long a, long b, long expected) {
        assertThat(taken64(op, a, b)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1} {0} {2} (32-bit): {3}")
    @CsvSource({
        // the high halves differ but only the low 32 bits are compared
        "JEQ, 0x100000005, 0x200000005, 1",
        "JNE, 0x100000005, 0x5, 0",
        "JGT, 0xffffffff, 0x1ffffffff, 0",
        "JGT, 0x1ffffffff, 0x00000001, 1",
        "JGE, 0x80000000, 0x7fffffff, 1",
        "JLT, 0x1, 0x100000000, 0",
        "JLE, 0x100000000, 0x0, 1",
        "JSGT, 0x7fffffff, 0x80000000, 1",
        "JSGE, 0x80000000, 0x80000000, 1",
        "JSLT, 0xffffffff, 0x0, 1",
        "JSLE, 0x1, 0xffffffff, 0",
        "JSET, 0x100000000, 0x100000000, 0",
        "JSET, 0x100000001, 0x1, 1",
    })
    void thirtyTwoBitComparisonsLookOnlyAtTheLowHalves(JumpOp op, String a, String b, long expected) {
        assertThat(taken32(op, Long.decode(a), Long.decode(b))).isEqualTo(expected);
    }

    @Test
    void immediateOperandsAreSignExtendedBeforeAnUnsignedComparison() {
        // imm -1 becomes 0xffffffffffffffff: nothing is greater, unsigned
        assertThat(takenImm64(JumpOp.JGT, Long.MAX_VALUE, -1)).isZero();
        assertThat(takenImm64(JumpOp.JGE, -1L, -1)).isEqualTo(1);
        assertThat(takenImm64(JumpOp.JSLT, -5, -1)).isEqualTo(1);
    }

    @Test
    void gotolJumpsByItsThirtyTwoBitImmediate() {
        Program p = Program.of("gotol", java.util.List.of(
                Instruction.of(Opcode.MOV64_IMM, 0, 0, 0, 1),
                Instruction.of(Opcode.JA32, 0, 0, 0, 1),
                Instruction.of(Opcode.MOV64_IMM, 0, 0, 0, 2),
                Instruction.of(Opcode.EXIT, 0, 0, 0, 0)));

        assertThat(Vm.builder().build().run(p)).isEqualTo(1);
    }

    @Test
    void backwardJumpsLoop() {
        Program p = Program.of("loop", new Assembler()
                .mov64(R0, 0).mov64(R1, 10)
                .label("top").add64(R0, 3).add64(R1, -1)
                .jump(JumpOp.JNE, R1, 0, "top")
                .exit().build());

        Vm vm = Vm.builder().build();
        assertThat(vm.run(p)).isEqualTo(30);
        assertThat(vm.execution().instructionCount()).isEqualTo(2 + 3 * 10 + 1);
    }
}
