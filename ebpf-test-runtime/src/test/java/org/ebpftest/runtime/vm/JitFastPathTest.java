package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;
import static org.ebpftest.runtime.isa.Register.R10;
import static org.ebpftest.runtime.isa.Register.R2;
import static org.ebpftest.runtime.isa.Register.R6;
import static org.ebpftest.runtime.isa.Register.R7;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.vm.jit.ProgramCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compiled code reads and writes {@code r10 + offset} straight in the frame's bytes when the offset
 * lies inside the frame: the values, the frame's contents and, for offsets outside it, the traps
 * are the interpreter's. A callback, which compiled code leaves with r0 alone, leaves its caller's
 * registers as the interpreter does.
 */
class JitFastPathTest {

    @Test
    void stackStoresAndLoadsOfEverySizeThroughR10GiveTheInterpretersValuesAndFrameBytes() {
        // given stores of each size at the frame's bottom, middle and top, read back plain and sign-extended
        Program p = Program.of("stack_sizes", new Assembler()
                .store(Size.DW, R10, -512, -2)              // imm, sign-extended to 64 bits
                .mov64(R1, -3)
                .store(Size.W, R10, -260, R1)
                .store(Size.H, R10, -130, R1)
                .store(Size.B, R10, -1, R1)
                .load(Size.DW, R0, R10, -512)               // -2
                .loadSigned(Size.W, R2, R10, -260).alu64(AluOp.MUL, R0, R2)   // * -3
                .load(Size.H, R2, R10, -130).alu64(AluOp.XOR, R0, R2)         // ^ 0xfffd
                .loadSigned(Size.B, R2, R10, -1).alu64(AluOp.ADD, R0, R2)     // + -3
                .load(Size.B, R2, R10, -1).alu64(AluOp.LSH, R2, 20).alu64(AluOp.ADD, R0, R2) // + 0xfd << 20
                .exit()
                .build());
        Vm interpreted = Vm.builder().jit(JitMode.OFF).build();
        Vm compiled = Vm.builder().jit(JitMode.ON).build();

        // when it runs interpreted and compiled
        long expected = interpreted.run(p);
        long actual = compiled.run(p);

        // then the values and the frame agree, and the bytes sit where the offsets say
        assertThat(actual).isEqualTo(expected).isEqualTo((6L ^ 0xfffd) - 3 + (0xfdL << 20));
        assertThat(compiled.frame(0).bytes()).isEqualTo(interpreted.frame(0).bytes());
        byte[] frame = compiled.frame(0).bytes();
        assertThat(frame[0]).isEqualTo((byte) 0xfe);
        assertThat(frame[7]).isEqualTo((byte) 0xff);
        assertThat(frame[252]).isEqualTo((byte) 0xfd);
        assertThat(frame[382]).isEqualTo((byte) 0xfd);
        assertThat(frame[511]).isEqualTo((byte) 0xfd);
        assertThat(p.jit.codeFor(compiled)).as("compiled code").isNotNull();
    }

    @Test
    void calleeWritesItsOwnFrameThroughR10AndLeavesTheCallersFrameAlone() {
        // given main and its callee both using r10 - 8
        Program p = Program.of("frames", new Assembler()
                .store(Size.DW, R10, -8, 0x11)
                .callLocal("f")
                .load(Size.DW, R1, R10, -8)
                .alu64(AluOp.LSH, R0, 8)
                .alu64(AluOp.OR, R0, R1)
                .exit()
                .label("f")
                .store(Size.DW, R10, -8, 0x22)
                .load(Size.DW, R0, R10, -8)
                .exit()
                .build());

        // when it runs interpreted and compiled
        long interpreted = Vm.builder().jit(JitMode.OFF).build().run(p);
        Vm compiled = Vm.builder().jit(JitMode.ON).build();
        long actual = compiled.run(p);

        // then each function saw its own frame
        assertThat(actual).isEqualTo(interpreted).isEqualTo(0x2211);
        assertThat(compiled.frame(1).bytes()[504]).isEqualTo((byte) 0x22);
    }

    static Stream<Arguments> accessesOutsideTheFrame() {
        return Stream.of(
                access("load straddling the frame's top", a -> a.load(Size.W, R0, R10, -2)),
                access("load below the frame", a -> a.load(Size.B, R0, R10, -513)),
                access("load at r10", a -> a.load(Size.DW, R0, R10, 0)),
                access("store of a register straddling the frame's top", a -> a.mov64(R1, 5).store(Size.DW, R10, -4, R1)),
                access("store of an immediate below the frame", a -> a.store(Size.H, R10, -514, 7)),
                access("store of an immediate at r10", a -> a.store(Size.B, R10, 0, 7)));
    }

