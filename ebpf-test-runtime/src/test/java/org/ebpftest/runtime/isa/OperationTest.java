package org.ebpftest.runtime.isa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperationTest {

    @Test
    void everyOpcodeHasAnOperation() {
        // Given the opcodes that some operation refines
        Set<Opcode> covered = EnumSet.noneOf(Opcode.class);
        for (Operation op : Operation.values()) {
            covered.add(op.opcode());
        }
        // Then no opcode byte is left without a meaning
        assertThat(covered).containsExactlyInAnyOrder(Opcode.values());
    }

    @Test
    void refiningFieldsSelectTheOperation() {
        assertThat(Operation.of(Instruction.of(Opcode.DIV64_REG, 1, 2, 0, 0))).isEqualTo(Operation.DIV64_REG);
        assertThat(Operation.of(Instruction.of(Opcode.DIV64_REG, 1, 2, 1, 0))).isEqualTo(Operation.SDIV64_REG);
        assertThat(Operation.of(Instruction.of(Opcode.MOD32_IMM, 1, 0, 1, 3))).isEqualTo(Operation.SMOD32_IMM);
        assertThat(Operation.of(Instruction.of(Opcode.MOV64_REG, 1, 2, 16, 0))).isEqualTo(Operation.MOVSX64_16);
        assertThat(Operation.of(Instruction.of(Opcode.END_BE, 1, 0, 0, 32))).isEqualTo(Operation.BE32);
        assertThat(Operation.of(Instruction.of(Opcode.BSWAP, 1, 0, 0, 64))).isEqualTo(Operation.BSWAP64);
        assertThat(Operation.of(Instruction.of(Opcode.ATOMIC_DW, 1, 2, 0, AtomicOp.FETCH_XOR.code()))).isEqualTo(Operation.ATOMIC64_FETCH_XOR);
        assertThat(Operation.of(Instruction.of(Opcode.ATOMIC_B, 1, 2, 0, AtomicOp.STORE_RELEASE.code()))).isEqualTo(Operation.ATOMIC8_STORE_REL);
        assertThat(Operation.of(Instruction.of(Opcode.CALL, 0, CallKind.KFUNC.code(), 0, 7))).isEqualTo(Operation.CALL_KFUNC);
    }

    @Test
    void plainOpcodesIgnoreTheOtherFields() {
        assertThat(Operation.of(Instruction.of(Opcode.ADD64_IMM, 1, 0, 0, 5))).isEqualTo(Operation.ADD64_IMM);
        assertThat(Operation.of(Instruction.of(Opcode.JGT_REG, 1, 2, -3, 0))).isEqualTo(Operation.JGT_REG);
    }

    @Test
    void undefinedRefinementsHaveNoOperation() {
        assertThat(Operation.of(Instruction.of(Opcode.DIV32_IMM, 1, 0, 2, 3))).isNull();
        assertThat(Operation.of(Instruction.of(Opcode.MOV32_REG, 1, 2, 32, 0))).isNull();
        assertThat(Operation.of(Instruction.of(Opcode.END_LE, 1, 0, 0, 24))).isNull();
        assertThat(Operation.of(Instruction.of(Opcode.ATOMIC_H, 1, 2, 0, AtomicOp.ADD.code()))).isNull();
        assertThat(Operation.of(Instruction.of(Opcode.CALL, 0, 3, 0, 1))).isNull();
        assertThat(Operation.of(new Instruction(0xff, 0, 0, 0, 0, 0))).isNull();
    }

    @Test
    void atomicOperationsNameTheirAtomicOp() {
        assertThat(Operation.ATOMIC32_CMPXCHG.atomicOp()).isEqualTo(AtomicOp.CMPXCHG);
        assertThat(Operation.ADD64_REG.atomicOp()).isNull();
    }

    @Test
    void opcodesAreComposedFromTheirFields() {
        assertThat(Opcode.of(InstructionClass.ALU64, AluOp.ARSH, Source.X)).isEqualTo(Opcode.ARSH64_REG);
        assertThat(Opcode.of(InstructionClass.JMP32, JumpOp.JSLE, Source.K)).isEqualTo(Opcode.JSLE32_IMM);
        assertThat(Opcode.of(InstructionClass.LDX, Mode.MEMSX, Size.H)).isEqualTo(Opcode.LDXSH);
        assertThat(Opcode.LDXSH.code()).isEqualTo(0x89);
        assertThat(Opcode.of(InstructionClass.ALU, AluOp.NEG, Source.X)).isNull();
    }
}
