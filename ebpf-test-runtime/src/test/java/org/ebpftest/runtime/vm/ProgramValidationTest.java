package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.ebpftest.runtime.InvalidProgramException;
import org.ebpftest.runtime.isa.AtomicOp;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.Opcode;
import org.junit.jupiter.api.Test;

/** Structural checks at load time, as the kernel's verifier makes them before anything else. */
class ProgramValidationTest {
    private static final Instruction EXIT = Instruction.of(Opcode.EXIT, 0, 0, 0, 0);

    private static void refused(String message, Instruction... insns) {
        assertThatThrownBy(() -> Program.of("bad", List.of(insns)))
                .isInstanceOf(InvalidProgramException.class)
                .hasMessage(message);
    }

    @Test
    void deferredChecksLoadAFramePointerWriteInDeadCodeAndTrapWhereARunReachesIt() {
        // given r1 = input, a jump over the write when r1 is 0, r10 = 1, r0 = 7
        Program p = Program.builder("dead", List.of(
                Instruction.of(Opcode.JEQ_IMM, 1, 0, 1, 0),
                Instruction.of(Opcode.MOV64_IMM, 10, 0, 0, 1),
                Instruction.of(Opcode.MOV64_IMM, 0, 0, 0, 7),
                EXIT)).deferReachableChecks().build();
        Vm vm = Vm.builder().build();

        // when the run jumps over it, the program runs as the kernel would run it
        assertThat(vm.run(p, 0)).isEqualTo(7);

        // and when it reaches it, it traps there with the verifier's reason
        TrapException trap = catchThrowableOfType(() -> vm.run(p, 1), TrapException.class);
        assertThat(trap.kind()).isEqualTo(TrapException.Kind.INVALID);
        assertThat(trap.pc()).isEqualTo(1);
        assertThat(trap.detail()).isEqualTo("the verifier refuses this instruction where a run reaches it: r10 (the frame pointer) is read-only");
        assertThat(p.refusalAt(0)).isNull();
    }

    @Test
    void deferredChecksStillRefuseWhatTheKernelRefusesEverywhere() {
        assertThatThrownBy(() -> Program.builder("bad", List.of(new Instruction(0x8e, 0, 0, 0, 0, 0), EXIT)).deferReachableChecks().build())
                .isInstanceOf(InvalidProgramException.class)
                .hasMessage("unknown opcode 0x8e at pc 0 (<unknown>) in bad");
        assertThatThrownBy(() -> Program.builder("bad", List.of(Instruction.of(Opcode.JA, 0, 0, 4, 0), EXIT)).deferReachableChecks().build())
                .isInstanceOf(InvalidProgramException.class)
                .hasMessageStartingWith("jump target 5 is outside the program");
    }

    @Test
    void unknownOpcode() {
        refused("unknown opcode 0x8e at pc 0 (<unknown>) in bad", new Instruction(0x8e, 0, 0, 0, 0, 0), EXIT);
    }

    @Test
    void registerThatDoesNotExist() {
        refused("register r11 does not exist at pc 0 (r11 = 0x1) in bad", Instruction.of(Opcode.MOV64_IMM, 11, 0, 0, 1), EXIT);
    }

    @Test
    void writeToTheFramePointer() {
        refused("r10 (the frame pointer) is read-only at pc 0 (r10 = 0x1) in bad", Instruction.of(Opcode.MOV64_IMM, 10, 0, 0, 1), EXIT);
    }

    @Test
    void jumpOutsideTheProgram() {
        refused("jump target 5 is outside the program (0 to 1) at pc 0 (goto +0x4) in bad", Instruction.of(Opcode.JA, 0, 0, 4, 0), EXIT);
    }

    @Test
    void jumpIntoTheMiddleOfALddw() {
        refused("jump target 2 is the second half of a lddw at pc 0 (goto +0x1) in bad",
                Instruction.of(Opcode.JA, 0, 0, 1, 0), Instruction.lddw(1, 0, 5), EXIT);
    }

    @Test
    void programThatFallsOffTheEnd() {
        refused("program bad does not end with exit or an unconditional jump: last instruction is r0 = 0x0",
                Instruction.of(Opcode.MOV64_IMM, 0, 0, 0, 0));
    }

    @Test
    void byteSwapOfAnOddWidth() {
        refused("byte swap width must be 16, 32 or 64, was 24 at pc 0 (r1 = be24 r1) in bad", Instruction.of(Opcode.END_BE, 1, 0, 0, 24), EXIT);
    }

    @Test
    void divisionWithAnOffsetOtherThanZeroOrOne() {
        refused("offset of a division must be 0 (unsigned) or 1 (signed), was 2 at pc 0 (r1 /= r2) in bad", Instruction.of(Opcode.DIV64_REG, 1, 2, 2, 0), EXIT);
    }

    @Test
    void byteSizedFetchAdd() {
        refused("8- and 16-bit atomics exist only as load-acquire and store-release at pc 0 (lock *(u8 *)(r1 + 0x0) += w2) in bad",
                Instruction.of(Opcode.ATOMIC_B, 1, 2, 0, AtomicOp.ADD.code()), EXIT);
    }

    @Test
    void unknownAtomicOperation() {
        refused("unknown atomic operation 0x7 at pc 0 (<unknown>) in bad", Instruction.of(Opcode.ATOMIC_DW, 1, 2, 0, 7), EXIT);
    }

    @Test
    void unresolvedMapReference() {
        refused("unresolved MAP_FD reference; load the program through the ELF loader or the Linux emulator at pc 0 (ld_pseudo\tr1, 0x1, 0x3) in bad",
                Instruction.lddw(1, 1, 3), EXIT);
    }

    @Test
    void emptyProgram() {
        assertThatThrownBy(() -> Program.of("empty", List.of())).hasMessage("program empty has no instructions");
    }

    @Test
    void callWithAnUnknownSource() {
        refused("call with unknown source 3 (0 helper, 1 local function, 2 kernel function) at pc 0 (call 0x1) in bad",
                Instruction.of(Opcode.CALL, 0, 3, 0, 1), EXIT);
    }
}