    private static Arguments access(String what, UnaryOperator<Assembler> instructions) {
        return Arguments.of(what, instructions);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accessesOutsideTheFrame")
    void stackAccessOutsideTheFrameThroughR10TrapsWithTheInterpretersMessagePcAndCount(String what, UnaryOperator<Assembler> access) {
        // given a program whose second or third instruction reaches outside its frame
        Program p = Program.of("outside", access.apply(new Assembler().mov64(R2, 9)).mov64(R0, 0).exit().build());
        Vm interpreted = Vm.builder().jit(JitMode.OFF).build();
        Vm compiled = Vm.builder().jit(JitMode.ON).build();
        TrapException expected = trap(interpreted, p);

        // when it runs compiled
        TrapException actual = trap(compiled, p);

        // then the trap is the interpreter's, at the same instruction
        assertThat(actual).hasMessage(expected.getMessage()).hasMessageContaining("out-of-bounds").hasMessageContaining("(stack ");
        assertThat(actual.kind()).isEqualTo(TrapException.Kind.MEMORY);
        assertThat(actual.pc()).isEqualTo(expected.pc());
        assertThat(compiled.execution().instructionCount()).isEqualTo(interpreted.execution().instructionCount());
        assertThat(compiled.execution().register(2)).isEqualTo(9);
        assertThat(p.jit.codeFor(compiled)).as("compiled code").isNotNull();
    }

    @Test
    void compiledCallbackReturnsItsR0AndLeavesTheCallersRegistersAsTheInterpreterDoes() {
        // given a helper that calls a callback twice, and a callback that writes r1, r6, r7 and its stack
        Program p = Program.of("callbacks", new Assembler()
                .mov64(R6, 100).mov64(R7, 200)
                .store(Size.DW, R10, -8, 9)
                .functionAddress(R1, "cb")
                .call(1)
                .alu64(AluOp.ADD, R0, R6).alu64(AluOp.ADD, R0, R7)
                .load(Size.DW, R2, R10, -8).alu64(AluOp.ADD, R0, R2)
                .exit()
                .label("cb")
                .mov64(R6, 1).mov64(R7, 2)
                .store(Size.DW, R10, -8, 1000)
                .mov64(R0, R1).alu64(AluOp.MUL, R0, 3)
                .mov64(R1, 55)
                .exit()
                .build());
        Helper twice = (vm, r1, r2, r3, r4, r5) -> vm.callFunction(r1, 7, 0) + vm.callFunction(r1, 10, 0);
        Vm interpreted = Vm.builder().jit(JitMode.OFF).helper(1, twice).build();
        Vm compiled = Vm.builder().jit(JitMode.ON).helper(1, twice).build();

        // when it runs interpreted and compiled
        long expected = interpreted.run(p);
        long actual = compiled.run(p);

        // then the callbacks' r0 came back, and their r6, r7 and frame did not reach the caller
        assertThat(actual).isEqualTo(expected).isEqualTo(21 + 30 + 100 + 200 + 9);
        for (int r = 0; r <= 10; r++) {
            assertThat(compiled.execution().register(r)).as("r" + r).isEqualTo(interpreted.execution().register(r));
        }
        assertThat(compiled.execution().instructionCount()).isEqualTo(interpreted.execution().instructionCount());
        assertThat(p.jit.codeFor(compiled)).as("compiled code").isNotNull();
    }

    @Test
    void theCompilersFrameSizeIsTheVmsFrameSize() {
        assertThat(ProgramCompiler.STACK_SIZE).isEqualTo(Vm.STACK_SIZE);
    }

    @Test
    void aStackFrameTakesNoGuardBecauseCompiledCodeReachesItDirectly() {
        Region frame = Vm.builder().build().frame(0);

        assertThatThrownBy(() -> frame.setGuard((offset, size, store) -> "no"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("stack frame stack takes no guard");
    }

    private static TrapException trap(Vm vm, Program p) {
        try {
            vm.run(p);
        } catch (TrapException t) {
            return t;
        }
        throw new AssertionError("expected a trap from " + p.name());
    }
}
