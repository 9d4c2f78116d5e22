package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;
import static org.ebpftest.runtime.isa.Register.R10;
import static org.ebpftest.runtime.isa.Register.R2;
import static org.ebpftest.runtime.isa.Register.R3;
import static org.ebpftest.runtime.isa.Register.R4;
import static org.ebpftest.runtime.isa.Register.R5;
import static org.ebpftest.runtime.isa.Register.R6;
import static org.ebpftest.runtime.isa.Register.R7;
import static org.ebpftest.runtime.isa.Register.R8;
import static org.ebpftest.runtime.isa.Register.R9;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.helpers.LoopInlining;
import org.ebpftest.runtime.vm.JitMode;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bpf_loop} run interpreted and compiled (where compiled code runs the loop itself and calls
 * the compiled callback directly) gives the same answer, instruction count, memory and traps: the
 * early stop, the error answers, a callback that keeps data on its own stack (zeroed for every
 * call), calls another function and writes the packet, a fault in a callback and the instruction
 * budget running out in one, at every instruction of it.
 *
 * <p>The 64-byte packet is the input and the output: nr_loops at 0 (u64), the flags at 8 (u32,
 * where the program reads them), the index at which the callback answers 1 at 12 (u32), then the
 * callback's order-sensitive mix at 16, the sum of its indexes at 24 and byte i at 32 + i.
 */
class BpfLoopJitTest {
    private static final int NEVER = -1;

    /** The program; {@code constantFlags}: flags a known 0, so the verifier would inline the call. */
    private static Program program(boolean constantFlags) {
        Assembler a = new Assembler()
                .mov64(R6, R1)
                .load(Size.W, R7, R6, 0) // data
                .mov64(R8, 0x1234)
                .mov64(R9, -5)
                .load(Size.DW, R1, R7, 0)
                .functionAddress(R2, "callback")
                .mov64(R3, R7);
        a = constantFlags ? a.mov64(R4, 0) : a.load(Size.W, R4, R7, 8);
        return Program.of(constantFlags ? "loop_inlined" : "loop_called", a
                .call(LoopInlining.BPF_LOOP)
                // what the caller kept across the call shows in the answer
                .add64(R8, R9)
                .alu64(AluOp.XOR, R0, R8)
                .exit()
                .label("callback") // r1 = index, r2 = the packet
                .load(Size.DW, R5, R10, -8) // 0 on every call: the frame is zeroed
                .add64(R5, R1)
                .store(Size.DW, R10, -8, R5)
                .load(Size.DW, R4, R2, 24)
                .add64(R4, R5)
                .store(Size.DW, R2, 24, R4)
                .load(Size.DW, R4, R2, 16)
                .alu64(AluOp.MUL, R4, 3)
                .add64(R4, R1)
                .store(Size.DW, R2, 16, R4)
                .mov64(R5, R2)
                .add64(R5, R1)
                .store(Size.B, R5, 32, R1) // faults once the index passes the packet's end
                .jump(JumpOp.JNE, R1, 2, "no_call")
                .callLocal("seven")
                .load(Size.DW, R4, R2, 16)
                .add64(R4, R0)
                .store(Size.DW, R2, 16, R4)
                .label("no_call")
                .mov64(R0, 0)
                .load(Size.W, R3, R2, 12)
                .jump(JumpOp.JNE, R1, R3, "out")
                .mov64(R0, 1)
                .label("out")
                .exit()
                .label("seven")
                .mov64(R0, 7)
                .exit()
                .build());
    }

    private static byte[] input(long loops, int flags, int stopAt) {
        return ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(0, loops).putInt(8, flags).putInt(12, stopAt).array();
    }

    private static RunResult run(JitMode mode, boolean constantFlags, byte[] packet) {
        return LinuxEmulator.builder().jit(mode).build().run(program(constantFlags), ContextType.XDP, XdpInput.of(packet));
    }

    private static TrapException trap(JitMode mode, long limit, byte[] packet) {
        LinuxEmulator emulator = LinuxEmulator.builder().jit(mode).instructionLimit(limit).build();
        return catchThrowableOfType(() -> emulator.run(program(true), ContextType.XDP, XdpInput.of(packet)), TrapException.class);
    }

    @ParameterizedTest
    @CsvSource({"true, 0, -1", "true, 1, -1", "true, 5, -1", "true, 32, -1", "true, 20, 3", "true, 20, 0", "true, 20, 19",
            "false, 5, -1", "false, 20, 3"})
    void compiledLoopGivesTheInterpretersAnswerCountAndMemory(boolean constantFlags, long loops, int stopAt) {
        // given the program run interpreted and compiled on the same packet
        RunResult interpreted = run(JitMode.OFF, constantFlags, input(loops, 0, stopAt));
        RunResult compiled = run(JitMode.ON, constantFlags, input(loops, 0, stopAt));

        // then the answers, the counts and the packets are equal
        assertThat(compiled.returnValue()).isEqualTo(interpreted.returnValue());
        assertThat(compiled.instructions()).isEqualTo(interpreted.instructions());
        assertThat(compiled.packet()).isEqualTo(interpreted.packet());
        // and they are what bpf_loop does: the calls made, i + 1 where the callback answered 1
        long calls = stopAt >= 0 && stopAt < loops ? stopAt + 1 : loops;
        assertThat(compiled.returnValue()).isEqualTo(calls ^ (0x1234 - 5));
        ByteBuffer out = ByteBuffer.wrap(compiled.packet()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(out.getLong(24)).as("sum of the indexes, each read back from a zeroed frame").isEqualTo(calls * (calls - 1) / 2);
        for (int i = 0; i < 32; i++) {
            assertThat(out.get(32 + i)).as("byte " + i).isEqualTo((byte) (i < calls ? i : 0));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void errorAnswersAreTheInterpretersWhenCompiled(boolean constantFlags) {
        // given too many loops (inlined: -E2BIG as 32 bits; called: as 64) and, where read, flags of 1
        List<byte[]> inputs = new ArrayList<>(List.of(input((1 << 23) + 1, 0, NEVER), input((1L << 32) + 3, 0, NEVER)));
        if (!constantFlags) {
            inputs.add(input(3, 1, NEVER));
        }
        for (byte[] packet : inputs) {
            // when each runs interpreted and compiled
            RunResult interpreted = run(JitMode.OFF, constantFlags, packet);
            RunResult compiled = run(JitMode.ON, constantFlags, packet);

            // then the answers, counts and packets are equal
            assertThat(compiled.returnValue()).isEqualTo(interpreted.returnValue());
            assertThat(compiled.instructions()).isEqualTo(interpreted.instructions());
            assertThat(compiled.packet()).isEqualTo(interpreted.packet());
        }
        long key = 0x1234 - 5;
        assertThat(run(JitMode.ON, constantFlags, inputs.get(0)).returnValue() ^ key).isEqualTo(constantFlags ? 0xfffffff9L : -7);
        if (!constantFlags) {
            assertThat(run(JitMode.ON, false, inputs.get(1)).returnValue() ^ key).as("a count of 32 bits").isEqualTo(3);
            assertThat(run(JitMode.ON, false, inputs.get(2)).returnValue() ^ key).as("-EINVAL").isEqualTo(-22);
        }
    }

    @Test
    void faultInACallbackTrapsWithTheSameMessageCompiled() {
        // given 40 loops: the callback's store of byte 32 + i leaves the 64-byte packet at i = 32
        byte[] packet = input(40, 0, NEVER);

        // when it runs interpreted and compiled
        TrapException interpreted = trap(JitMode.OFF, 100_000, packet);
        TrapException compiled = trap(JitMode.ON, 100_000, packet);

        // then both trap at the store with the same message
        assertThat(interpreted).isNotNull();
        assertThat(interpreted.kind()).isEqualTo(TrapException.Kind.MEMORY);
        assertThat(compiled.getMessage()).isEqualTo(interpreted.getMessage());
        assertThat(compiled.pc()).isEqualTo(interpreted.pc());
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 10, 40, 100, 200})
    void budgetRunningOutAnywhereInACallbackTrapsAsInterpreted(int from) {
        // given 20 loops and instruction limits that end at each instruction of a callback's run
        // (one call is 22 to 29 instructions), from the first call to later ones
        byte[] packet = input(20, 0, NEVER);
        for (long limit = from; limit < from + 30; limit++) {
            // when the program runs out of budget interpreted and compiled
            TrapException interpreted = trap(JitMode.OFF, limit, packet);
            TrapException compiled = trap(JitMode.ON, limit, packet);

            // then the trap is the same instruction-limit trap, at the same pc
            assertThat(interpreted).as("limit " + limit).isNotNull();
            assertThat(interpreted.kind()).isEqualTo(TrapException.Kind.INSTRUCTION_LIMIT);
            assertThat(compiled).as("limit " + limit).isNotNull();
            assertThat(compiled.getMessage()).as("limit " + limit).isEqualTo(interpreted.getMessage());
            assertThat(compiled.pc()).isEqualTo(interpreted.pc());
        }
    }
}
